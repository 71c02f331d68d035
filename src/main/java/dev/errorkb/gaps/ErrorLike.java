package dev.errorkb.gaps;

import java.util.Set;

/**
 * Whether a raw log line looks like an error or a warning, the lines {@code gaps} clusters by
 * default: level words (ERROR, FATAL, WARN, and the one-letter E/F/W of Android and glog),
 * exceptions and tracebacks, failed/fatal/denied/refused, non-zero exit statuses, and their
 * Japanese forms. One pass over the characters without creating strings for ASCII words: it runs
 * on every line of a GB log.
 */
final class ErrorLike {
  private ErrorLike() {}

  private static final Set<String> WORDS = Set.of(
      "error", "errors", "err", "fatal", "warn", "warning", "warnings", "critical", "crit", "severe", "panic",
      "emerg", "alert", "failed", "failure", "failures", "fail", "fails", "failing", "denied", "refused",
      "traceback", "exception", "exceptions", "abort", "aborted", "aborting", "segfault", "unreachable",
      "invalid", "cannot", "timeout", "timed");

  private static final String[] CJK = {
    "エラー", "失敗", "拒否", "例外", "異常", "警告", "致命的", "できません", "タイムアウト", "見つかりません"
  };

  static boolean test(String line) {
    int n = line.length();
    int wordStart = -1;
    int exitAt = -1; // word index of "exit"/"exited"/"status"/"code" seen last
    int words = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? line.charAt(i) : ' ';
      if (c >= 0x80) {
        for (String w : CJK) {
          if (line.startsWith(w, i)) {
            return true;
          }
        }
      }
      boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (word) {
        if (wordStart < 0) {
          wordStart = i;
        }
        continue;
      }
      if (wordStart < 0) {
        continue;
      }
      int len = i - wordStart;
      int start = wordStart;
      wordStart = -1;
      words++;
      char first = line.charAt(start);
      if (len == 1) {
        // One-letter levels only as an upper-case field of their own: "… 2395 E Tag: …", "E0512 …".
        if ((first == 'E' || first == 'F' || first == 'W') && (start == 0 || line.charAt(start - 1) == ' ')
            && c == ' ') {
          return true;
        }
        continue;
      }
      if (start == 0 && len == 5 && (first == 'E' || first == 'F') && allDigits(line, 1, 5)) {
        return true; // glog: E0512 12:00:00.000000 …
      }
      if (first >= '0' && first <= '9') {
        if (exitAt >= 0 && words - exitAt <= 3 && !allZero(line, start, i)) {
          return true; // "exit status 2", "exited with code 137"
        }
        continue;
      }
      // Words compared in place (no String per word): this runs on every line of a GB log.
      if (isWord(line, start, len) || endsWithIgnoreCase(line, i, "exception") || endsWithIgnoreCase(line, i, "error")) {
        return true;
      }
      if (is(line, start, len, "exit") || is(line, start, len, "exited") || is(line, start, len, "status")
          || is(line, start, len, "code")) {
        exitAt = words;
      } else if (is(line, start, len, "nonzero") || (is(line, start, len, "non") && line.startsWith("-zero", i))) {
        return true;
      }
    }
    return false;
  }

  /** Level and failure words by first letter and length. */
  private static final String[][] BY_KEY = new String[26 * 16][];

  static {
    for (String w : WORDS) {
      int k = key(w.charAt(0), w.length());
      String[] old = BY_KEY[k];
      String[] grown = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
      grown[grown.length - 1] = w;
      BY_KEY[k] = grown;
    }
  }

  private static int key(char first, int len) {
    char c = first >= 'A' && first <= 'Z' ? (char) (first + 32) : first;
    return c < 'a' || c > 'z' || len >= 16 ? -1 : (c - 'a') * 16 + len;
  }

  private static boolean isWord(String line, int start, int len) {
    int k = key(line.charAt(start), len);
    if (k < 0 || BY_KEY[k] == null) {
      return false;
    }
    for (String w : BY_KEY[k]) {
      if (line.regionMatches(true, start, w, 0, len)) {
        return true;
      }
    }
    return false;
  }

  private static boolean is(String line, int start, int len, String w) {
    return len == w.length() && line.regionMatches(true, start, w, 0, len);
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
