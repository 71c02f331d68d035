package dev.errorkb.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Autolinking only text that could hold a link must render exactly as the stock autolinker. */
class QuietAutolinkTest {
  private static final Set<String> ALLOW = Set.of("kbd");
  private static final Markdown QUIET = new Markdown(ALLOW, false);
  private static final Markdown STOCK = new Markdown(ALLOW, true);
  /**
   * Random texts compared: 2,000 in {@code mvn verify} (20,000 took 16 s of the suite), more in
   * the fuzzing step of .ci/run ({@code -Derrorkb.autolink.iterations=100000}, about 45 s).
   */
  private static final int ITERATIONS = Integer.getInteger("errorkb.autolink.iterations", 2_000);
  private static final LinkTarget TARGET = new LinkTarget(Lang.EN, Set.of("img.png"),
      Map.of("other-entry", EnumSet.of(Lang.EN)));

  /** Pieces that make, nearly make, hide or break links. */
  private static final List<String> PIECES = List.of(
      "plain words", " ", "\n", "\n\n", "https://example.com/a?b=c", "http://x.y", "ftp://host/p", "mailto:a@b.example",
      "www.example.com", "WWW.EXAMPLE.COM", "wWw.x.org", "ww", "w", ".", "a@b.example", "user@", "@host", ":", "://",
      "foo://", "x:y", "&#58;", "&#x3A;", "&colon;", "&commat;", "&#64;", "&amp;", "&lt;", "\\:", "\\@", "\\.",
      "`code https://in.code`", "[t](https://link.example)", "<https://angle.example>", "**", "_", "~~", "- ", "1. ",
      "> ", "日本語", "（https://ja.example/）", "ｗｗｗ．", "e\u0301", "<kbd>K</kbd>", "    ", "|", "---", "#", "(", ")");

  private static void assertSame(String md) {
    List<Problem> p1 = new ArrayList<>();
    List<Problem> p2 = new ArrayList<>();
    SourcePos at = new SourcePos("en.md", 1, 1);
    assertEquals(STOCK.render(md, at, TARGET, p1), QUIET.render(md, at, TARGET, p2), () -> "render of " + md);
    assertEquals(p1, p2, () -> "problems of " + md);
    assertEquals(STOCK.plainText(md), QUIET.plainText(md), () -> "text of " + md);
  }

  @Test
  void randomTextLinksExactlyAsTheStockAutolinker() {
    Random random = new Random(3);
    for (int i = 0; i < ITERATIONS; i++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(10);
      for (int j = 0; j < n; j++) {
        sb.append(PIECES.get(random.nextInt(PIECES.size())));
      }
      assertSame(sb.toString());
    }
  }

  @Test
  void textWithoutTriggersIsSkippedAndTextWithThemIsNot() {
    assertEquals("<p>see <a href=\"https://example.com\">https://example.com</a></p>\n",
        QUIET.render("see https://example.com", new SourcePos("en.md", 1, 1), TARGET, new ArrayList<>()));
    assertEquals("<p>plain text only</p>\n",
        QUIET.render("plain text only", new SourcePos("en.md", 1, 1), TARGET, new ArrayList<>()));
  }

  @Test
  void everyMarkdownFileOfTheTestContentRendersAsBefore() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path root : List.of(Path.of("src/test/resources"), Path.of("content"))) {
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
      }
    }
    for (Path p : files) {
      String text;
      try {
        text = Files.readString(p, StandardCharsets.UTF_8);
      } catch (MalformedInputException e) {
        continue;
      }
      if (text.length() < 200_000 && ParseGuard.tooDeepLine(text) < 0) {
        assertSame(text);
      }
    }
  }
}
