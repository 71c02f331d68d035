package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The alignment's replaced-token rule (docs/matching.md §3.3): what the author's own value costs. */
class AlignmentTest {

  // Signature "could not connect to database analytics out of memory" as term ids 1..9, weight 2 each.
  private static final int[] SIG = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  private static final double[] W = {2, 2, 2, 2, 2, 2, 2, 2, 2};
  private static final List<String> TOKENS =
      List.of("could", "not", "connect", "to", "database", "analytics", "out", "of", "memory");
  private static final double[] SUB = Alignment.substitutes(TOKENS, SIG, W, null);

  @Test
  void aValueInTheAuthorsValuesPlaceEarnsPartOfItsWeight() {
    int[] paste = {1, 2, 3, 4, 5, 42, 7, 8, 9}; // 42: the paste's own database name
    boolean[] value = values(paste, 5);
    Alignment.Result r = new Alignment().align(SIG, W, null, SUB, paste, value, paste.length);
    assertEquals(16 + Math.min(Ranking.SUB * 2, Ranking.SUB_CAP) - Ranking.GAP, r.score(), 1e-9);
    List<Alignment.Step> steps = Alignment.trace(SIG, W, null, SUB, paste, value, paste.length);
    assertEquals(new Alignment.Step(5, 5, Alignment.Move.REPLACED), steps.get(5));
    assertEquals(9, steps.size());
  }

  @Test
  void aPlainWordInItsPlaceEarnsNothing() {
    int[] paste = {1, 2, 3, 4, 5, 42, 7, 8, 9};
    boolean[] value = new boolean[paste.length]; // 42 is a known plain word: another wording
    Alignment.Result r = new Alignment().align(SIG, W, null, SUB, paste, value, paste.length);
    assertEquals(16 - Ranking.GAP, r.score(), 1e-9);
    assertFalse(Alignment.trace(SIG, W, null, SUB, paste, value, paste.length).stream()
        .anyMatch(s -> s.move() == Alignment.Move.REPLACED));
  }

  @Test
  void aReplacedTokenNeedsAFoundTokenOnEachSide() {
    int[] paste = {1, 2, 3, 4, 5, 42}; // the paste ends where the author's value was
    boolean[] value = values(paste, 5);
    Alignment.Result r = new Alignment().align(SIG, W, null, SUB, paste, value, paste.length);
    assertEquals(10, r.score(), 1e-9);
    assertEquals(5, r.end());
  }

  @Test
  void cjkBigramsAndSlotsAreNeverReplaced() {
    double[] sub = Alignment.substitutes(List.of("ファ", "<path>", "ルを", "word"),
        new int[] {1, Alignment.PLACEHOLDER, 3, 4}, new double[] {2, 0, 2, 2}, null);
    assertEquals(0, sub[0]);
    assertEquals(0, sub[1]);
    assertEquals(0, sub[2]);
    assertTrue(sub[3] > 0);
    assertTrue(Alignment.valueLike("shop_production", 7));
    assertTrue(Alignment.valueLike("db02", 7));
    assertTrue(Alignment.valueLike("anything", Alignment.UNKNOWN));
    assertFalse(Alignment.valueLike("server", 7));
  }

  private static boolean[] values(int[] paste, int at) {
    boolean[] v = new boolean[paste.length];
    v[at] = true;
    return v;
  }
}
