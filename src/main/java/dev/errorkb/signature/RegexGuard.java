package dev.errorkb.signature;

/**
 * Bounds the size of the RE2 program a regular expression compiles to. RE2 keeps matching
 * linear in the input, but nested counted repetitions multiply: {@code ((a{100}){100}){100}}
 * compiles to a million instructions and one match takes seconds. RE2 (C++) refuses a nesting
 * whose counts multiply past 1,000; RE2/J does not, so we check before compiling.
 */
public final class RegexGuard {
  /** The largest product of nested repetition counts accepted, as in RE2 C++. */
  public static final long MAX_REPEAT_PRODUCT = 1000;

  private RegexGuard() {}

  /** The deepest group nesting accepted (RE2 C++'s limit); RE2/J's parser recurses per level. */
  public static final int MAX_NESTING = 1000;
  /** The largest program accepted: atoms times the counts around them (issue 12: a{1000} × 30,000). */
  public static final long MAX_PROGRAM_SIZE = 200_000;

  /**
   * True when the nested repetition counts of {@code regex} multiply to at most the maximum, its
   * groups nest at most {@value #MAX_NESTING} deep and its program is at most {@value
   * #MAX_PROGRAM_SIZE} instructions (roughly).
   */
  public static boolean acceptable(String regex) {
    return problem(regex).isEmpty();
  }

  /** Why {@code regex} is refused, for a located problem; empty when it is acceptable. */
  public static java.util.Optional<String> problem(String regex) {
    if (nesting(regex) > MAX_NESTING) {
      return java.util.Optional.of("pattern nests groups more than " + MAX_NESTING + " deep");
    }
    if (repeatProduct(regex) > MAX_REPEAT_PRODUCT) {
      return java.util.Optional.of("pattern nests counted repetitions whose counts multiply past "
          + MAX_REPEAT_PRODUCT + " (e.g. (a{100}){100}); tools that run it would slow to a crawl");
    }
    if (programSize(regex) > MAX_PROGRAM_SIZE) {
      return java.util.Optional.of("pattern compiles to more than " + MAX_PROGRAM_SIZE
          + " instructions (long text times its repetition counts, e.g. many a{1000}); tools that run it would slow to a crawl");
    }
    return java.util.Optional.empty();
  }

