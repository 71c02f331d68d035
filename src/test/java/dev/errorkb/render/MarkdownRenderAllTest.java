package dev.errorkb.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.errorkb.check.Translations;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.Doc;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Section;
import dev.errorkb.model.SectionKind;
import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import java.io.IOException;
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

/**
 * {@link Markdown#renderAll} parses all fragments of a file as one document; it must give exactly
 * the HTML, plain text and located problems of rendering each fragment on its own.
 */
class MarkdownRenderAllTest {
  private static final Markdown MD = new Markdown(Set.of("kbd", "details", "summary"));
  private static final LinkTarget TARGET = new LinkTarget(Lang.EN, Set.of("img.png", "docs/a.txt"),
      Map.of("other-entry", EnumSet.of(Lang.EN, Lang.JA), "ja-only", EnumSet.of(Lang.JA)));

  /** Lines that open, close or continue every kind of block, and links that raise problems. */
  private static final List<String> LINES = List.of(
      "Plain paragraph text.", "second line with `code` and *emphasis*", "- item one", "- item two", "  continued item",
      "1. first", "2) second", "> quote", "> > nested quote", "```", "```sh", "~~~", "````", "    indented code",
      "", "", "", "| a | b |", "|---|---|", "| 1 | 2 |", "<div>", "</div>", "<!-- comment -->", "<!--", "-->",
      "<kbd>Ctrl</kbd> and <b>bold</b>", "[entry](../other-entry/)", "[ja](../ja-only/index.html#x)", "[abs](/abs)",
      "[missing](../no-such-entry/)", "![](img.png)", "![alt](missing.png)", "[asset](docs/a.txt)", "[ref]: https://example.com",
      "[ref]", "[ref][]", "https://example.com/auto", "www.example.com", "a@b.example", "### Sub heading", "### Sub heading",
      "Setext", "===", "---", "***", "trailing spaces  ", "trailing backslash\\", "&amp; &copy; &#x41; &bogus;",
      "**strong** ~~deleted~~", "[x](javascript:alert(1))", "<script>alert(1)</script>", "<pre>", "</pre>", "## inner h2",
      "#", "# h1", "   ## indented h2", "\tfoo", "    ", "<details>", "<summary>s</summary>", "</details>",
      "`unclosed code", "日本語の文。　全角スペース", "<https://example.com/angle>", "[](#anchor)", "  - nested item",
      "     - deeper item", "Term  ", "<?php echo 1; ?>", "<![CDATA[ x ]]>", "<!DOCTYPE html>", "\\# not a heading");

  private static List<Markdown.Html> oneByOne(List<Markdown.Fragment> fragments, List<Problem> problems) {
    List<Markdown.Html> out = new ArrayList<>();
    for (Markdown.Fragment f : fragments) {
      String html = MD.render(f.markdown(), f.at(), TARGET, problems);
      out.add(new Markdown.Html(html, f.wantText() ? MD.plainText(f.markdown()) : null));
    }
    return out;
  }

