package dev.errorkb.gaps;

import java.util.Set;

/**
 * Whether a raw log line looks like an error or a warning, the lines {@code gaps} clusters by
 * default: level words (ERROR, FATAL, WARN, and the one-letter E/F/W of Android and glog),
 * exceptions and tracebacks, failed/fatal/denied/refused, non-zero exit statuses, and their
 * Japanese forms. It runs on every line of a GB log, so it is one pass over the characters that
 * hashes each ASCII word as it goes (lower-cased on the fly) and creates no strings.
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

  private static final long[] TABLE = new long[256]; // open addressing over word hashes; 0 = empty
  private static final long EXIT = hash("exit");
  private static final long EXITED = hash("exited");
  private static final long NON = hash("non");

  static {
    for (String w : WORDS) {
      long h = hash(w);
      int i = (int) (h & (TABLE.length - 1));
      while (TABLE[i] != 0) {
        i = (i + 1) & (TABLE.length - 1);
      }
      TABLE[i] = h;
    }
  }

  private static long step(long h, char c) {
    return (h ^ c) * 0x100000001b3L;
  }

  static long hash(String w) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < w.length(); i++) {
      h = step(h, w.charAt(i));
    }
    return h == 0 ? 1 : h;
  }

  private static boolean known(long h) {
    int i = (int) (h & (TABLE.length - 1));
    while (TABLE[i] != 0) {
      if (TABLE[i] == h) {
        return true;
      }
      i = (i + 1) & (TABLE.length - 1);
    }
    return false;
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
    cs[n] = ' '; // the end of the line ends its last word as a space would
    int wordStart = -1;
    long h = 0xcbf29ce484222325L;
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
        h = step(h, cl == 1 ? (char) (c + 32) : c);
        continue;
      }
      if (c >= 0x3000) { // every Japanese word below starts with a kana or a kanji
        for (String w : CJK) {
          if (line.startsWith(w, i)) {
            return true;
          }
        }
      }
      if (wordStart < 0) {
        continue;
      }
      int start = wordStart;
      int len = i - start;
      long wh = h == 0 ? 1 : h;
      wordStart = -1;
      h = 0xcbf29ce484222325L;
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
        if (words - exitAt <= 3 && !allZero(line, start, i)) {
          return true; // "exit status 2", "exited with code 137"
        }
        continue;
      }
      if (start == 0 && len == 5 && upperFirst && (first == 'E' || first == 'F') && allDigits(line, 1, 5)) {
        return true; // glog: E0512 12:00:00.000000 …
      }
      if (len >= 3 && len <= 11) { // the lengths of WORDS
        if (known(wh) && WORDS.contains(line.substring(start, i).toLowerCase(java.util.Locale.ROOT))) {
          return true;
        }
        if (wh == EXIT || wh == EXITED) {
          exitAt = words;
        } else if (wh == NON && line.startsWith("-zero", i)) {
          return true;
        }
      }
      if (len > 5) {
        char last = cs[i - 1];
        if (((last == 'n' || last == 'N') && len > 9 && endsWithIgnoreCase(line, i, "exception"))
            || ((last == 'r' || last == 'R') && endsWithIgnoreCase(line, i, "error"))) {
          return true; // NullPointerException, ConnectionRefusedError
        }
      }
    }
    return false;
  }

  private static boolean allDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  private static boolean endsWithIgnoreCase(String s, int end, String suffix) {
    return end >= suffix.length() && s.regionMatches(true, end - suffix.length(), suffix, 0, suffix.length());
  }
}
