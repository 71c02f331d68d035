package dev.errorkb.signature;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Words that a lost line break glued together ({@code shop} + {@code ICU Locale} →
 * {@code shopICU Locale}, a prompt's last word and the error's first): a word of ASCII letters,
 * digits and underscores that the index does not know is cut where its case changes, so that its
 * parts can be found (docs/matching.md §3.1). A known word is left whole: {@code GitHub} or
 * {@code NullPointerException} in an entry keeps matching itself. search.js has the same loop.
 */
final class GluedWords {

  private GluedWords() {}

  /**
   * {@code text} with a space before each case boundary of its unknown words: a lower-case letter
   * followed by an upper-case one ({@code shopICU}), or an upper-case letter or a digit followed by
   * one that starts a capitalised word ({@code RPerforming} → {@code R Performing}, a progress bar's
   * {@code 0:00:01Killed} → {@code 01 Killed}).
   *
   * @param known whether a word, lower-cased, is a term of the index
   */
  static String split(String text, Predicate<String> known) {
    StringBuilder out = null;
    int copied = 0; // text before this index is in out
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isWordChar(text.charAt(i))) {
        i++;
        continue;
      }
      int j = i;
      while (j < n && isWordChar(text.charAt(j))) {
        j++;
      }
      if (hasBoundary(text, i, j) && !known.test(text.substring(i, j).toLowerCase(Locale.ROOT))) {
        if (out == null) {
          out = new StringBuilder(n + 8);
        }
        out.append(text, copied, i);
        for (int k = i; k < j; k++) {
          if (k > i && boundary(text, k, j)) {
            out.append(' ');
          }
          out.append(text.charAt(k));
        }
        copied = j;
      }
      i = j;
    }
    return out == null ? text : out.append(text, copied, n).toString();
  }

  private static boolean hasBoundary(String s, int from, int to) {
    for (int k = from + 1; k < to; k++) {
      if (boundary(s, k, to)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a word ending before {@code to} has a case boundary before index {@code k}. */
  private static boolean boundary(String s, int k, int to) {
    char c = s.charAt(k);
    char p = s.charAt(k - 1);
    return isUpper(c) && (isLower(p) || ((isUpper(p) || isDigit(p)) && k + 1 < to && isLower(s.charAt(k + 1))));
  }

  private static boolean isWordChar(char c) {
    return isUpper(c) || isLower(c) || isDigit(c) || c == '_';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }
}
