package dev.errorkb.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checker the corpus relies on must itself catch executable markup, or the corpus proves nothing. */
class HtmlSafetyTest {
  private static final String CSP = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'\">";

  @ParameterizedTest
  @ValueSource(strings = {
      "<script>alert(1)</script>",
      "<script src=\"https://cdn.example/x.js\"></script>",
      "<img src=x onerror=alert(1)>",
      "<a href=\"javascript:alert(1)\">x</a>",
      "<a href=\" JaVa&#09;ScRiPt:alert(1)\">x</a>",
      "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
      "<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
      "<svg onload=alert(1)></svg>",
      "<iframe src=\"https://example.com\"></iframe>",
      "<details open ontoggle=alert(1)>x</details>",
      "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
      "<base href=\"https://evil.example/\">",
      "<div style=\"background:url(javascript:alert(1))\">x</div>"})
  void findsExecutableMarkup(String snippet) {
    assertFalse(HtmlSafety.findings("<!DOCTYPE html><html><head>" + CSP + "</head><body>" + snippet + "</body></html>").isEmpty(), snippet);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
      "<p title=\"&quot; onerror=&quot;alert(1)\">x</p>",
      "<a href=\"../x/index.html\">x</a><img src=\"shot.png\" alt=\"a\">",
      "<script src=\"../assets/site.js\"></script>"})
  void acceptsEscapedMarkup(String snippet) {
    assertEquals(List.of(), HtmlSafety.findings("<!DOCTYPE html><html><head>" + CSP + "</head><body>" + snippet + "</body></html>"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self' 'unsafe-inline'\">"})
  void requiresStrictCsp(String head) {
    assertFalse(HtmlSafety.findings("<html><head>" + head + "</head><body></body></html>").isEmpty());
  }
}
