package dev.errorkb.util;

import java.util.Locale;

/**
 * Slugs of product names, both rules in one place: {@link #page} for the site (any script, so a
 * Japanese product keeps its name in its anchor) and {@link #folder} for the folder {@code
 * errorkb new} creates (ASCII only, a name every file system and shell takes as it is).
 */
public final class Slug {
  private Slug() {}

  /**
   * The slug of a product on the site (its anchor on the home page): lower case, every run of
   * characters other than letters and numbers as one '-', none at the ends; "other" if nothing is
   * left. (A loop, not two regexes compiled on each of 20,000 calls.)
   */
  public static String page(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder(lower.length());
    boolean gap = false;
    for (int i = 0; i < lower.length(); ) {
      int cp = lower.codePointAt(i);
      i += Character.charCount(cp);
      if (isLetterOrNumber(cp)) {
        if (gap && sb.length() > 0) {
          sb.append('-');
        }
        gap = false;
        sb.appendCodePoint(cp);
      } else {
        gap = true;
      }
    }
    return sb.length() == 0 ? "other" : sb.toString();
  }

  /** What {@code [\p{L}\p{N}]} matches. */
  private static boolean isLetterOrNumber(int cp) {
    int type = Character.getType(cp);
    return Character.isLetter(cp) || type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  /** The folder name of a product: lower-case ASCII letters and digits joined by '-'; "misc" if nothing is left. */
  public static String folder(String s) {
    String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return t.isEmpty() ? "misc" : t;
  }
}
