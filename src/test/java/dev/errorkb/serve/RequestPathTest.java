package dev.errorkb.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Request paths to site keys; everything that could leave the site is refused. */
class RequestPathTest {
  @ParameterizedTest
  @CsvSource({
      "/, index.html",
      "/en/, en/index.html",
      "/en/aws-login-400/, en/aws-login-400/index.html",
      "/en/aws-login-400/index.html, en/aws-login-400/index.html",
      "/ja/tags/%E8%AA%8D%E8%A8%BC/, ja/tags/認証/index.html",
      "/assets/style.css, assets/style.css",
      "/en/a+b/, en/a+b/index.html",
      "/en/..., en/...",
      "/en/x/100%25.txt, en/x/100%.txt",
      "/en/x/50%25%20off.txt, en/x/50% off.txt"})
  void accepted(String raw, String key) {
    assertEquals(Optional.of(key), RequestPath.toKey(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "en/", "/..", "/../x", "/en/../x", "/en/..", "/./x", "/en//x", "/%2e%2e/x", "/%2E%2e/x", "/en/%2e/x",
      "/%2e%2e%2fx", "/%252e%252e/x", "/en\\..\\x", "/en/%5c..%5cx", "/en/%5C", "/%00", "/x%00.html", "/%",
      "/%zz", "/%c0%ae%c0%ae/x", "/%ff", "/en/%0a/x", "/%252E%252E/x", "/en/%252fx", "/en/%255cx", "/en/x%2500"})
  void refused(String raw) {
    assertEquals(Optional.empty(), RequestPath.toKey(raw));
  }
}
