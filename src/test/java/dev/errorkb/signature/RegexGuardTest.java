package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegexGuardTest {
  @Test
  void nestedCountsMultiply() {
    assertEquals(1_000_000, RegexGuard.repeatProduct("((a{100}){100}){100}"));
    assertEquals(1_000_000, RegexGuard.repeatProduct("(a{1000}){1000}"));
    assertEquals(60, RegexGuard.repeatProduct("(x{2,3}y){20}"));
    assertFalse(RegexGuard.acceptable("(?:[0-9]{10}){101}"));
  }

  @Test
  void siblingsDoNotMultiplyAndOrdinaryRegexesPass() {
    assertEquals(100, RegexGuard.repeatProduct("a{100}b{100}"));
    assertEquals(1, RegexGuard.repeatProduct("(?i)fatal: (.+?) failed at \\d+"));
    assertTrue(RegexGuard.acceptable("^\\[[0-9]{4}-[0-9]{2}\\] error \\x{7B}{3}"));
  }

  @Test
  void bracesInsideClassesAndEscapesAreNotCounts() {
    assertEquals(1, RegexGuard.repeatProduct("[{}]{"));
    assertEquals(1, RegexGuard.repeatProduct("\\{100\\}"));
    assertEquals(5, RegexGuard.repeatProduct("[]a]{5}"));
  }

  @Test
  void unacceptablePatternIsALocatedProblem() {
    var sig = new dev.errorkb.model.Signature("fatal: boom", java.util.Optional.empty(),
        java.util.Optional.of("((a{100}){100}){100}"), java.util.List.of(), new dev.errorkb.model.SourcePos("x/entry.yaml", 7, 5));
    var r = SignatureCompiler.compile("x", sig);
    assertTrue(r.signature().isEmpty());
    assertEquals("x/entry.yaml:7:5: error: pattern nests counted repetitions whose counts multiply past 1000 (e.g. (a{100}){100}); tools that run it would slow to a crawl [signature-pattern]",
        r.problems().get(0).toString());
  }

  /** Patterns a backtracking engine (the browser's RegExp) can take exponential time on. */
  @Test
  void nestedUnboundedRepeatsAreFound() {
    for (String bad : new String[] {"(a+)+$", "([a-z]+\\.)+com", "(?:x*y)*z", "((ab)+c)*", "(\\d+){2,}x", "(a+?)+?b", "(?i)(?P<n>\\w+\\s?)+!"}) {
      assertTrue(RegexGuard.nestedUnboundedRepeat(bad), bad);
    }
    for (String fine : new String[] {"(?i)fatal: (.+?) failed at \\d+", "(a|b)*", "(a{2,5}){3}", "(ab)+c+", "[(a+)]+",
        "\\(a+\\)+", "(a+)?b", "x+(y+)z", "(?:[0-9]{1,3}\\.){3}[0-9]{1,3}"}) {
      assertFalse(RegexGuard.nestedUnboundedRepeat(fine), fine);
    }
  }
}
