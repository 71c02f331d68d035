package dev.errorkb.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.errorkb.testing.Fixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Rendered pages of the fixture KB in src/test/resources/fixtures/basic/ compared byte for byte
 * with the expected files beside it. After a deliberate change to templates or rendering,
 * regenerate with {@code mvn test -Dtest=GoldenTest -Derrorkb.updateGolden=true} and review the diff.
 */
class GoldenTest {
  static final Path FIXTURE = Path.of("src/test/resources/fixtures/basic");
  static final List<String> PAGES = List.of(
      "index.html", "ja/index.html", "en/index.html", "ja/demo-error/index.html", "en/demo-error/index.html",
      "en/en-only-error/index.html", "en/tags/demo/index.html", "404.html");

  @Test
  void renderedPagesMatchTheGoldenFiles() throws IOException {
    FileSystem fs = Fixture.unix();
    Path content = fs.getPath("/kb/content");
    Path templates = fs.getPath("/kb/templates");
    Fixture.copyTree(FIXTURE.resolve("content"), content);
    Fixture.copyTree(Fixture.repoTemplates(), templates);
    Build.Outcome o = new Build(new BuildOptions(content, templates, fs.getPath("/kb/site"), Optional.empty())).run();
    assertEquals(List.of(), o.problems());
    Map<String, byte[]> site = Fixture.readTree(fs.getPath("/kb/site"));
    // No baseUrl, so no sitemap (its <loc>s must be absolute; issue 13).
    org.junit.jupiter.api.Assertions.assertFalse(site.containsKey("sitemap.xml"));
    boolean update = Boolean.getBoolean("errorkb.updateGolden");
    for (String page : PAGES) {
      Path expected = FIXTURE.resolve("expected").resolve(page);
      String actual = new String(site.get(page), StandardCharsets.UTF_8);
      if (update) {
        Files.createDirectories(expected.getParent());
        Files.writeString(expected, actual, StandardCharsets.UTF_8);
      } else {
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual,
            page + " differs from " + expected + " (regenerate deliberately with -Derrorkb.updateGolden=true)");
      }
    }
  }
}
