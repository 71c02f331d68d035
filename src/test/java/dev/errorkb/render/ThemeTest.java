package dev.errorkb.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.build.Build;
import dev.errorkb.build.BuildOptions;
import dev.errorkb.model.Problem;
import dev.errorkb.testing.Fixture;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The built-in theme (issue 13): a KB with no templates folder builds; an override wins file by file. */
class ThemeTest {
  private final FileSystem fs = Fixture.unix();
  private final Path content = fs.getPath("/kb/content");
  private final Path templates = fs.getPath("/kb/templates");
  private final Path out = fs.getPath("/kb/site");

  private Build.Outcome build() {
    Fixture.write(content, Fixture.SITE + Fixture.ENTRY);
    return new Build(new BuildOptions(content, templates, out, Optional.empty())).run();
  }

  @Test
  void aKbWithoutATemplatesFolderBuildsWithTheBuiltInTheme() throws Exception {
    assertFalse(Files.exists(templates));
    Build.Outcome o = build();
    assertTrue(o.published(), o.problems().toString());
    assertEquals(List.of(), o.problems().stream().filter(Problem::isError).toList());
    for (String f : List.of("index.html", "404.html", "en/index.html", "ja/index.html", "en/demo-error/index.html",
        "en/search/index.html", "assets/style.css", "assets/search.js", "assets/site.js", "errors.json")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    // The built-in files are the repository's templates/, byte for byte: there is one copy.
    assertArrayEquals(Files.readAllBytes(Fixture.repoTemplates().resolve("static/style.css")),
        Files.readAllBytes(out.resolve("assets/style.css")));
    assertTrue(Files.readString(out.resolve("en/demo-error/index.html")).contains("Cause"));
  }

  @Test
  void theBuiltInThemeIsTheRepositorysTemplatesFolder() throws Exception {
    Map<String, byte[]> repo = new TreeMap<>();
    try (var s = Files.walk(Fixture.repoTemplates())) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        repo.put(Fixture.repoTemplates().relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    Map<String, Path> builtin = Theme.builtin().builtinFiles();
    assertEquals(repo.keySet(), builtin.keySet());
    for (Map.Entry<String, Path> f : builtin.entrySet()) {
      assertArrayEquals(repo.get(f.getKey()), Files.readAllBytes(f.getValue()), f.getKey());
    }
  }

  @Test
  void anOverriddenTemplateWinsAndTheOthersComeFromTheJar() throws Exception {
    Fixture.write(templates, """
        -- notfound.ftlh --
        <!doctype html><html lang="en"><title>Custom 404</title><p>gone, says our own theme</p></html>
        -- static/style.css --
        body { color: rebeccapurple; }
        -- messages/en.properties --
        entry.copy=Copy it
        """);
    Build.Outcome o = build();
    assertTrue(o.published(), o.problems().toString());
    assertTrue(Files.readString(out.resolve("404.html")).contains("gone, says our own theme"));
    assertEquals("body { color: rebeccapurple; }\n", Files.readString(out.resolve("assets/style.css")));
    // Not overridden: the built-in entry template and site.js; an overridden bundle keeps the built-in keys.
    String entry = Files.readString(out.resolve("en/demo-error/index.html"));
    assertTrue(entry.contains(">Copy it<"), entry);
    assertTrue(entry.contains("assets/site.js"), entry);
    assertArrayEquals(Files.readAllBytes(Fixture.repoTemplates().resolve("static/site.js")), Files.readAllBytes(out.resolve("assets/site.js")));
    assertEquals(List.of(), o.problems().stream().filter(Problem::isError).toList());
  }

  @Test
  void aThemesOwnSearchJsIsIgnoredWithAWarning() throws Exception {
    Fixture.write(templates, """
        -- static/search.js --
        alert('a search engine out of step with the index');
        """);
    Build.Outcome o = build();
    assertTrue(o.published(), o.problems().toString());
    assertArrayEquals(Files.readAllBytes(Fixture.repoTemplates().resolve("static/search.js")), Files.readAllBytes(out.resolve("assets/search.js")));
    List<String> warnings = o.problems().stream().filter(p -> !p.isError()).map(Problem::toString).toList();
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("templates/static/search.js:1:1: warning: ignored: the search engine is part of errorkb")
        && w.endsWith("[theme-search-js]")), warnings.toString());
  }

  @Test
  void anUnchangedCopyOfSearchJsIsNotWarnedAbout() throws Exception {
    Fixture.copyTree(Fixture.repoTemplates(), templates);
    Build.Outcome o = build();
    assertTrue(o.problems().stream().noneMatch(p -> p.rule().equals("theme-search-js")), o.problems().toString());
  }
}
