package dev.errorkb.gaps;

import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.signature.LogLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Hears the lines {@code ErrorIndex.scan} reads and keeps the last ones so that each can be
 * settled — known (inside a hit) or not — once no hit can still cover it. A multi-line signature's
 * hit arrives when its window ends, at most {@link #DELAY} lines after its first line, so a line
 * is settled that many lines later; the scanner itself stays untouched. Whether a line is to be
 * clustered (error-looking, or every line with {@code all}) is decided as it is read: only those
 * lines are kept as text, and a line read as ASCII bytes is tested on its bytes, never made a string
 * unless it is kept.
 *
 * <p>As a reader (the reader {@code scan(Reader)} is handed) it reads lines from {@code in}; as a
 * {@link ErrorIndex.LineObserver} it hears the lines of a scan of bytes.
 */
final class LineTap extends BufferedReader implements ErrorIndex.LineObserver {

  /** Settles one line: {@code text} is null for a line not to be clustered. */
  interface Sink {
    void line(long lineNo, String text, boolean known);
  }

  /** The scanner's longest window of lines is 256. */
  static final int DELAY = 257;

  private final BufferedReader in;
  private final boolean all;
  private final Sink sink;
  private final String[] ring = new String[512];
  private final boolean[] known = new boolean[512];
  private char[] chars = new char[256];
  private long lineNo; // last line read
  private long settled; // last line settled

  /** A tap reading {@code in} (null: lines come through {@link #line}). */
  LineTap(Reader in, boolean all, Sink sink) {
    super(in != null ? in : Reader.nullReader(), 1);
    this.in = in == null ? null : in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
    this.all = all;
    this.sink = sink;
  }

  @Override
  public String readLine() throws IOException {
    String line = in.readLine();
    if (line == null) {
      return null;
    }
    read(all || ErrorLike.test(line, chars(line.length() + 1)) ? line : null);
    return line;
  }

  @Override
  public void line(LogLines line, boolean ascii) {
    boolean keep = all || (ascii
        ? ErrorLike.mayBe(line) && ErrorLike.testAscii(line.bytes(), line.start(), line.end(), chars(line.end() - line.start() + 1))
        : ErrorLike.test(line.text(), chars(line.text().length() + 1)));
    read(keep ? line.text() : null);
  }

  /** The next line read: its text when it is to be clustered, else null. */
  private void read(String kept) {
    lineNo++;
    int slot = (int) (lineNo & (ring.length - 1));
    ring[slot] = kept;
    known[slot] = false;
    settleUpTo(lineNo - DELAY);
  }

  /** A buffer of at least {@code n} characters for the line being tested. */
  private char[] chars(int n) {
    if (chars.length < n) {
      chars = new char[Math.max(n, chars.length * 2)];
    }
    return chars;
  }

  /** The last line read, which a hit arriving now is about. */
  long lineNo() {
    return lineNo;
  }

  /** Marks lines {@code from} to the last one read as known (from is clamped to what is kept). */
  void markKnown(long from) {
    for (long l = Math.max(from, settled + 1); l <= lineNo; l++) {
      known[(int) (l & (ring.length - 1))] = true;
    }
  }

  /** Settles the remaining lines, after the scan (whose last windows report after the last read). */
  void finish() {
    settleUpTo(lineNo);
  }

  private void settleUpTo(long last) {
    while (settled < last) {
      settled++;
      int slot = (int) (settled & (ring.length - 1));
      String text = ring[slot];
      ring[slot] = null;
      sink.line(settled, text, known[slot]);
    }
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
    }
  }
}
