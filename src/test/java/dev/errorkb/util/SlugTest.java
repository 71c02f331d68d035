package dev.errorkb.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Product slugs name pages and anchors: the loop must give exactly what the regex gave. */
class SlugTest {
  private static String byRegex(String s) {
    String t = s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("^-|-$", "");
    return t.isEmpty() ? "other" : t;
  }

  @Test
  void examples() {
    assertEquals("aws-cli", Slug.page("AWS CLI"));
    assertEquals("pg-ctl", Slug.page("--pg_ctl--"));
    assertEquals("other", Slug.page(" -- "));
    assertEquals("other", Slug.page(""));
    assertEquals("postgresql-15", Slug.page("PostgreSQL 15"));
    assertEquals("ⅻ-٣-日本語", Slug.page("Ⅻ ٣ 日本語!"));
  }

  @Test
  void sameAsTheRegexOnRandomText() {
    String alphabet = "aZ09 -_./!\tİıßΣσς日本ー・Ⅻ٣²\u0301\uD835\uDC00\uD83D\uDE00\u00A0";
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(12);
      for (int j = 0; j < n; j++) {
        int k = random.nextInt(alphabet.length());
        char c = alphabet.charAt(k);
        sb.append(c);
        if (Character.isHighSurrogate(c) && k + 1 < alphabet.length()) {
          sb.append(alphabet.charAt(k + 1));
        }
      }
      String s = sb.toString();
      assertEquals(byRegex(s), Slug.page(s), () -> "slug of " + s);
    }
    for (String s : List.of("İstanbul", "ΣΑΣ", "a\u0301b", "\uD835\uDC00x")) {
      assertEquals(byRegex(s), Slug.page(s));
    }
  }
}
