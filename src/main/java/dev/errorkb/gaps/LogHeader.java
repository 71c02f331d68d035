package dev.errorkb.gaps;

import java.util.Set;

/**
 * Finds where the message of a masked log line starts, without a per-system format: timestamps,
 * numbers, bracketed fields, level words, a syslog host and one {@code component:} field are the
 * header. One rule for every log, so that {@code gaps} needs no configuration; a message word
 * mistaken for header only costs a template its first word.
 */
final class LogHeader {
  private LogHeader() {}

  private static final Set<String> LEVELS = Set.of(
      "trace", "debug", "info", "notice", "warn", "warning", "error", "err", "fatal", "severe", "critical",
      "crit", "alert", "emerg", "fine", "finer", "finest", "config", "v", "d", "i", "w", "e", "f");

  private static final Set<String> CALENDAR = Set.of(
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
      "mon", "tue", "wed", "thu", "fri", "sat", "sun");

  /** At most this many fields are header. */
  static final int MAX_FIELDS = 12;

  /** Index of the first message token of {@code tokens} (the masked line split at spaces). */
  static int messageStart(String[] tokens) {
    int i = 0;
    boolean calendar = false;
    boolean level = false;
    boolean host = false;
    boolean dash = false;
    while (i < tokens.length && i < MAX_FIELDS) {
      String t = tokens[i];
      if (t.startsWith("[")) {
        int end = bracketEnd(tokens, i);
        if (end < 0) {
          break;
        }
        i = end + 1;
        continue;
      }
      if (t.equals("-") || t.equals("|") || t.equals("--")) {
        dash = true;
        i++;
        continue;
      }
      if (isShape(t)) {
        i++;
        continue;
      }
      if (!dash && CALENDAR.contains(t)) {
        calendar = true;
        i++;
        continue;
      }
      if (!level && LEVELS.contains(strip(t))) {
        level = true;
        i++;
        if (t.endsWith(":")) {
          break;
        }
        continue;
      }
      if (!dash && isComponent(t) && (level || calendar) && i > 0) {
        i++;
        break;
      }
      if (calendar && !host && !level && !dash && i + 1 < tokens.length && isComponent(tokens[i + 1])
          && t.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_')) {
        host = true; // syslog: "dec 10 06:55:46 labsz sshd[24200]: …"
        i++;
        continue;
      }
      break;
    }
    return Math.min(i, tokens.length);
  }

  private static String strip(String t) {
    int a = 0;
    int b = t.length();
    while (a < b && "[(<".indexOf(t.charAt(a)) >= 0) {
      a++;
    }
    while (b > a && "])>:".indexOf(t.charAt(b - 1)) >= 0) {
      b--;
    }
    return t.substring(a, b);
  }

  /** Last token of the bracketed group opened by {@code tokens[i]}, or -1. */
  private static int bracketEnd(String[] tokens, int i) {
    int depth = 0;
    for (int j = i; j < tokens.length && j < i + 8; j++) {
      for (int k = 0; k < tokens[j].length(); k++) {
        char c = tokens[j].charAt(k);
        if (c == '[') {
          depth++;
        } else if (c == ']') {
          depth--;
          if (depth == 0) {
            return k == tokens[j].length() - 1 || tokens[j].substring(k + 1).equals(":") ? j : -1;
          }
        }
      }
    }
    return -1;
  }

  /** A field that is only placeholders, digits and punctuation: a timestamp, a pid, a counter. */
  static boolean isShape(String t) {
    boolean any = false;
    for (int k = 0; k < t.length(); k++) {
      char c = t.charAt(k);
      if (c == '<') {
        int end = t.indexOf('>', k);
        if (end < 0 || !isName(t, k + 1, end)) {
          return false;
        }
        k = end;
        any = true;
      } else if (c >= '0' && c <= '9') {
        any = true;
      } else if ("-/:.,+#()".indexOf(c) < 0) {
        return false;
      }
    }
    return any;
  }

  private static boolean isName(String t, int from, int to) {
    if (to <= from) {
      return false;
    }
    for (int k = from; k < to; k++) {
      char c = t.charAt(k);
      if (c < 'a' || c > 'z') {
        return false;
      }
    }
    return true;
  }

  /** {@code name:}, {@code pkg.Class$Inner:}, {@code sshd[<num>]:}, {@code sshd(pam_unix)[<num>]:}. */
  private static boolean isComponent(String t) {
    if (t.length() < 2 || !t.endsWith(":") || t.startsWith("<")) {
      return false;
    }
    char first = t.charAt(0);
    return Character.isLetter(first) || first == '_';
  }
}
