package dev.errorkb.model;

import java.util.Map;
import java.util.Optional;

/**
 * How to check that the fix worked: a command and what it should print.
 *
 * @param expect the expected result as written, or the default language's translation
 * @param expects per-language texts when entry.yaml gives {@code expect: {ja: …, en: …}}
 */
public record Verify(String command, Optional<String> expect, Map<Lang, String> expects) {
  public Verify {
    expects = Map.copyOf(expects);
  }

  public Verify(String command, Optional<String> expect) {
    this(command, expect, Map.of());
  }

  /** The expected result to show on a page in {@code lang}. */
  public Optional<String> expectFor(Lang lang) {
    String e = expects.get(lang);
    return e != null ? Optional.of(e) : expect;
  }
}
