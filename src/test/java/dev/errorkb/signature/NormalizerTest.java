package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class NormalizerTest {

  @Test
  void sameErrorWithDifferentValuesNormalisesAlike() {
    String a = "could not connect to server at \"db1.example.com\" (10.0.0.1), port 5432: timeout after 30s";
    String b = "Could not connect to server at \"db-prod\" (192.168.3.4), port 6543:\ntimeout after 2m";
    assertEquals(Normalizer.normalize(a).masked(), Normalizer.normalize(b).masked());
  }

  @Test
  void resultDoesNotDependOnDefaultLocale() {
    // Turkish lower-cases I to dotless ı and İ to i + U+0307; non-ASCII input takes the full path
    // (NFKC, then lower case), ASCII input the fast one: both must use the root locale.
    String nonAscii = "TITLE ISSUE İstanbul — エラー";
    String ascii = "TITLE ISSUE";
    String expectedNonAscii = Normalizer.fold(nonAscii);
    Locale saved = Locale.getDefault();
    try {
      for (String tag : new String[] {"tr", "az", "ja-JP", "lt"}) {
        Locale.setDefault(Locale.forLanguageTag(tag));
        assertEquals("title issue", Normalizer.fold(ascii), tag);
        assertEquals(expectedNonAscii, Normalizer.fold(nonAscii), tag);
        assertEquals("title issue i\u0307stanbul — エラー", Normalizer.fold(nonAscii), tag);
      }
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void placeholdersWrittenByAuthorsAreKept() {
    assertEquals(
        List.of("open", "<path>", "failed", "<any>"),
        Normalizer.normalize("open <PATH> failed: <any>").tokens());
  }

  @Test
  void surrogatePairsInCjkRunsFormBigrams() {
    // U+20BB7 (𠮷) is a Han character outside the BMP.
    assertEquals(List.of("𠮷野", "野家"), Normalizer.tokenize("𠮷野家"));
  }
}
