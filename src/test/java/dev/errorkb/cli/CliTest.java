package dev.errorkb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.testing.Fixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as a user runs them: output, exit codes, nothing written on failure. */
class CliTest {
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

  @Test
  void buildWritesTheSiteAndCheckPasses() {
    Fixture.write(dir.resolve("content"), Fixture.SITE + Fixture.ENTRY);
    assertEquals(0, run(folders("check")), err.toString());
    assertTrue(out.toString().contains("ok: 1 entries checked"), out.toString());
    assertEquals(0, run(folders("build")), err.toString());
    assertTrue(Files.isRegularFile(dir.resolve("site/en/demo-error/index.html")));
    assertTrue(Files.isRegularFile(dir.resolve("site/errors.json")));
  }

  /** What a user sees on a rebuild: how much was written, step times on request, a forced render. */
  @Test
  void rebuildSaysWhatItWroteAndTimingsAndNoCacheWork() throws Exception {
    Fixture.write(dir.resolve("content"), Fixture.SITE + Fixture.ENTRY);
    assertEquals(0, run(folders("build")), err.toString());
    assertTrue(out.toString().matches("(?s)built (\\d+) files into .* in \\d+ ms \\((\\d+) written, 0 removed, the rest unchanged\\)\n"
        + "search data: .*"), out.toString());

    out.getBuffer().setLength(0);
    String[] again = java.util.stream.Stream.concat(java.util.Arrays.stream(folders("build")), java.util.stream.Stream.of("--timings"))
        .toArray(String[]::new);
    assertEquals(0, run(again), err.toString());
    assertTrue(out.toString().contains("(0 written, 0 removed, the rest unchanged)"), out.toString());
    assertFalse(out.toString().contains("search data:"), "nothing written, nothing to measure: " + out);
    assertTrue(err.toString().contains("timings:\n  fingerprint"), err.toString());
    assertFalse(err.toString().contains("render pages"), "an unchanged rebuild renders nothing: " + err);

    err.getBuffer().setLength(0);
    String[] forced = java.util.stream.Stream.concat(java.util.Arrays.stream(again), java.util.stream.Stream.of("--no-cache"))
        .toArray(String[]::new);
    assertEquals(0, run(forced), err.toString());
    assertTrue(err.toString().contains("render pages"), err.toString());
    assertTrue(Files.readString(dir.resolve("site/.errorkb-manifest")).contains("  en/demo-error/index.html\n"));
  }

  @Test
  void checkPrintsEveryProblemLocatedAndExits1WithoutWriting() {
    Fixture.write(dir.resolve("content"), Fixture.SITE
        + Fixture.ENTRY.replace("tags: [demo, auth]", "tgas: []").replace("2025-11-29", "2025-02-30"));
    assertEquals(1, run(folders("check")));
    String e = err.toString();
    String content = dir.resolve("content").toString();
    assertTrue(e.contains(content + "/tools/demo-error/entry.yaml:2:1: error: unknown key 'tgas' in entry.yaml; did you mean 'tags'? [unknown-key]"), e);
    assertTrue(e.contains(content + "/tools/demo-error/entry.yaml:4:10: error: 'updated' value '2025-02-30' is not a date in the form YYYY-MM-DD [bad-date]"), e);
    assertTrue(e.contains("2 errors, 0 warnings"), e);
    assertFalse(e.contains("Exception"), e);
    assertFalse(Files.exists(dir.resolve("site")));
  }

  @Test
  void failedBuildSaysTheSiteWasLeftAlone() throws Exception {
    Fixture.write(dir.resolve("content"), Fixture.SITE + Fixture.ENTRY);
    assertEquals(0, run(folders("build")));
    byte[] before = Files.readAllBytes(dir.resolve("site/en/demo-error/index.html"));
    Files.writeString(dir.resolve("content/tools/demo-error/en.md"), "no front matter\n");
    assertEquals(1, run(folders("build")));
    assertTrue(err.toString().contains("was left unchanged"), err.toString());
    assertEquals(new String(before, java.nio.charset.StandardCharsets.UTF_8),
        Files.readString(dir.resolve("site/en/demo-error/index.html")));
  }

  @Test
  void usageErrorsExit2() {
    assertEquals(2, run("build", "--no-such-flag"));
    assertTrue(err.toString().contains("Unknown option: '--no-such-flag'"), err.toString());
    assertEquals(2, run());
    assertEquals(2, run("new", "Bad Id"));
    // Issue 12: ids whose path the site itself uses, and output folders overlapping an input.
    assertEquals(2, run("new", "search", "--content", dir.resolve("content").toString()));
    assertTrue(err.toString().contains("id 'search' is reserved"), err.toString());
    assertFalse(Files.exists(dir.resolve("content/search")));
    assertEquals(2, run("build", "--content", dir.resolve("content").toString(), "--out", dir.resolve("content/site").toString()));
    assertTrue(err.toString().contains("overlaps the content folder"), err.toString());
    assertEquals(2, run("build", "--out", "/"));
    assertFalse(err.toString().contains("NullPointerException"), err.toString());
  }

  @Test
  void missingContentFolderIsAProblemNotAStackTrace() {
    assertEquals(1, run(folders("check")));
    assertTrue(err.toString().contains("content folder not found [no-content]"), err.toString());
    assertFalse(err.toString().contains("at dev.errorkb"), err.toString());
  }

  /** Issue 14: the missing folder is named once, not under itself ({@code content/content}). */
  @Test
  void missingContentFolderIsNamedAsGiven() {
    String content = dir.resolve("content").toString();
    assertEquals(1, run(folders("check")));
    assertTrue(err.toString().startsWith(content + ":1:1: error: content folder not found [no-content]\n"), err.toString());
    assertFalse(err.toString().contains(content + "/"), err.toString());
  }

