package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** A lost line break glues a prompt's last word to the error; only words the index does not know are cut. */
class GluedWordsTest {

  private static final Predicate<String> KNOWN = Set.of("github", "nullpointerexception", "icu", "locale")::contains;

  @Test
  void unknownWordIsCutWhereItsCaseChanges() {
    assertEquals("shop ICU Locale", GluedWords.split("shopICU Locale", KNOWN));
    assertEquals("-R Performing Upgrade", GluedWords.split("-RPerforming Upgrade", KNOWN));
    assertEquals("app_user Command was: x", GluedWords.split("app_userCommand was: x", KNOWN));
    assertEquals("long HINT:  Check", GluedWords.split("longHINT:  Check", KNOWN));
    assertEquals("eta 0:00:01 Killed", GluedWords.split("eta 0:00:01Killed", KNOWN));
  }

  @Test
  void knownWordsAndWordsWithoutACaseChangeStayWhole() {
    String text = "GitHub NullPointerException ECONNREFUSED shoplocal Permission 2FA";
    assertSame(text, GluedWords.split(text, KNOWN));
  }

  @Test
  void onlyAsciiWordsAreCut() {
    // Non-ASCII letters end a word: "é" is not part of it, and Japanese text has no case.
    assertEquals("caf\u00e9 shop ICU エラー", GluedWords.split("caf\u00e9 shopICU エラー", KNOWN));
    assertEquals("x\u00c9cole", GluedWords.split("x\u00c9cole", KNOWN));
  }
}
