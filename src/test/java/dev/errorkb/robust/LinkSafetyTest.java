package dev.errorkb.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import dev.errorkb.render.LinkTarget;
import dev.errorkb.render.Markdown;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression (issue 6): links are checked as the browser will see them. Before, the checker read
 * the source text while flexmark decoded entities when rendering, so {@code [x](javascript&colon;x)}
 * next to an asset of that name was published as {@code href="javascript:x"}; {@code ./javascript:x}
 * did the same through path normalisation.
 */
class LinkSafetyTest {
  private static final Markdown MD = new Markdown(Set.of());
  private static final LinkTarget TARGET = new LinkTarget(Lang.EN,
      Set.of("javascript&colon;alert(1)", "javascript:alert(2)", "a b.txt", "画面.png", "jav\tascript:alert(3)"),
      Map.of("other-entry", Set.of(Lang.EN)));

  private static String render(String md, List<Problem> problems) {
    return MD.render(md, new SourcePos("t/e/en.md", 1, 1), TARGET, problems);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[x](javascript&colon;alert(1))", "[x](&#106;avascript:alert(1))", "[x](&#x6A;avascript:alert(1))",
      "[x](jav&#x09;ascript:alert(1))", "[x](java&NewLine;script:alert(1))", "[x](javascript\\:alert(1))",
      "![x](javascript&colon;alert(1))", "[x]\n\n[x]: javascript&colon;alert(1)", "[x](&#0;javascript:alert(1))"})
  void encodedSchemesAreUnsafeLinks(String md) {
    List<Problem> problems = new ArrayList<>();
    String html = render(md, problems);
    assertTrue(problems.stream().anyMatch(p -> p.isError()), () -> md + " gave no error: " + html);
    assertEquals(List.of(), HtmlSafety.findings(page(html)), md);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[x](javascript&amp;colon;alert(1))|javascript%26colon%3Balert%281%29",
      "[x](./javascript:alert(2))|javascript%3Aalert%282%29",
      "[x](javascript%3Aalert(2))|javascript%3Aalert%282%29",
      "[x](a%20b.txt)|a%20b.txt",
      "[x](画面.png)|%E7%94%BB%E9%9D%A2.png",
      "[x](../other-entry/#fix&colon;x)|../other-entry/index.html#fix%3Ax",
      "[x](#a&quot;b)|#a%22b"})
  void assetAndAnchorLinksArePercentEncoded(String md, String href) {
    List<Problem> problems = new ArrayList<>();
    String html = render(md, problems);
    assertEquals(List.of(), problems.stream().filter(Problem::isError).toList(), md);
    assertTrue(html.contains("href=\"" + href + "\""), () -> md + " → " + html);
    assertEquals(List.of(), HtmlSafety.findings(page(html)), md);
  }

  private static String page(String body) {
    return "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self'\"></head><body>" + body + "</body></html>";
  }
}
