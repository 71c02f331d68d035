package dev.errorkb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code errorkb init} and {@code errorkb theme export} (issue 13): a KB needs nothing but the jar. */
class InitCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  @Test
  void initThenCheckThenBuildWorksWithNoTemplatesFolder() throws Exception {
    Path kb = dir.resolve("mykb");
    assertEquals(0, run("init", kb.toString()), err.toString());
    assertTrue(Files.isRegularFile(kb.resolve("content/site.yaml")));
    assertTrue(Files.readString(kb.resolve(".gitignore")).contains("site/\n.site.cache/\n"));
    assertTrue(Files.readString(kb.resolve("README.md")).contains("errorkb.jar build"));
    assertFalse(Files.exists(kb.resolve("templates")));
    String c = kb.resolve("content").toString();
    // --templates is not given: the default folder (absent here) falls back to the built-in theme.
    assertEquals(0, run("check", "--content", c), err.toString());
    assertTrue(out.toString().contains("ok: 1 entries checked"), out.toString());
    assertEquals("", err.toString(), "the example entry has no warning either");
    assertEquals(0, run("build", "--content", c, "--out", kb.resolve("site").toString()), err.toString());
    for (String f : new String[] {"index.html", "ja/docker-daemon-not-running/index.html", "en/docker-daemon-not-running/index.html",
        "assets/search.js", "errors.json"}) {
      assertTrue(Files.isRegularFile(kb.resolve("site").resolve(f)), f);
    }
  }

  @Test
  void withoutABaseUrlTheBuildSaysWhatIsLeftOutAndWithOneThe404WorksAtAnyDepth() throws Exception {
    assertEquals(0, run("init", dir.toString()), err.toString());
    String c = dir.resolve("content").toString();
    assertEquals(0, run("build", "--content", c, "--out", dir.resolve("site").toString()), err.toString());
    assertTrue(err.toString().contains("site.yaml:1:1: warning: no baseUrl: sitemap.xml is not written"), err.toString());
    assertTrue(err.toString().contains("[no-base-url]\n0 errors, 1 warning"), err.toString());
    assertFalse(Files.exists(dir.resolve("site/sitemap.xml")));
    assertFalse(Files.readString(dir.resolve("site/en/feed.xml")).contains("rel=\"self\""));

    err.getBuffer().setLength(0);
    assertEquals(0, run("build", "--content", c, "--out", dir.resolve("site").toString(), "--base-url", "https://kb.example/errors/"),
        err.toString());
    assertEquals("", err.toString());
    assertTrue(Files.isRegularFile(dir.resolve("site/sitemap.xml")));
    String notFound = Files.readString(dir.resolve("site/404.html"));
    // Served for a missing page at any depth, its links and styles must not be page-relative.
    assertTrue(notFound.contains("href=\"https://kb.example/errors/assets/style.css\""), notFound);
    assertTrue(notFound.contains("href=\"https://kb.example/errors/en/index.html\""), notFound);
    String feed = Files.readString(dir.resolve("site/en/feed.xml"));
    assertTrue(feed.contains("<id>https://kb.example/errors/en/docker-daemon-not-running/</id>"), feed);
  }

  @Test
  void initRefusesAFolderThatAlreadyHoldsAKb() throws Exception {
    assertEquals(0, run("init", dir.toString()), err.toString());
    String before = Files.readString(dir.resolve("content/site.yaml"));
    assertEquals(2, run("init", dir.toString()));
    assertTrue(err.toString().contains("already exists; init only starts a new knowledge base"), err.toString());
    assertEquals(before, Files.readString(dir.resolve("content/site.yaml")));
  }

  @Test
  void themeExportCopiesTheThemeWithoutSearchJsAndABuildUsesIt() throws Exception {
    assertEquals(0, run("init", dir.toString()), err.toString());
    Path t = dir.resolve("templates");
    assertEquals(0, run("theme", "export", t.toString()), err.toString());
    assertTrue(Files.isRegularFile(t.resolve("entry.ftlh")));
    assertTrue(Files.isRegularFile(t.resolve("messages/ja.properties")));
    assertTrue(Files.isRegularFile(t.resolve("static/style.css")));
    assertFalse(Files.exists(t.resolve("static/search.js")), "search.js is errorkb's, not the theme's");
    Files.writeString(t.resolve("static/style.css"), "/* ours */\n");
    assertEquals(0, run("build", "--content", dir.resolve("content").toString(), "--templates", t.toString(),
        "--out", dir.resolve("site").toString()), err.toString());
    assertEquals("/* ours */\n", Files.readString(dir.resolve("site/assets/style.css")));
    assertTrue(Files.size(dir.resolve("site/assets/search.js")) > 1000);

    assertEquals(2, run("theme", "export", t.toString()));
    assertTrue(err.toString().contains("already exists and is not empty"), err.toString());
  }

  @Test
  void anExplicitTemplatesFolderThatDoesNotExistIsAUsageError() {
    assertEquals(0, run("init", dir.toString()), err.toString());
    assertEquals(2, run("check", "--content", dir.resolve("content").toString(), "--templates", dir.resolve("nope").toString()));
    assertTrue(err.toString().contains("--templates " + dir.resolve("nope") + ": no such folder"), err.toString());
  }
}
