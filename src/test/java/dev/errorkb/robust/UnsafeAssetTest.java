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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SVG allow-list (unsafe-asset, see the active-assets corpus case) parses whole files of up to
 * 5 MiB from authors: hostile shapes must be read in linear time, and plain drawings pass.
 */
class UnsafeAssetTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // Not well-formed: refused at the parser's first error (issue 12: the allow-list reads SVG as XML).
      "<a |1000000||unsafe-asset",
      "<a title=\" |400000||unsafe-asset",
      "<g  on |600000||unsafe-asset",
      "<x:scrip |500000||unsafe-asset",
      "<g onmouseover = |1| x|unsafe-asset",
      // Well-formed and passive: published.
      "&#106; |600000||",
      "<rect x=\"1\"/> |300000||",
      "<g><title>on = one</title></g> |150000||",
      // Well-formed, one refused feature at the end of a long file.
      "<rect x=\"1\"/> |300000|<rect onclick=\"x\"/>|unsafe-asset",
      "<!-- <script> --> |300000|<script/>|unsafe-asset"})
  void svgScanIsLinear(String unit, int times, String tail, String rule) throws IOException {
    String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\">" + unit.repeat(times) + (tail == null ? "" : tail) + "</svg>";
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = fs.getPath("/kb/content");
      OneEntryKb.write(root, "d.svg", svg.getBytes(StandardCharsets.UTF_8));
      List<Problem> problems = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new ContentLoader(root).load().problems());
      assertEquals(rule == null ? List.of() : List.of(rule), problems.stream().map(Problem::rule).toList(), unit);
    }
  }

  /** Deep nesting, many attributes, a huge attribute value: well-formed shapes the parser must read in bounded time. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "<g>|</g>|200000|0",
      "<g class=\"a\">|</g>|200000|0",
      "<text>&#106;&#97;|</text>|150000|0",
      "<a href=\"#x|\"/>|1000000|0",
      "<a href=\"javascript|:x\"/>|1|1",
      "<g style=\"fill:red;|\"/>|300000|0"})
  void wellFormedHostileShapesAreReadInBoundedTime(String open, String close, int times, int problems) throws IOException {
    boolean nested = close.startsWith("</");
    String body = nested ? open.repeat(times) + close.repeat(times) : open + (open.endsWith("\"#x") ? "y".repeat(times)
        : open.contains("style") ? "stroke:blue;".repeat(times / 10) : "") + close;
    String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\">" + body + "</svg>";
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = fs.getPath("/kb/content");
      OneEntryKb.write(root, "d.svg", svg.getBytes(StandardCharsets.UTF_8));
      List<Problem> found = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new ContentLoader(root).load().problems());
      assertEquals(problems, found.size(), () -> open + ": " + found);
    }
  }
}
