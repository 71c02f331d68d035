package dev.errorkb.signature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a UTF-8 log read as bytes: a line is {@code bytes()[start(), end())} of a large
 * input buffer, and becomes a {@code String} only when asked ({@link #text}). Why: decoding every
 * line to a {@code String} and copying it back into a char array cost {@code scan} more than its
 * token hashing; most lines are plain ASCII and need only their token hashes.
 *
 * <p>The lines are exactly those of {@code BufferedReader.readLine} over an {@code InputStreamReader}
 * whose UTF-8 decoder replaces bad input: a line ends at LF, CR or CRLF (which are never part of a
 * UTF-8 sequence, so a line decoded alone gives the characters the stream decoder gives), and a last
 * line without a line break counts. A line of more than {@code maxLineChars} characters keeps its
 * first {@code maxLineChars}, as scan's bounded reader kept them (issue 12), and is counted as cut;
 * such a line, and one longer than the buffer, is decoded as it is read ({@link #decoded}).
 */
public final class LogLines {
  /** Bytes read at a time; a longer line is gathered aside. */
  static final int BUFFER = 1 << 18;

  private final InputStream in;
  private final int maxLineChars;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final byte[] buf;
  private int pos; // start of the next line
  private int limit; // bytes in buf
  private boolean eof;
  private boolean skipLf; // the last line ended with CR: a LF right after it belongs to it
  private int start;
  private int end;
  private String text; // the line decoded, when it was (or asked for)
  private boolean decodedWhileRead;
  private long lineNo;
  private final long[][] hashes = {new long[64]};
  private int tokenCount = -1; // the current line's hashes in hashes[0], or -1
  private long cut;
  private long firstCut;

  /** @param maxLineChars characters kept of a line ({@code Integer.MAX_VALUE}: all) */
  public LogLines(InputStream in, int maxLineChars) {
    this(in, maxLineChars, BUFFER);
  }

  LogLines(InputStream in, int maxLineChars, int bufferSize) {
    if (maxLineChars < 1 || bufferSize < 16) {
      throw new IllegalArgumentException("maxLineChars and bufferSize must be positive");
    }
    this.in = in;
    this.maxLineChars = maxLineChars;
    this.buf = new byte[bufferSize];
  }

  /** Moves to the next line; false at the end of the input. */
  public boolean next() throws IOException {
    text = null;
    decodedWhileRead = false;
    tokenCount = -1;
    if (skipLf) {
      if (pos == limit && !fill()) {
        return false;
      }
      skipLf = false;
      if (buf[pos] == '\n') {
        pos++;
      }
    }
    int i = pos;
    while (true) {
      byte[] b = buf;
      int lim = limit;
      while (i < lim) {
        byte c = b[i];
        if (c == '\n' || c == '\r') {
          return lineAt(i, c);
        }
        i++;
      }
      if (lim - pos == b.length) {
        return longLine(); // the buffer holds nothing but this line's start
      }
      int scanned = i - pos;
      if (!fill()) {
        if (limit == pos) {
          return false; // nothing after the last line break
        }
        return lineAt(limit, (byte) 0);
      }
      i = pos + scanned;
    }
  }

  /**
   * Per byte (as an unsigned value), for token hashing: its lower-cased self for a word character
   * ([a-z0-9_] after folding), 0 for another ASCII character, -1 for ESC or a non-ASCII byte (the
   * line is hashed by the folding path), -2 for CR and LF (the line ends).
   */
  static final int[] TOKEN_CLASS = new int[256];

  static {
    for (int c = 0; c < 256; c++) {
      int f = c >= 'A' && c <= 'Z' ? c + 32 : c;
      boolean word = (f >= 'a' && f <= 'z') || (f >= '0' && f <= '9') || f == '_';
      TOKEN_CLASS[c] = c >= 0x80 || c == 0x1b ? -1 : c == '\n' || c == '\r' ? -2 : word ? f : 0;
    }
  }

  /**
   * {@link #next}, hashing the line's tokens while looking for its end: one pass over the bytes of
   * an ASCII line instead of two. The hashes are those of {@code LogScanner}'s ASCII path (FNV-1a
   * of each lower-cased [a-z0-9_] run), held until the next line ({@link #hashes}). Returns their
   * number; -1 when the line is to be read as text (a byte that is not ASCII, ESC, or a line
   * decoded while read), -2 at the end of the input. A line that runs past the buffered bytes, or
   * follows a CR that ended the buffer, is read by {@link #next} and hashed after.
   */
  public int nextTokens() throws IOException {
    tokenCount = nextTokens(hashes);
    return tokenCount;
  }

  private int nextTokens(long[][] hashes) throws IOException {
    if (!skipLf) {
      byte[] b = buf;
      int lim = limit;
      int[] cls = TOKEN_CLASS;
      long[] out = hashes[0];
      int count = 0;
      long h = TokenTable.SEED;
      boolean inWord = false;
      for (int i = pos; i < lim; i++) {
        int w = cls[b[i] & 0xff];
        if (w > 0) {
          h = TokenTable.step(h, (char) w);
          inWord = true;
          continue;
        }
        if (w == -1) {
          break; // not ASCII: the text path
        }
        if (inWord) {
          if (count == out.length) {
            out = java.util.Arrays.copyOf(out, count * 2);
            hashes[0] = out;
          }
          out[count++] = h;
          h = TokenTable.SEED;
          inWord = false;
        }
        if (w == -2) {
          text = null;
          decodedWhileRead = false;
          lineAt(i, b[i]);
          return decodedWhileRead ? -1 : count;
        }
      }
    }
    if (!next()) {
      return -2;
    }
    return decodedWhileRead ? -1 : LogScanner.asciiTokenHashes(buf, start, end, hashes);
  }

  /** The holder of the current line's token hashes ({@link #nextTokens}), shared with the scanner. */
  long[][] hashes() {
    return hashes;
  }

  /**
   * Whether one of the current line's tokens is one of {@code set}'s: the line was read by
   * {@link #nextTokens} as ASCII (else false). A hash collision can give true, never a false false.
   */
  public boolean hasToken(TokenSet set) {
    long[] h = hashes[0];
    for (int i = 0; i < tokenCount; i++) {
      if (set.contains(h[i])) {
        return true;
      }
    }
    return false;
  }

  /** The line is {@code buf[pos, at)}, ended by {@code c} (0: the end of the input). */
  private boolean lineAt(int at, byte c) {
    lineNo++;
    start = pos;
    end = at;
    pos = c == 0 ? at : at + 1;
    if (c == '\r') {
      afterCr();
    }
    if (end - start > maxLineChars) {
      // Possibly more characters than kept (a line never has more characters than bytes).
      keep(decode(buf, start, end - start));
      decodedWhileRead = true;
    }
    return true;
  }

  /** A CR ended the line: a LF right after it is part of the line break. */
  private void afterCr() {
    if (pos < limit) {
      if (buf[pos] == '\n') {
        pos++;
      }
    } else {
      skipLf = true;
    }
  }

  /** Moves the unread bytes to the front and reads more (there is room); false at the end of the input. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    while (true) {
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
        return false;
      }
      if (n > 0) {
        limit += n;
        return true;
      }
    }
  }

  /**
   * A line longer than the buffer: its bytes gathered aside and decoded at its end. For a bounded
   * line, only as many bytes as can give the characters kept and one more: a character takes at
   * most three bytes (four for two chars), and only the last few bytes kept can decode otherwise
   * than in the whole line.
   */
  private boolean longLine() throws IOException {
    long keepBytes = maxLineChars == Integer.MAX_VALUE
        ? Integer.MAX_VALUE - 64 : Math.min(Integer.MAX_VALUE - 64, 3L * maxLineChars + 64);
    byte[] acc = new byte[(int) Math.min(keepBytes, buf.length * 2L)];
    int accLen = 0;
    int n = limit;
    byte brk = 0;
    while (true) {
      int take = (int) Math.min(n, keepBytes - accLen);
      if (accLen + take > acc.length) {
        acc = Arrays.copyOf(acc, (int) Math.min(keepBytes, Math.max(accLen + take, acc.length * 2L)));
      }
      System.arraycopy(buf, 0, acc, accLen, take);
      accLen += take;
      if (brk != 0) {
        break;
      }
      pos = limit = 0;
      if (!fill()) {
        break; // the input ends with this line
      }
      n = limit;
      for (int i = 0; i < limit; i++) {
        byte c = buf[i];
        if (c == '\n' || c == '\r') {
          n = i;
          brk = c;
          pos = i + 1;
          break;
        }
      }
    }
    lineNo++;
    if (brk == '\r') {
      afterCr();
    }
    start = end = 0;
    keep(decode(acc, 0, accLen));
    decodedWhileRead = true;
    return true;
  }

  /** Keeps the line's first {@code maxLineChars} characters, counting it as cut when it had more. */
  private void keep(String s) {
    if (s.length() > maxLineChars) {
      s = s.substring(0, maxLineChars);
      cut++;
      if (cut == 1) {
        firstCut = lineNo;
      }
    }
    text = s;
  }

  private String decode(byte[] b, int off, int len) {
    try {
      decoder.reset();
      return decoder.decode(ByteBuffer.wrap(b, off, len)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder threw", e); // it replaces bad input
    }
  }

  /** The 1-based number of the current line. */
  public long lineNo() {
    return lineNo;
  }

  /** The buffer holding the current line's bytes (when it was not {@link #decoded}). */
  public byte[] bytes() {
    return buf;
  }

  public int start() {
    return start;
  }

  public int end() {
    return end;
  }

  /**
   * True when the current line was decoded while it was read (longer than the characters kept,
   * or than the buffer): its text is {@link #text}, its bytes are not kept.
   */
  public boolean decoded() {
    return decodedWhileRead;
  }

  /** The current line as text (decoded once, then kept until the next line). */
  public String text() {
    String t = text;
    if (t == null) {
      t = tokenCount >= 0 || isAscii(buf, start, end) ? ascii(buf, start, end) : decode(buf, start, end - start);
      text = t;
    }
    return t;
  }

  /** Lines cut to the characters kept. */
  public long cutLines() {
    return cut;
  }

  /** The number of the first line cut (0: none). */
  public long firstCutLine() {
    return firstCut;
  }

  /** Whether {@code b[from, to)} is all ASCII. */
  public static boolean isAscii(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * ASCII bytes as a string: ISO-8859-1 maps each byte to the character of the same value, which
   * for ASCII is what UTF-8 decoding gives, and it is the JDK's cheapest decoding (a copy).
   */
  static String ascii(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
  }
}
