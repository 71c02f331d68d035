package dev.errorkb.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.errorkb.signature.Normalizer;
import java.util.List;

/**
 * Fuzzes the normaliser (docs/matching.md §1): no exception, bounded time, the fast ASCII path
 * agrees with the general path (a trailing zero-width space, which step 4 drops, forces the general
 * one), folded text is trimmed with single spaces, and tokens are never empty.
 */
class NormalizerFuzzTest {
  /** CPU time, not wall time: a loaded CI machine must not make a fuzz input "slow". */
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  @FuzzTest(maxDuration = "20s")
  void normalize(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    long start = CPU.getCurrentThreadCpuTime();
    String folded = Normalizer.fold(input);
    String general = Normalizer.fold(input + "\u200b");
    String masked = Normalizer.mask(folded);
    List<String> tokens = Normalizer.tokenize(masked);
    long ms = (CPU.getCurrentThreadCpuTime() - start) / 1_000_000;
    assertTrue(ms < 2_000, () -> "normalising " + input.length() + " chars took " + ms + " ms of CPU");
    assertEquals(folded, general, () -> "fast and general fold disagree on " + escape(input));
    assertFalse(folded.startsWith(" ") || folded.endsWith(" ") || folded.contains("  "), () -> "untrimmed fold of " + escape(input));
    for (String t : tokens) {
      assertFalse(t.isEmpty(), () -> "empty token from " + escape(input));
    }
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format(java.util.Locale.ROOT, "\\u{%x}", c)));
    return b.toString();
  }
}
