package dev.errorkb.gaps;

import dev.errorkb.signature.Normalizer;

/**
 * {@link Normalizer#mask} of a folded log line, the same string, computed chunk by chunk with a
 * memo: {@code gaps} masks every error-looking line of a GB log, and the normaliser's eleven
 * regexes over a whole line cost ~100 µs, while the words of a log repeat.
 *
 * <p>Why it is the same: the line is cut only at spaces that no masking rule's match can cross.
 * Only three rules can match across a space — quoted values (the line then has a quote character
 * and is masked whole), a date followed by its time or a time by its zone, and a number followed
 * by its unit ({@code 5 seconds}) — and each of those needs a digit just before the space, so a
 * space after a digit is never a cut when the next chunk could continue the match. Every
 * look-around of the rules treats a space as it treats the end of the text, and placeholders
 * inserted by earlier rules only remove digits, so rule by rule the whole line masks to the chunks
 * masked and joined. A chunk's digits are replaced by zeros for the memo key (every rule treats
 * all digits alike); when the masked result still holds a digit (as in {@code sha256}), the chunk
 * is masked as it is. {@code ChunkMaskTest} compares both entry points with the normaliser on the
 * shared vectors, on Loghub and on random lines.
 */
final class ChunkMask {

  private static final int MAX_MEMO = 1 << 16;

  String mask(String folded) {
    if (hasQuote(folded)) {
      return Normalizer.mask(folded);
    }
    StringBuilder out = new StringBuilder(folded.length());
    int start = 0;
    int n = folded.length();
    for (int i = 0; i <= n; i++) {
      if (i < n && (folded.charAt(i) != ' ' || !cut(folded, i))) {
        continue;
      }
      if (start > 0) {
        out.append(' ');
      }
      out.append(chunk(folded.substring(start, i)));
      start = i + 1;
    }
    return out.toString();
  }

  private static final String[] NONE = new String[0];
  private final StringBuilder key = new StringBuilder(64);
  private final java.util.ArrayList<String> tokens = new java.util.ArrayList<>(32);

