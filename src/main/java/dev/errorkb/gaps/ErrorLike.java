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

  static boolean test(String line) {
    int n = line.length();
    int wordStart = -1;
    long h = 0xcbf29ce484222325L;
    boolean upperFirst = false;
    int exitAt = -100; // word number of the last "exit"/"exited"
    int words = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? line.charAt(i) : ' ';
      if (c >= 'A' && c <= 'Z') {
        if (wordStart < 0) {
          wordStart = i;
          upperFirst = true;
        }
        h = step(h, (char) (c + 32));
        continue;
      }
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
        if (wordStart < 0) {
          wordStart = i;
          upperFirst = false;
        }
        h = step(h, c);
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
      char first = line.charAt(start);
      if (len == 1) {
        // One-letter levels only as an upper-case field of their own: "… 2395 E Tag: …".
        if (upperFirst && (first == 'E' || first == 'F' || first == 'W') && (start == 0 || line.charAt(start - 1) == ' ')
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
        char last = line.charAt(i - 1);
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
