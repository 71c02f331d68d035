package dev.errorkb.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import dev.errorkb.render.LinkTarget;
import dev.errorkb.render.Markdown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression (issue 6): flexmark recurses per nesting level and its thematic-break regex per
 * marker, so a line of ~1800 '*' or ~400 nested list markers threw StackOverflowError out of the
 * build. Now it is a located problem and plain text falls back to the raw text.
 */
class MarkdownDepthTest {
  private static final Markdown MD = new Markdown(Set.of());

  @ParameterizedTest
  @ValueSource(strings = {"*", "-", "_", "* ", "> ", "- ", "1. "})
  void deepMarkdownIsALocatedProblem(String unit) {
    String text = unit.repeat(50_000) + "x\n";
    List<Problem> problems = new ArrayList<>();
    String html = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> MD.render(text, new SourcePos("t/e/en.md", 7, 1), target(), problems));
    List<String> rules = problems.stream().map(Problem::rule).toList();
    if (rules.isEmpty()) {
      // Some units are parsed iteratively; then the output must simply be there.
      assertEquals(false, html.isEmpty(), unit);
    } else {
      assertEquals(List.of("markdown-too-deep"), rules);
      assertEquals("t/e/en.md:7:1", problems.get(0).pos().toString());
    }
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> MD.plainText(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"> ", "1. ", "- ", "* "})
  void nestingUpToTheLimitStillRenders(String unit) {
    List<Problem> problems = new ArrayList<>();
    String html = MD.render(unit.repeat(16) + "x\n\n* * *\n\n" + "-".repeat(40) + "\n", new SourcePos("t/e/en.md", 7, 1), target(), problems);
    assertEquals(List.of(), problems);
    assertEquals(true, html.contains("x") && html.contains("<hr"), html);
  }

  /** 64 KiB of lines at the nesting limit render in bounded time (linear in size, ~25 µs a byte). */
  @ParameterizedTest
  @ValueSource(strings = {"> ", "1. ", "- "})
  void atTheLimitRendersInBoundedTime(String unit) {
    String line = unit.repeat(16) + "x\n";
    String text = line.repeat((64 << 10) / line.length());
    List<Problem> problems = new ArrayList<>();
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> MD.render(text, new SourcePos("t/e/en.md", 1, 1), target(), problems));
    assertEquals(List.of(), problems);
  }

  /**
   * Issue 12: flexmark reads a link title by recursion, so a title of ~1,500 characters overflowed
   * and was reported as "too deeply nested". Now it is its own located problem, on the title's line,
   * in reference definitions and inline links, with any quote; titles up to the limit render.
   */
  @ParameterizedTest
  @ValueSource(strings = {"[d]: https://example.com/x \"%s\"", "[d]: <https://example.com/x>\n  '%s'", "[d]: https://example.com/x (%s)",
      "inline [a](https://example.com/x \"%s\")"})
  void aLongLinkTitleIsItsOwnProblem(String shape) {
    for (int n : new int[] {Markdown.MAX_LINK_TITLE_CHARS, 20_000}) {
      String text = "See [the doc][d].\n\n" + shape.formatted("a ".repeat(n / 2)) + "\n";
      List<Problem> problems = new ArrayList<>();
      String html = MD.render(text, new SourcePos("t/e/en.md", 7, 1), target(), problems);
      if (n <= Markdown.MAX_LINK_TITLE_CHARS) {
        assertEquals(List.of(), problems, shape);
        assertEquals(true, html.contains("href=\"https://example.com/x\""), html);
      } else {
        assertEquals(List.of("link-title-too-long"), problems.stream().map(Problem::rule).toList(), shape);
        assertEquals("t/e/en.md:9:1", problems.get(0).pos().toString(), shape);
      }
      assertTimeoutPreemptively(Duration.ofSeconds(20), () -> MD.plainText(text));
    }
  }

  private static LinkTarget target() {
    return new LinkTarget(Lang.EN, Set.of(), Map.of());
  }
}
