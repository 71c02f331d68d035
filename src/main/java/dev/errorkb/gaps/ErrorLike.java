package dev.errorkb.gaps;

import dev.errorkb.signature.LogLines;
import dev.errorkb.signature.TokenSet;
import java.util.Set;

/**
 * Whether a raw log line looks like an error or a warning, the lines {@code gaps} clusters by
 * default: level words (ERROR, FATAL, WARN, and the one-letter E/F/W of Android and glog),
 * exceptions and tracebacks, failed/fatal/denied/refused, non-zero exit statuses, and their
 * Japanese forms. It runs on every line of a GB log, so it is one pass over the characters that
 * looks words up by a key made when each ends (length, first and last two characters) and creates
 * a string only for a word whose key is one of the words'.
 */
final class ErrorLike {
  private ErrorLike() {}

  static final Set<String> WORDS = Set.of(
      "error", "errors", "err", "fatal", "warn", "warning", "warnings", "critical", "crit", "severe", "panic",
      "emerg", "alert", "failed", "failure", "failures", "fail", "fails", "failing", "denied", "refused",
      "traceback", "exception", "exceptions", "abort", "aborted", "aborting", "segfault", "unreachable",
      "invalid", "cannot", "timeout", "nonzero");

  private static final String[] CJK = {
    "エラー", "失敗", "拒否", "例外", "異常", "警告", "致命的", "できません", "タイムアウト", "見つかりません"
  };

  /** What a word is, by {@link #key}: a level or failure word, or one of the words of an exit status. */
  private static final byte NONE = 0;
  private static final byte WORD = 1;
  private static final byte EXIT = 2;
  private static final byte NON = 3;

  // Open addressing over word keys (0 = empty). A key is the word's length and its first two and
  // last two characters, lower-cased: computed once a word ends, so the loop over the characters
  // does no arithmetic per character, and confirmed against the word itself when it matches.
  private static final long[] KEYS = new long[256];
  private static final byte[] KINDS = new byte[256];

  static {
    for (String w : WORDS) {
      put(w, WORD);
    }
    put("exit", EXIT);
    put("exited", EXIT);
    put("non", NON);
  }

  private static void put(String w, byte kind) {
    long k = key(w.toCharArray(), 0, w.length());
    int i = slot(k);
    while (KEYS[i] != 0 && KEYS[i] != k) {
      i = (i + 1) & (KEYS.length - 1);
    }
    if (KINDS[i] != NONE && KINDS[i] != kind) {
      throw new IllegalStateException("two kinds of word share a key: " + w);
    }
    KEYS[i] = k;
    KINDS[i] = kind;
  }

  /** The key of the word {@code cs[start, end)} (at least one character; ASCII word characters). */
  static long key(char[] cs, int start, int end) {
    int len = end - start;
    return len | (long) lower(cs[start]) << 8 | (long) lower(cs[start + Math.min(1, len - 1)]) << 16
        | (long) lower(cs[end - 2 < start ? start : end - 2]) << 24 | (long) lower(cs[end - 1]) << 32;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  private static int slot(long k) {
    return (int) ((k * 0x9e3779b97f4a7c15L) >>> 56);
  }

  /** The kind of the word {@code cs[start, end)}, confirmed on the word. */
  private static byte kind(char[] cs, int start, int end) {
    long k = key(cs, start, end);
    int i = slot(k);
    while (KEYS[i] != 0) {
      if (KEYS[i] == k) {
        byte kind = KINDS[i];
        String w = new String(cs, start, end - start).toLowerCase(java.util.Locale.ROOT);
        return switch (kind) {
          case WORD -> WORDS.contains(w) ? WORD : NONE;
          case EXIT -> w.equals("exit") || w.equals("exited") ? EXIT : NONE;
          default -> w.equals("non") ? NON : NONE;
        };
      }
      i = (i + 1) & (KEYS.length - 1);
    }
    return NONE;
  }

  /** Per ASCII character: 1 an upper-case letter, 2 another word character ([a-z0-9_]), 0 a separator. */
  private static final byte[] CLASS = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      CLASS[c] = (byte) (c >= 'A' && c <= 'Z' ? 1 : (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? 2 : 0);
    }
  }

  static boolean test(String line) {
    return test(line, new char[line.length() + 1]);
  }

  /**
   * The same with a buffer of at least {@code line.length() + 1} characters for the line's copy:
   * a loop over a char array with a class table runs at about twice the speed of {@code charAt}
   * and range tests, and this runs on every line of a log.
   */
  static boolean test(String line, char[] cs) {
    int n = line.length();
    line.getChars(0, n, cs, 0);
    return test(cs, n);
  }

  /**
   * The same for a line of ASCII bytes {@code b[from, to)} (each byte is its character), with a
   * buffer of at least {@code to - from + 1} characters: {@code gaps} tests lines read as bytes
   * without making them strings.
   */
  static boolean testAscii(byte[] b, int from, int to, char[] cs) {
    int n = to - from;
    for (int i = 0; i < n; i++) {
      cs[i] = (char) b[from + i];
    }
    return test(cs, n);
  }