  /** The deepest nesting of parentheses (escapes and classes skipped). */
  static int nesting(String regex) {
    int depth = 0;
    int max = 0;
    for (int i = 0; i < regex.length();) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i = skipEscape(regex, i);
      } else if (c == '[') {
        i = skipClass(regex, i);
      } else {
        if (c == '(') {
          max = Math.max(max, ++depth);
        } else if (c == ')' && depth > 0) {
          depth--;
        }
        i++;
      }
    }
    return max;
  }

  /**
   * About the number of instructions RE2 compiles {@code regex} to: every atom counts the product
   * of the repetition counts around it. Linear in the length of the pattern.
   */
  static long programSize(String regex) {
    int n = regex.length();
    long[] groupSize = new long[n + 2];
    int depth = 0;
    long limit = Long.MAX_VALUE / 4;
    int i = 0;
    while (i < n) {
      char c = regex.charAt(i);
      long value;
      if (c == '(') {
        depth++;
        groupSize[depth] = 0;
        i++;
        continue;
      } else if (c == ')') {
        if (depth == 0) {
          i++;
          continue;
        }
        value = groupSize[depth] + 1;
        depth--;
        i++;
      } else if (c == '\\') {
        i = skipEscape(regex, i);
        value = 1;
      } else if (c == '[') {
        i = skipClass(regex, i);
        value = 1;
      } else {
        i++;
        value = 1;
      }
      long count = 1;
      if (i < n && regex.charAt(i) == '{') {
        int close = regex.indexOf('}', i);
        if (close > i) {
          long k = countOf(regex.substring(i + 1, close));
          if (k > 0) {
            count = k;
            i = close + 1;
          }
        }
      }
      groupSize[depth] = Math.min(limit, groupSize[depth] + (value > limit / count ? limit : value * count));
    }
    long total = 0;
    for (int d = 0; d <= depth; d++) {
      total = Math.min(limit, total + groupSize[d]);
    }
    return total;
  }

  /**
   * The largest product of counted repetitions ({@code {n}}, {@code {n,m}}, {@code {n,}}) nested
   * inside one another; 1 when there are none. A lexical scan that knows escapes and character
   * classes, which is all it needs: it never decides whether the expression is valid.
   */
  public static long repeatProduct(String regex) {
    int n = regex.length();
    long[] stack = new long[n + 2];
    int depth = 0;
    stack[0] = 1;
    int i = 0;
    while (i < n) {
      char c = regex.charAt(i);
      long value;
      if (c == '(') {
        depth++;
        stack[depth] = 1;
        i++;
        continue;
      } else if (c == ')') {
        if (depth == 0) {
          i++;
          continue;
        }
        value = stack[depth];
        depth--;
        i++;
      } else if (c == '\\') {
        i = skipEscape(regex, i);
        value = 1;
      } else if (c == '[') {
        i = skipClass(regex, i);
        value = 1;
      } else {
        i++;
        value = 1;
      }
      long count = 1;
      if (i < n && regex.charAt(i) == '{') {
        int close = regex.indexOf('}', i);
        if (close > i) {
          count = countOf(regex.substring(i + 1, close));
          if (count > 0) {
            i = close + 1;
          } else {
            count = 1;
          }
        }
      }
      long product = Math.min(Long.MAX_VALUE / 2, value * Math.max(1, count));
      stack[depth] = Math.max(stack[depth], product);
    }
    long max = 1;
    for (int d = 0; d <= depth; d++) {
      max = Math.max(max, stack[d]);
    }
    return max;
  }

  /**
   * True when a group that repeats without bound ({@code *}, {@code +}, {@code {n,}}) contains
   * something that also repeats without bound, as in {@code (a+)+$} or {@code ([a-z]+\.)+com}.
   * RE2 runs such a pattern in linear time, but a backtracking engine (the browser's JavaScript
   * RegExp, which runs patterns in the site's search) can take exponential time on a near-miss.
   */
  public static boolean nestedUnboundedRepeat(String regex) {
    int n = regex.length();
    boolean[] inner = new boolean[n + 2];
    int depth = 0;
    int i = 0;
    while (i < n) {
      char c = regex.charAt(i);
      boolean groupHadRepeat = false;
      if (c == '(') {
        depth++;
        inner[depth] = false;
        i++;
        continue;
      } else if (c == ')') {
        if (depth == 0) {
          i++;
          continue;
        }
        groupHadRepeat = inner[depth];
        depth--;
        i++;
      } else if (c == '\\') {
        i = skipEscape(regex, i);
      } else if (c == '[') {
        i = skipClass(regex, i);
      } else if (c == '|' || c == '*' || c == '+' || c == '?') {
        i++;
        continue;
      } else {
        i++;
      }
      boolean unbounded = false;
      if (i < n) {
        char q = regex.charAt(i);
        if (q == '*' || q == '+') {
          unbounded = true;
          i++;
        } else if (q == '{') {
          int close = regex.indexOf('}', i);
          if (close > i) {
            String body = regex.substring(i + 1, close);
            if (countOf(body) > 0) {
              unbounded = body.endsWith(",");
              i = close + 1;
            }
          }
        } else if (q == '?') {
          i++;
        }
        if (i < n && (regex.charAt(i) == '?' || regex.charAt(i) == '+') && (unbounded || q == '?')) {
          i++;
        }
      }
      if (unbounded && groupHadRepeat) {
        return true;
      }
      if (unbounded || groupHadRepeat) {
        inner[depth] = true;
      }
    }
    return false;
  }

  /** The replication a {@code {…}} body implies: m for {n,m}, n for {n} and {n,}; 0 if not a count. */
  private static long countOf(String body) {
    String[] parts = body.split(",", -1);
    if (parts.length > 2 || parts[0].isEmpty() || !parts[0].chars().allMatch(Character::isDigit)
        || parts[0].length() > 9) {
      return 0;
    }
    long lo = Long.parseLong(parts[0]);
    if (parts.length == 1 || parts[1].isEmpty()) {
      return Math.max(1, lo);
    }
    if (!parts[1].chars().allMatch(Character::isDigit) || parts[1].length() > 9) {
      return 0;
    }
    return Math.max(1, Math.max(lo, Long.parseLong(parts[1])));
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
