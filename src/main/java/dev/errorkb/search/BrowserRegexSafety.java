package dev.errorkb.search;

/**
 * Decides which author patterns the browser may run (issue 12, item 11). The browser's RegExp
 * backtracks, so {@code (?:.|.)*zzzq}, {@code (?:\w|\d)*!!!q} or {@code (.*a){15}qqq} froze a
 * search tab for 19 s although RE2 runs them in linear time. Only patterns proven to take at most
 * {@value #MAX_STEPS} steps per start position are shipped: no quantified group that contains a
 * quantifier or an alternation, bounded repeats whose product is at most {@value #MAX_STEPS}, and
 * an unbounded repeat ({@code *}, {@code +}, {@code {n,}}) only when the pattern starts at
 * {@code \A} and has no other. Every other pattern is sent empty and found by its words only.
 */
final class BrowserRegexSafety {
  static final int MAX_STEPS = 1000;

  private BrowserRegexSafety() {}

  /** True when a backtracking engine runs {@code regex} in time linear in the text. */
  static boolean linear(String regex) {
    int n = regex.length();
    int i = 0;
    boolean multiline = false;
    // Leading flag groups such as (?i) or (?is).
    while (regex.startsWith("(?", i)) {
      int close = regex.indexOf(')', i);
      if (close < 0 || !regex.substring(i + 2, close).matches("[imsU-]*")) {
        break;
      }
      multiline |= regex.substring(i + 2, close).contains("m");
      i = close + 1;
    }
    boolean anchored = regex.startsWith("\\A", i) || (!multiline && regex.startsWith("^", i));
    int depth = 0;
    // Per open group: whether it holds a quantifier or an alternation.
    boolean[] busy = new boolean[n + 2];
    long product = 1;
    int unbounded = 0;
    while (i < n) {
      char c = regex.charAt(i);
      boolean group = false;
      boolean groupBusy = false;
      if (c == '(') {
        depth++;
        busy[depth] = false;
        i++;
        if (regex.startsWith("?", i)) {
          // (?:, (?P<name>, (?<name>, (?flags:
          int j = i + 1;
          if (regex.startsWith("P<", j) || regex.startsWith("<", j)) {
            int close = regex.indexOf('>', j);
            i = close < 0 ? n : close + 1;
          } else {
            while (j < n && regex.charAt(j) != ':' && regex.charAt(j) != ')') {
              j++;
            }
            i = j < n && regex.charAt(j) == ':' ? j + 1 : j;
          }
        }
        continue;
      } else if (c == ')') {
        if (depth == 0) {
          return false;
        }
        groupBusy = busy[depth];
        depth--;
        if (groupBusy && depth > 0) {
          busy[depth] = true;
        }
        group = true;
        i++;
      } else if (c == '|') {
        busy[depth] = true;
        i++;
        continue;
      } else if (c == '\\') {
        i = skipEscape(regex, i);
      } else if (c == '[') {
        i = skipClass(regex, i);
      } else if (c == '*' || c == '+' || c == '?' || c == '{') {
        return false; // a quantifier with nothing before it: not ours to judge
      } else {
        i++;
      }
      if (i >= n) {
        break;
      }
      char q = regex.charAt(i);
      long factor = 1;
      boolean unboundedHere = false;
      if (q == '*' || q == '+') {
        unboundedHere = true;
        i++;
      } else if (q == '?') {
        factor = 2;
        i++;
      } else if (q == '{') {
        int close = regex.indexOf('}', i);
        String body = close < 0 ? "" : regex.substring(i + 1, close);
        if (body.matches("\\d{1,4}")) {
          factor = 1; // an exact count: a longer literal, no choice to backtrack over
        } else if (body.matches("\\d{1,4},")) {
          unboundedHere = true;
        } else if (body.matches("\\d{1,4},\\d{1,4}")) {
          factor = Long.parseLong(body.substring(body.indexOf(',') + 1)) + 1;
        } else if (close >= 0 && body.matches("\\d+,?\\d*")) {
          return false;
        } else {
          continue; // a literal '{'
        }
        i = close + 1;
      } else {
        continue;
      }
      if (i < n && regex.charAt(i) == '?') {
        i++; // lazy: the same choices in another order
      }
      if (group && groupBusy) {
        return false;
      }
      busy[depth] = true;
      if (unboundedHere) {
        unbounded++;
        if (group || unbounded > 1 || !anchored) {
          return false;
        }
      }
      product *= factor;
      if (product > MAX_STEPS) {
        return false;
      }
    }
    return depth == 0;
  }

  private static int skipEscape(String s, int i) {
    int j = i + 1;
    if (j >= s.length()) {
      return j;
    }
    char e = s.charAt(j);
    if ((e == 'x' || e == 'p' || e == 'P') && j + 1 < s.length() && s.charAt(j + 1) == '{') {
      int close = s.indexOf('}', j);
      return close < 0 ? s.length() : close + 1;
    }
    if ((e == 'p' || e == 'P') && j + 1 < s.length()) {
      return j + 2;
    }
    if (e == 'x' && j + 2 < s.length()) {
      return j + 3;
    }
    if (e == 'Q') {
      int end = s.indexOf("\\E", j);
      return end < 0 ? s.length() : end + 2;
    }
    return j + 1;
  }

  private static int skipClass(String s, int i) {
    int j = i + 1;
    if (j < s.length() && s.charAt(j) == '^') {
      j++;
    }
    if (j < s.length() && s.charAt(j) == ']') {
      j++;
    }
    while (j < s.length()) {
      char c = s.charAt(j);
      if (c == '\\') {
        j = skipEscape(s, j);
      } else if (c == '[' && j + 1 < s.length() && s.charAt(j + 1) == ':') {
        int close = s.indexOf(":]", j + 2);
        j = close < 0 ? j + 1 : close + 2;
      } else if (c == ']') {
        return j + 1;
      } else {
        j++;
      }
    }
    return j;
  }
}