  /**
   * The tokens without one of which an ASCII line is never error-looking, but for the three
   * shapes below ({@link #mayBe}): the words, the words of an exit status, and the one-letter levels.
   */
  private static final TokenSet TOKENS = TokenSet.of(java.util.stream.Stream.concat(WORDS.stream(),
      java.util.stream.Stream.of("exit", "exited", "non", "e", "f", "w")).toList());

  /**
   * False only when {@link #test} is false for the current line, read by the scan as ASCII: a
   * test of its token hashes (every word the test looks for is a token of the scan's) and of its
   * bytes for what is not a whole word — a glog level at the start, and words that end in
   * "error" or "exception" (by a pair of letters they hold). Most lines of a log hold none, and
   * are never copied or tested.
   */
  static boolean mayBe(LogLines line) {
    if (line.hasToken(TOKENS)) {
      return true;
    }
    byte[] b = line.bytes();
    int from = line.start();
    int to = line.end();
    if (to > from && (b[from] == 'E' || b[from] == 'F')) {
      return true; // E0512 12:00:00.000000 …
    }
    // A word ending in "error" holds "rr", one ending in "exception" holds "xc": every other
    // byte tells whether either pair may be there (one of a pair's two bytes is looked at).
    for (int i = from + 1; i < to; i += 2) {
      int c = b[i] | 0x20; // lower-case for letters; no other byte becomes 'r', 'x' or 'c'
      if (c == 'r') {
        if ((b[i - 1] | 0x20) == 'r' || (i + 1 < to && (b[i + 1] | 0x20) == 'r')) {
          return true;
        }
      } else if (c == 'x') {
        if (i + 1 < to && (b[i + 1] | 0x20) == 'c') {
          return true;
        }
      } else if (c == 'c' && (b[i - 1] | 0x20) == 'x') {
        return true;
      }
    }
    return false;
  }

  /** The test on the line's characters {@code cs[0, n)}; {@code cs[n]} is overwritten. */
  private static boolean test(char[] cs, int n) {
    cs[n] = ' '; // the end of the line ends its last word as a space would
    int wordStart = -1;
    boolean upperFirst = false;
    int exitAt = -100; // word number of the last "exit"/"exited"
    int words = 0;
    for (int i = 0; i <= n; i++) {
      char c = cs[i];
      int cl = c < 128 ? CLASS[c] : 0;
      if (cl != 0) {
        if (wordStart < 0) {
          wordStart = i;
          upperFirst = cl == 1;
        }
        continue;
      }
      if (c >= 0x3000) { // every Japanese word below starts with a kana or a kanji
        for (String w : CJK) {
          if (startsWith(cs, n, i, w)) {
            return true;
          }
        }
      }
      if (wordStart < 0) {
        continue;
      }
      int start = wordStart;
      int len = i - start;
      wordStart = -1;
      words++;
      char first = cs[start];
      if (len == 1) {
        // One-letter levels only as an upper-case field of their own: "… 2395 E Tag: …".
        if (upperFirst && (first == 'E' || first == 'F' || first == 'W') && (start == 0 || cs[start - 1] == ' ')
            && c == ' ') {
          return true;
        }
        continue;
      }
      if (first >= '0' && first <= '9') {
        if (words - exitAt <= 3 && !allZero(cs, start, i)) {
          return true; // "exit status 2", "exited with code 137"
        }
        continue;
      }
      if (start == 0 && len == 5 && upperFirst && (first == 'E' || first == 'F') && allDigits(cs, 1, 5)) {
        return true; // glog: E0512 12:00:00.000000 …
      }
      if (len >= 3 && len <= 11) { // the lengths of WORDS
        byte kind = kind(cs, start, i);
        if (kind == WORD) {
          return true;
        }
        if (kind == EXIT) {
          exitAt = words;
        } else if (kind == NON && startsWith(cs, n, i, "-zero")) {
          return true;
        }
      }
      if (len > 5) {
        char last = cs[i - 1];
        if (((last == 'n' || last == 'N') && len > 9 && endsWithIgnoreCase(cs, i, "exception"))
            || ((last == 'r' || last == 'R') && endsWithIgnoreCase(cs, i, "error"))) {
          return true; // NullPointerException, ConnectionRefusedError
        }
      }
    }
    return false;
  }

  private static boolean allDigits(char[] cs, int from, int to) {
    for (int i = from; i < to; i++) {
      if (cs[i] < '0' || cs[i] > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(char[] cs, int from, int to) {
    for (int i = from; i < to; i++) {
      if (cs[i] != '0') {
        return false;
      }
    }
    return true;
  }

  /** Whether the line {@code cs[0, n)} has {@code w} at {@code at}. */
  private static boolean startsWith(char[] cs, int n, int at, String w) {
    if (at + w.length() > n) {
      return false;
    }
    for (int j = 0; j < w.length(); j++) {
      if (cs[at + j] != w.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the word ending at {@code end} ends with {@code suffix} (lower-case ASCII), ignoring case: the word is ASCII. */
  private static boolean endsWithIgnoreCase(char[] cs, int end, String suffix) {
    if (end < suffix.length()) {
      return false;
    }
    int from = end - suffix.length();
    for (int j = 0; j < suffix.length(); j++) {
      if (lower(cs[from + j]) != suffix.charAt(j)) {
        return false;
      }
    }
    return true;
  }
}
