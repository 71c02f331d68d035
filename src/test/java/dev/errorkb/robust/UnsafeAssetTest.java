package dev.errorkb.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SVG script check (unsafe-asset, see the active-assets corpus case) reads whole files of up to
 * 5 MiB from authors: hostile shapes must be scanned in linear time, and plain drawings pass.
 */
class UnsafeAssetTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "<a |1000000||",
      "<a title=\" |400000||",
      "&#106; |600000||",
      "<g  on |600000||",
      "<x:scrip |500000||",
      "<rect x=\"1\"/> |300000||",
      "<g onmouseover = |1| x|unsafe-asset"})
  void svgScanIsLinear(String unit, int times, String tail, String rule) throws IOException {
    String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\">" + unit.repeat(times) + (tail == null ? "" : tail) + "</svg>";
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = fs.getPath("/kb/content");
      Path e = root.resolve("t/e");
      Files.createDirectories(e);
      Files.writeString(root.resolve("site.yaml"), "title:\n  ja: t\n  en: t\nlanguages: [ja, en]\n", StandardCharsets.UTF_8);
      Files.writeString(e.resolve("entry.yaml"), "product: T\nupdated: 2026-01-01\nsignatures:\n  - text: \"fatal: something specific went wrong\"\n", StandardCharsets.UTF_8);
      Files.writeString(e.resolve("en.md"), "---\ntitle: t\nsummary: s\n---\n\n## Cause\n\nx\n\n## Fix\n\ny\n", StandardCharsets.UTF_8);
      Files.writeString(e.resolve("d.svg"), svg, StandardCharsets.UTF_8);
      List<Problem> problems = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new ContentLoader(root).load().problems());
      assertEquals(rule == null ? List.of() : List.of(rule), problems.stream().map(Problem::rule).toList(), unit);
    }
  }
}
