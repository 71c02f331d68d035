package dev.errorkb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import dev.errorkb.testing.Fixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, items 12-14 as a user meets them: hostile Markdown gives located, capped output in bounded time. */
class HostileContentCliTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  private String[] folders(String command) {
    return new String[] {command, "--content", dir.resolve("content").toString(),
        "--templates", Fixture.repoTemplates().toString(), "--out", dir.resolve("site").toString()};
  }

  private void entry(String body) throws Exception {
    Fixture.write(dir.resolve("content"), Fixture.SITE + Fixture.ENTRY);
    Files.writeString(dir.resolve("content/tools/demo-error/en.md"), "---\ntitle: t\nsummary: s\n---\n\n" + body, StandardCharsets.UTF_8);
  }

  /** 12,000 repeated sections hung the build (one warning per earlier duplicate: 72 million). */
  @Test
  void twelveThousandDuplicateSectionsGiveOneWarningEachAndACappedPrintout() throws Exception {
    entry("## Cause\n\nx\n\n".repeat(12_000) + "## Fix\n\ny\n");
    int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(folders("check")));
    assertEquals(0, code, err::toString);
    String e = err.toString();
    assertEquals(ProblemPrinter.PER_FILE, e.lines().filter(l -> l.endsWith("[duplicate-section]")).count(), e);
    assertTrue(e.contains("… 11899 more problems in " + dir.resolve("content/tools/demo-error/en.md")
        + " not shown (at most 100 per file are printed)"), e);
    assertTrue(e.contains("0 errors, 11999 warnings"), e);
  }

  @Test
  void aLongHeadingIsALocatedErrorInBoundedTime() throws Exception {
    entry("## Cause\n\nx\n\n## a" + " ".repeat(160_000) + "b\n\n## Fix\n\ny\n");
    int code = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(folders("check")));
    assertEquals(1, code, err::toString);
    assertTrue(err.toString().contains(dir.resolve("content/tools/demo-error/en.md") + ":10:1: error: heading longer than 1000"
        + " characters"), err::toString);
    assertFalse(err.toString().contains("Exception"), err::toString);
  }

  /** 380 KB of link references ran out of memory; 108 KB rendered a 200 MB page. */
  @Test
  void linkReferenceAmplificationIsALocatedErrorWithBoundedMemory() throws Exception {
    // (a title of 2,000 characters overflows flexmark's own title regex: markdown-too-deep, located at the section)
    entry("## Cause\n\n[r]: https://example.com/" + "x".repeat(20_000) + " \"" + "t".repeat(200) + "\"\n\n"
        + "[r] [r] [r] [r]\n\n".repeat(2_000) + "## Fix\n\ny\n");
    int code = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run(folders("build")));
    assertEquals(1, code, err::toString);
    assertTrue(err.toString().contains(dir.resolve("content/tools/demo-error/en.md") + ":58:1: error: link references make"
        + " this section's HTML too large"), err::toString);
    assertFalse(Files.exists(dir.resolve("site")));
  }

  @Test
  void printingIsCappedInAllWithACountOfTheRest() {
    List<Problem> problems = new ArrayList<>();
    for (int f = 0; f < 30; f++) {
      for (int i = 1; i <= 50; i++) {
        problems.add(Problem.error(new SourcePos("t/e" + f + "/en.md", i, 1), "unfinished", "x"));
      }
    }
    StringWriter w = new StringWriter();
    ProblemPrinter.print(new PrintWriter(w), problems, Path.of("content"));
    String s = w.toString();
    assertEquals(ProblemPrinter.TOTAL, s.lines().filter(l -> l.endsWith("[unfinished]")).count());
    assertTrue(s.contains("… 500 more problems not shown (at most 1000 are printed); fix these and run again"), s);
    assertTrue(s.endsWith("1500 errors, 0 warnings\n"), s);
  }
}