  /** Asserts the joined result equals the one-by-one result; returns whether the joined parse was used. */
  private static boolean assertSame(List<Markdown.Fragment> fragments) {
    List<Problem> expectedProblems = new ArrayList<>();
    List<Markdown.Html> expected = oneByOne(fragments, expectedProblems);
    List<Problem> problems = new ArrayList<>();
    List<Markdown.Html> actual = MD.renderAll(fragments, TARGET, problems);
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).html(), actual.get(i).html(), () -> "html differs for " + fragments);
      if (actual.get(i).plainText() != null) {
        assertEquals(expected.get(i).plainText(), actual.get(i).plainText(), () -> "text differs for " + fragments);
      }
    }
    assertEquals(expectedProblems, problems, () -> "problems differ for " + fragments);
    return MD.renderJoined(fragments, TARGET, new ArrayList<>()) != null;
  }

  private static List<Markdown.Fragment> fragments(String path, String... texts) {
    List<Markdown.Fragment> out = new ArrayList<>();
    int line = 3;
    for (String t : texts) {
      out.add(new Markdown.Fragment(t, new SourcePos(path, line, 1), true));
      line += t.split("\n", -1).length + 2;
    }
    return out;
  }

  @Test
  void anOrdinaryFileIsParsedOnceWithTheSameResult() {
    boolean joined = assertSame(fragments("en.md",
        "```\nerror: thing failed\n```",
        "The cause, with a [link](../other-entry/) and ![](img.png).\n\nSecond paragraph.",
        "1. Do this.\n2. Then `that`.\n\n| item | value |\n|---|---|\n| port | 5432 |",
        "```sh\npsql -c 'select 1'\n```"));
    assertEquals(true, joined);
  }

  @Test
  void shapesThatWouldSpanFragmentsFallBackToSeparateParses() {
    // An unclosed fence or an HTML block would swallow the separator; a reference definition
    // would resolve in the other fragments.
    for (String[] texts : List.of(
        new String[] {"```\nunclosed", "after"},
        new String[] {"<div>\nhtml", "after"},
        new String[] {"text", "[ref]: https://example.com", "[ref]"},
        new String[] {"    indented   ", "after   "})) {
      assertSame(fragments("en.md", texts));
    }
    assertNull(MD.renderJoined(fragments("en.md", "```\nunclosed", "after"), TARGET, new ArrayList<>()));
    assertNull(MD.renderJoined(fragments("en.md", "x", "[r]: https://example.com"), TARGET, new ArrayList<>()));
  }

  @Test
  void duplicateHeadingIdsAreNumberedPerFragmentAsBefore() {
    assertEquals(true, assertSame(fragments("en.md", "### Step\n\n### Step", "### Step")));
  }

  @Test
  void tooDeepFragmentsAreReportedAsBefore() {
    assertSame(fragments("en.md", "ok", "> ".repeat(40) + "deep", "after [x](/abs)"));
  }

  @Test
  void randomFragmentsRenderAsIfParsedAlone() {
    Random random = new Random(7);
    int joined = 0;
    int runs = 3000;
    for (int run = 0; run < runs; run++) {
      int n = 1 + random.nextInt(5);
      String[] texts = new String[n];
      for (int i = 0; i < n; i++) {
        StringBuilder sb = new StringBuilder();
        int lines = random.nextInt(8);
        for (int j = 0; j < lines; j++) {
          sb.append(LINES.get(random.nextInt(LINES.size()))).append('\n');
        }
        // Sections come stripped of trailing blanks from the loader, but any text must work.
        texts[i] = random.nextBoolean() ? sb.toString().stripTrailing() : sb.toString();
      }
      if (assertSame(fragments("r" + run + ".md", texts))) {
        joined++;
      }
    }
    // The joined parse must actually be exercised, not only the fallback.
    assertEquals(true, joined > runs / 4, "joined parse used " + joined + " times of " + runs);
  }

  @Test
  void everyMarkdownFileOfTheTestContentRendersAsBefore() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path root : List.of(Path.of("src/test/resources"), Path.of("content"))) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> s = Files.walk(root)) {
          s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
      }
    }
    assertEquals(true, files.size() > 10);
    for (Path p : files) {
      String text;
      try {
        text = Files.readString(p, StandardCharsets.UTF_8);
      } catch (java.nio.charset.MalformedInputException e) {
        continue;
      }
      if (text.length() > 200_000) {
        continue;
      }
      // Split at "## " lines as the loader does (fences aside: any split must work).
      List<String> parts = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      for (String line : text.split("\n", -1)) {
        if (line.startsWith("## ")) {
          parts.add(cur.toString().stripTrailing());
          cur = new StringBuilder();
        } else {
          cur.append(line).append('\n');
        }
      }
      parts.add(cur.toString().stripTrailing());
      assertSame(fragments(p.toString(), parts.toArray(String[]::new)));
    }
  }

  @Test
  void theRendererRecordsTheIndexedSectionsAsPlainTextWouldGiveThem() {
    ContentLoader.Loaded loaded = new ContentLoader(Path.of("content")).load();
    KnowledgeBase kb = loaded.kb();
    Markdown md = new Markdown(kb.site().allowHtml());
    PlainTextMemo memo = new PlainTextMemo(md);
    List<Problem> problems = new ArrayList<>();
    new SiteRenderer(md, new Pages(Path.of("templates")), Messages.load(Path.of("templates"), problems)).render(kb, Translations.of(kb), memo);
    assertEquals(true, memo.size() > 0);
    int checked = 0;
    for (Entry e : kb.entries()) {
      for (Doc d : e.docs().values()) {
        for (SectionKind k : List.of(SectionKind.CAUSE, SectionKind.FIX)) {
          Section s = d.section(k).orElseThrow();
          assertEquals(md.plainText(s.markdown()), memo.apply(s.markdown()));
          checked++;
        }
      }
    }
    assertEquals(true, checked >= memo.size());
  }

  @Test
  void theMemoHandsOutRecordedTextElseComputesIt() {
    PlainTextMemo memo = new PlainTextMemo(MD);
    memo.record("**a**", "recorded");
    assertEquals("recorded", memo.apply("**a**"));
    assertEquals("recorded", memo.apply("**a**"));
    assertEquals("b", memo.apply("**b**"));
    assertEquals(1, memo.size());
  }
}