  /** Issue 14: a bundle of {@code --templates tpl} is named under tpl, not under templates/ or the content folder. */
  @Test
  void problemInACustomTemplatesFolderIsNamedUnderIt() throws Exception {
    Fixture.write(dir.resolve("content"), Fixture.SITE + Fixture.ENTRY);
    Path tpl = dir.resolve("tpl");
    Fixture.write(tpl, """
        -- messages/en.properties --
        only.in.english=Hi
        """);
    assertEquals(1, run("check", "--content", dir.resolve("content").toString(), "--templates", tpl.toString(),
        "--out", dir.resolve("site").toString()));
    assertTrue(err.toString().startsWith(tpl + "/messages/ja.properties:1:1: error: message 'only.in.english' is missing in ja"),
        err.toString());
    assertFalse(err.toString().contains("templates/"), err.toString());
  }

  /** Issue 14: a broken template of {@code --templates tpl2}, a data error and a syntax error, is located in tpl2. */
  @Test
  void brokenTemplateInACustomFolderIsLocatedThere() throws Exception {
    Fixture.write(dir.resolve("content"), Fixture.SITE + Fixture.ENTRY);
    Path tpl2 = dir.resolve("tpl2");
    Files.createDirectories(tpl2);
    String tag = Files.readString(Fixture.repoTemplates().resolve("tag.ftlh"));
    Files.writeString(tpl2.resolve("tag.ftlh"), tag.replace("${msg[\"tag.heading\"]?replace(\"{0}\", tag)}</h1>", "${noSuchVariable}</h1>"));
    String[] args = {"check", "--content", dir.resolve("content").toString(), "--templates", tpl2.toString(),
        "--out", dir.resolve("site").toString()};
    assertEquals(1, run(args));
    assertTrue(err.toString().startsWith(tpl2 + "/tag.ftlh:3:7: error: 'noSuchVariable' is missing or null"), err.toString());

    // A syntax error fails every page using the template, on several threads; each is the same located problem.
    err.getBuffer().setLength(0);
    Files.writeString(tpl2.resolve("tag.ftlh"), "x\n<#if >\n");
    assertEquals(1, run(args));
    assertTrue(err.toString().startsWith(tpl2 + "/tag.ftlh:2:6: error: "), err.toString());
    assertTrue(err.toString().endsWith("[template-syntax]\n1 error, 0 warnings\n"), err.toString());
  }

  /** The default folders, given as relative paths, print as before; an absolute path inside the working folder relative to it. */
  @Test
  void defaultFoldersPrintAsBefore() {
    StringWriter w = new StringWriter();
    ProblemPrinter.print(new PrintWriter(w), List.of(
        Problem.error(new SourcePos("tools/demo-error/entry.yaml", 2, 1), "unknown-key", "a"),
        Problem.error(SourcePos.template("tag.ftlh", 3, 7), "template-error", "b"),
        Problem.error(SourcePos.absolute(Path.of("content").toAbsolutePath().toString()), "no-content", "c"),
        Problem.error(SourcePos.absolute(dir.resolve("elsewhere").toString()), "no-content", "d")),
        Path.of("content"), Path.of("templates"));
    assertEquals("""
        content/tools/demo-error/entry.yaml:2:1: error: a [unknown-key]
        templates/tag.ftlh:3:7: error: b [template-error]
        content:1:1: error: c [no-content]
        %s:1:1: error: d [no-content]
        4 errors, 0 warnings
        """.formatted(dir.resolve("elsewhere")), w.toString());
  }

  @Test
  void versionAndHelp() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("errorkb "), out.toString());
    assertEquals(0, run("build", "--help"));
    assertTrue(out.toString().contains("--base-url"), out.toString());
  }

  @Test
  void newScaffoldFailsCheckUntilFilledIn() throws Exception {
    Fixture.write(dir.resolve("content"), Fixture.SITE);
    NewCommand cmd = new NewCommand();
    cmd.clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    CommandLine sub = new CommandLine(cmd);
    sub.setOut(new PrintWriter(out, true));
    sub.setErr(new PrintWriter(err, true));
    assertEquals(0, sub.execute("broken-thing", "--product", "Demo Tool", "--content", dir.resolve("content").toString()));
    Path e = dir.resolve("content/demo-tool/broken-thing");
    assertTrue(Files.readString(e.resolve("entry.yaml")).contains("updated: 2026-01-02"));
    assertEquals(1, run(folders("check")));
    assertTrue(err.toString().contains("[unfinished]"), err.toString());
    assertEquals(2, cl.execute("new", "broken-thing", "--content", dir.resolve("content").toString()),
        "a second scaffold with the same id, even in another folder, is refused");
    assertTrue(err.toString().contains("id 'broken-thing' is already used by"), err.toString());

    // Fill in every TODO the way an author would.
    Files.writeString(e.resolve("entry.yaml"), Files.readString(e.resolve("entry.yaml"))
        .replace("TODO paste the exact error text users see", "fatal: broken thing refused the frobnication request"));
    for (String lang : new String[] {"en", "ja"}) {
      Path p = e.resolve(lang + ".md");
      StringBuilder sb = new StringBuilder();
      for (String line : Files.readAllLines(p)) {
        sb.append(line.replace("TODO ", "Filled: ")).append('\n');
      }
      Files.writeString(p, sb.toString());
    }
    err.getBuffer().setLength(0);
    assertEquals(0, run(folders("check")), err.toString());
  }
}