  /**
   * The tokens of {@code Normalizer.mask(Normalizer.fold(raw))} split at spaces. A plain ASCII line
   * (most log lines) is folded on the fly, chunk by chunk, without building the folded line.
   */
  String[] maskedTokens(String raw) {
    int n = raw.length();
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c >= 0x80 || c == 0x1b || c == '"' || c == '\'' || c == '`') {
        String m = mask(Normalizer.fold(raw));
        return m.isEmpty() ? NONE : m.split(" ");
      }
    }
    tokens.clear();
    int i = 0;
    while (i < n && isSpace(raw.charAt(i))) {
      i++;
    }
    while (i < n) {
      // One chunk: tokens joined while the gap between them is no cut (docs of #cut).
      int start = i;
      int end;
      while (true) {
        while (i < n && !isSpace(raw.charAt(i))) {
          i++;
        }
        end = i;
        while (i < n && isSpace(raw.charAt(i))) {
          i++;
        }
        if (i >= n || !joins(raw.charAt(end - 1), raw.charAt(i))) {
          break;
        }
      }
      String masked = chunk(raw, start, end);
      if (masked.indexOf(' ') < 0) {
        tokens.add(masked);
      } else {
        for (String t : masked.split(" ")) {
          tokens.add(t);
        }
      }
    }
    return tokens.toArray(NONE);
  }

  private static boolean isSpace(char c) {
    return c <= 0x20 || c == 0x7f;
  }

  /** The negation of {@link #cut} for the characters either side of a gap (ASCII, before folding). */
  private static boolean joins(char before, char after) {
    if (before < '0' || before > '9') {
      return false;
    }
    char a = after >= 'A' && after <= 'Z' ? (char) (after + 32) : after;
    return (a >= '0' && a <= '9') || "zugj+-mshd".indexOf(a) >= 0;
  }

  /** The masked chunk {@code raw[start, end)} of a plain ASCII line, folded here (lower case, one space per gap). */
  private String chunk(String raw, int start, int end) {
    char[] k = keyChars(end - start);
    int len = 0;
    long h = SEED;
    boolean space = false;
    boolean digits = false;
    for (int i = start; i < end; i++) {
      char c = raw.charAt(i);
      if (isSpace(c)) {
        space = true;
        continue;
      }
      if (space) {
        k[len++] = ' ';
        h = (h ^ ' ') * PRIME;
        space = false;
      }
      if (c >= '1' && c <= '9') {
        digits = true;
        c = '0';
      } else if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      k[len++] = c;
      h = (h ^ c) * PRIME;
    }
    String hit = memo(k, len, h);
    if (!hit.isEmpty()) {
      return hit;
    }
    return Normalizer.mask(digits ? Normalizer.fold(raw.substring(start, end)) : new String(k, 0, len));
  }

  // The memo: open addressing by a hash of the key's characters, the key kept to confirm a hit. A
  // HashMap<String, String> needed a string of the key, its hash code and a node per look-up, on
  // every chunk of every clustered line.
  private static final long SEED = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;
  private static final int SLOTS = MAX_MEMO * 2;
  private final long[] memoHash = new long[SLOTS];
  private final String[] memoKey = new String[SLOTS];
  private final String[] memoValue = new String[SLOTS];
  private int memoSize;
  private char[] keyBuf = new char[64];

  private char[] keyChars(int n) {
    if (keyBuf.length < n) {
      keyBuf = new char[Math.max(n, keyBuf.length * 2)];
    }
    return keyBuf;
  }

  /**
   * The masked key {@code k[0, len)} (digits zeroed) whose hash is {@code h}, or "" when the mask
   * keeps a digit of the chunk's own (sha256): then the memo cannot serve it.
   */
  private String memo(char[] k, int len, long h) {
    int i = slot(h);
    String key;
    while ((key = memoKey[i]) != null) {
      if (memoHash[i] == h && same(key, k, len)) {
        return memoValue[i];
      }
      i = (i + 1) & (SLOTS - 1);
    }
    String ks = new String(k, 0, len);
    String masked = Normalizer.mask(ks);
    String value = hasDigit(masked) ? "" : masked;
    if (memoSize >= MAX_MEMO) {
      java.util.Arrays.fill(memoKey, null);
      java.util.Arrays.fill(memoValue, null);
      memoSize = 0;
      i = slot(h);
    }
    memoHash[i] = h;
    memoKey[i] = ks;
    memoValue[i] = value;
    memoSize++;
    return value;
  }

  private static int slot(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (int) h & (SLOTS - 1);
  }

  private static boolean same(String key, char[] k, int len) {
    if (key.length() != len) {
      return false;
    }
    for (int j = 0; j < len; j++) {
      if (key.charAt(j) != k[j]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the text may be cut at the space at {@code i}: no rule can match across it. */
  static boolean cut(String s, int i) {
    if (i == 0 || i + 1 >= s.length()) {
      return true;
    }
    char before = s.charAt(i - 1);
    if (before < '0' || before > '9') {
      return true;
    }
    char after = s.charAt(i + 1);
    // date→time, time→zone (z utc gmt jst +hh -hh), number→unit (ms s m h d, the Japanese units)
    return !((after >= '0' && after <= '9') || "zugj+-mshd".indexOf(after) >= 0 || "ミ秒分時日".indexOf(after) >= 0);
  }

  private static boolean hasQuote(String s) {
    for (int i = 0; i < s.length(); i++) {
      switch (s.charAt(i)) {
        case '"', '\'', '`', '“', '‘', '「', '『' -> {
          return true;
        }
        default -> { }
      }
    }
    return false;
  }

  private String chunk(String c) {
    String key = zeroDigits(c);
    int len = key.length();
    char[] k = keyChars(len);
    key.getChars(0, len, k, 0);
    long h = SEED;
    for (int j = 0; j < len; j++) {
      h = (h ^ k[j]) * PRIME;
    }
    String hit = memo(k, len, h);
    return hit.isEmpty() && !c.isEmpty() ? Normalizer.mask(c) : hit;
  }

  private static String zeroDigits(String c) {
    char[] a = null;
    for (int i = 0; i < c.length(); i++) {
      char ch = c.charAt(i);
      if (ch > '0' && ch <= '9') {
        if (a == null) {
          a = c.toCharArray();
        }
        a[i] = '0';
      }
    }
    return a == null ? c : new String(a);
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= '0' && ch <= '9') {
        return true;
      }
    }
    return false;
  }
}
