package dev.errorkb.search;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 12, item 11: only author patterns proven linear in a backtracking engine reach the browser. */
class BrowserRegexSafetyTest {
  @ParameterizedTest
  @ValueSource(strings = {
      // The issue's three, which passed the nested-repeat guard and froze the tab.
      "(?i)(?:.|.)*zzzq", "(?i)(?:\\w|\\d)*!!!q", "(?i)(.*a){15}qqq",
      "(?i)(a+)+$", "(?i)([a-z]+\\.)+com", "(?i).*.*.*zzz", "(?i)a.*b", "(?i)\\d+\\.\\d+", "(?i)x{0,999}y{0,999}",
      "(?i)(?:a|b){0,30}c", "(?i)(?:ab)*c", "(?i)\\Aa+b+", "(?i)\\A(?:a|b)+", "(?i)a{2,}", "(?i)(?m)^a.*b", "(?i)a)", "(?i)*a"})
  void superLinearPatternsAreNotShipped(String regex) {
    assertFalse(BrowserRegexSafety.linear(regex), regex);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "(?i)connection (?:refused|reset)", "(?i)\\Afatal: .*\\z", "(?i)\\Afatal", "(?i)[[:digit:]]{1,5} rows?",
      "(?i)(?P<name>\\w{1,20})=1", "(?i)a\\-b\\:c\\#", "(?i)\\Qa.b*\\E", "(?i)(?s)x.y", "(?i)[]a]{3}", "(?i)error \\pL{2} failed",
      "(?i)code=\\d{3}", "(?i)(?:ms|s)\\b", "(?i)\\A[^:]+: permission denied"})
  void linearPatternsAreShipped(String regex) {
    assertTrue(BrowserRegexSafety.linear(regex), regex);
  }
}
