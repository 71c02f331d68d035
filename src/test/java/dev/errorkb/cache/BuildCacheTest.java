package dev.errorkb.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.build.Build;
import dev.errorkb.build.BuildOptions;
import dev.errorkb.build.Timings;
import dev.errorkb.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The build cache: an unchanged KB is not rendered again, and any change to content, templates
 * or the site on disk gives a real build (a stale page is never served).
 */
class BuildCacheTest {
  private final FileSystem fs = Fixture.unix();
  private final Path content = fs.getPath("/kb/content");
  private final Path templates = fs.getPath("/kb/templates");
  private final Path out = fs.getPath("/kb/site");

  /** An entry that gives a warning, so the cache must report problems it did not recompute. */
  private static final String WARNED = """
      -- net/warned/entry.yaml --
      product: Net Tool
      updated: 2025-10-01
      signatures:
        - text: "net: connection reset by remote peer while reading headers"
      -- net/warned/en.md --
      ---
      title: "Connection reset"
      summary: "The proxy closes idle connections."
      ---
      ![](diagram.svg)

      ## Cause
      The proxy times out.
      ## Fix
      Raise the proxy timeout.
      -- net/warned/diagram.svg --
      <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>
      """;

  BuildCacheTest() {
    Fixture.copyTree(Fixture.repoTemplates(), templates);
    Fixture.write(content, Fixture.SITE + Fixture.ENTRY + WARNED);
  }

  private record Run(Build.Outcome outcome, List<String> steps) {}

  private Run build(boolean useCache) {
    Build.Outcome o = new Build(new BuildOptions(content, templates, out, Optional.empty(), useCache)).run();
    return new Run(o, o.timings().steps().stream().map(Timings.Step::name).toList());
  }

  /**
   * An input is hashed from the size its walk saw, in one read: the hash is the file's whatever
   * happened between walk and read (grown: read whole; shrunk: what is there).
   */
  @Test
  void anInputIsHashedAsItIsWhateverSizeTheWalkSaw() throws Exception {
    Path f = fs.getPath("/kb/input.md");
    byte[] bytes = "## Cause\nThe proxy times out.\n".repeat(50).getBytes(StandardCharsets.UTF_8);
    Files.write(f, bytes);
    String want = dev.errorkb.util.Sha256.hex(bytes);
    assertEquals(want, BuildCache.hashFile(f, bytes.length));
    assertEquals(want, BuildCache.hashFile(f, bytes.length - 10), "grown since the walk");
    assertEquals(want, BuildCache.hashFile(f, bytes.length + 10), "shrunk since the walk");
    assertEquals(want, BuildCache.hashFile(f, 0));
    Files.write(f, new byte[0]);
    assertEquals(dev.errorkb.util.Sha256.hex(new byte[0]), BuildCache.hashFile(f, 0));
  }

  /** A cached problem keeps the folder its path is relative to; a record without one is the content folder's. */
  @Test
  void cachedProblemsKeepTheirRoot() {
    for (dev.errorkb.model.Problem p : List.of(
        dev.errorkb.model.Problem.warning(new dev.errorkb.model.SourcePos("net/a/en.md", 3, 4), "r", "m\tn"),
        dev.errorkb.model.Problem.warning(dev.errorkb.model.SourcePos.template("static/search.js", 0, 0), "theme-search-js", "m"),
        dev.errorkb.model.Problem.error(dev.errorkb.model.SourcePos.absolute("/x/content"), "no-content", "m"))) {
      assertEquals(p, BuildCache.parseProblem(BuildCache.formatProblem(p)));
    }
    assertEquals("warning\tnet/a/en.md\t3\t4\tr\tm", BuildCache.formatProblem(
        dev.errorkb.model.Problem.warning(new dev.errorkb.model.SourcePos("net/a/en.md", 3, 4), "r", "m")));
  }

  @Test
  void unchangedRebuildRendersNothingAndRepeatsTheWarnings() {
    Run first = build(true);
    assertTrue(first.outcome().published(), () -> first.outcome().problems().toString());
    assertFalse(first.outcome().problems().isEmpty(), "the fixture should give a warning");
    assertTrue(first.steps().contains("render pages"));
    Map<String, byte[]> site = Fixture.readTree(out);

    Run second = build(true);

    assertEquals(List.of("fingerprint"), second.steps(), "nothing but the fingerprint should run");
    assertEquals(first.outcome().problems(), second.outcome().problems());
    assertEquals(first.outcome().files(), second.outcome().files());
    assertEquals(0, second.outcome().written());
    assertEquals(site.keySet(), Fixture.readTree(out).keySet());
  }

  @Test
  void aContentChangeRebuildsAndOnlyChangedFilesAreWritten() throws Exception {
    build(true);
    Path en = content.resolve("net/warned/en.md");
    Files.writeString(en, Files.readString(en, StandardCharsets.UTF_8).replace("The proxy times out.", "The proxy idles out."),
        StandardCharsets.UTF_8);

    Run second = build(true);

    assertTrue(second.steps().contains("render pages"));
    assertTrue(new String(Fixture.readTree(out).get("en/warned/index.html"), StandardCharsets.UTF_8).contains("idles out"));
    assertTrue(second.outcome().written() > 0 && second.outcome().written() < second.outcome().files(),
        "written " + second.outcome().written() + " of " + second.outcome().files());
  }

  @Test
  void aTemplateChangeRebuilds() throws Exception {
    build(true);
    Path layout = templates.resolve("layout.ftlh");
    Files.writeString(layout, Files.readString(layout, StandardCharsets.UTF_8).replace("</body>", "<!-- changed --></body>"),
        StandardCharsets.UTF_8);

    Run second = build(true);

    assertTrue(second.steps().contains("render pages"));
    assertTrue(new String(Fixture.readTree(out).get("en/warned/index.html"), StandardCharsets.UTF_8).contains("<!-- changed -->"));
  }

  @Test
  void aFileRemovedFromTheSiteIsBuiltAgain() throws Exception {
    build(true);
    byte[] page = Files.readAllBytes(out.resolve("en/warned/index.html"));
    Files.delete(out.resolve("en/warned/index.html"));

    Run second = build(true);

    assertTrue(second.steps().contains("render pages"));
    assertArrayEquals(page, Files.readAllBytes(out.resolve("en/warned/index.html")));
  }

  @Test
  void noCacheRendersEverything() {
    build(true);
    Run second = build(false);
    assertTrue(second.steps().contains("render pages"));
    assertEquals(0, second.outcome().written());
  }

  @Test
  void aFailedBuildIsNotRemembered() throws Exception {
    build(true);
    Path yaml = content.resolve("net/warned/entry.yaml");
    String good = Files.readString(yaml, StandardCharsets.UTF_8);
    Files.writeString(yaml, good + "nonsense: [\n", StandardCharsets.UTF_8);
    assertFalse(build(true).outcome().published());
    Files.writeString(yaml, good, StandardCharsets.UTF_8);
    // Back to the inputs of the published site: nothing to do.
    assertEquals(List.of("fingerprint"), build(true).steps());
  }

  @Test
  void fingerprintCoversPathsBytesAndSettings() throws Exception {
    BuildCache cache = new BuildCache(out);
    String a = cache.fingerprint(List.of(content, templates), List.of("baseUrl ")).hash();
    assertEquals(a, cache.fingerprint(List.of(content, templates), List.of("baseUrl ")).hash());
    assertNotEquals(a, cache.fingerprint(List.of(content, templates), List.of("baseUrl https://kb.example/")).hash());
    assertNotEquals(a, cache.fingerprint(List.of(templates, content), List.of("baseUrl ")).hash());
    Files.move(content.resolve("net/warned/diagram.svg"), content.resolve("net/warned/diagram2.svg"));
    assertNotEquals(a, cache.fingerprint(List.of(content, templates), List.of("baseUrl ")).hash());
  }

  /**
   * Size and modification time decide whether a file is read again, but not for a file modified
   * just before the last build recorded it: an edit in the same instant keeps both.
   */
  @Test
  void anEditKeepingSizeAndTimeIsSeenWhenTheTimeIsRecent() throws Exception {
    Path en = content.resolve("net/warned/en.md");
    java.nio.file.attribute.FileTime recorded = Files.getLastModifiedTime(en);
    build(true);
    Files.writeString(en, Files.readString(en, StandardCharsets.UTF_8).replace("times out", "idles out"), StandardCharsets.UTF_8);
    Files.setLastModifiedTime(en, recorded);

    Run second = build(true);

    assertTrue(second.steps().contains("render pages"), "a file recorded within two seconds of its change must be read again");
    assertTrue(new String(Fixture.readTree(out).get("en/warned/index.html"), StandardCharsets.UTF_8).contains("idles out"));
  }

  /** A second entry, so a rebuild has one entry to keep and one to render. */
  private static final String OTHER = """
      -- net/other/entry.yaml --
      product: Net Tool
      updated: 2025-10-02
      signatures:
        - text: "net: TLS handshake with upstream failed after certificate rotation"
      -- net/other/en.md --
      ---
      title: "TLS handshake failed"
      summary: "The upstream certificate changed."
      ---
      Compare with [the reset entry](../warned/).

      ## Cause
      The **pinned** certificate expired.
      ## Fix
      Update the pin.
      """;

  private Map<String, byte[]> fullBuildElsewhere() {
    Path other = fs.getPath("/full/site");
    Build.Outcome o = new Build(new BuildOptions(content, templates, other, Optional.empty(), false)).run();
    assertTrue(o.published());
    return Fixture.readTree(other);
  }

  /** Builds with a third entry, edits that entry, and rebuilds: demo-error and warned are kept, only `other` is rendered. */
  private Run editOneOfThree() throws Exception {
    Fixture.write(content, OTHER);
    build(true);
    Path en = content.resolve("net/other/en.md");
    Files.writeString(en, Files.readString(en, StandardCharsets.UTF_8).replace("Update the pin.", "Update the pin, then reload."),
        StandardCharsets.UTF_8);
    Run second = build(true);
    assertTrue(second.steps().contains("plan (2 kept)"), second.steps().toString());
    return second;
  }

  @Test
  void onlyChangedEntriesAreRenderedAndTheSiteEqualsAFullBuild() throws Exception {
    Run second = editOneOfThree();
    assertTrue(second.steps().stream().anyMatch(s -> s.startsWith("search data (1 counted, ") && s.contains("files patched")),
        "the search data is patched, not written whole: " + second.steps());
    Map<String, byte[]> full = fullBuildElsewhere();
    Map<String, byte[]> incremental = Fixture.readTree(out);
    assertEquals(full.keySet(), incremental.keySet());
    for (String p : full.keySet()) {
      assertArrayEquals(full.get(p), incremental.get(p), p);
    }
    Build.Outcome fresh = new Build(new BuildOptions(content, templates, fs.getPath("/full2/site"), Optional.empty(), false)).run();
    assertEquals(fresh.problems(), second.outcome().problems(), "kept entries must report their problems again");
  }

  /**
   * An edit rebuild copies the unchanged entries' render records from the old file as bytes: the
   * file must be byte for byte the one a cold build of the same content writes (every record
   * formatted).
   */
  @Test
  void theRenderRecordsOfAnEditRebuildAreThoseOfAColdBuild() throws Exception {
    Run second = editOneOfThree();

    Path cold = fs.getPath("/cold/site");
    assertTrue(new Build(new BuildOptions(content, templates, cold, Optional.empty(), true)).run().published());
    byte[] want = Files.readAllBytes(fs.getPath("/cold/.site.cache/entries"));
    byte[] got = Files.readAllBytes(fs.getPath("/kb/.site.cache/entries"));
    assertEquals(new String(want, StandardCharsets.UTF_8), new String(got, StandardCharsets.UTF_8));
    assertArrayEquals(want, got);
    // So are the per-entry index records and search counts (kept by content hash, so the same set
    // of entries gives the same file), and the edited entry's are the new ones.
    for (String name : List.of("index-entries", "search-counts")) {
      byte[] w = Files.readAllBytes(fs.getPath("/cold/.site.cache/" + name));
      byte[] g = Files.readAllBytes(fs.getPath("/kb/.site.cache/" + name));
      assertArrayEquals(w, g, name);
      assertTrue(new String(g, StandardCharsets.UTF_8).contains("then reload"), name + ": the edited entry's record is the new one");
    }
    // And the search data's state, which a patch brings up to date.
    assertArrayEquals(Files.readAllBytes(fs.getPath("/cold/.site.cache/search-state")),
        Files.readAllBytes(fs.getPath("/kb/.site.cache/search-state")), "search-state");
  }

  /**
   * A record must describe what the site holds: if the records are older than the site (a build
   * killed after publishing, before recording), going back to the recorded content must render.
   */
  @Test
  void aRecordOlderThanTheSiteIsNotTrusted() throws Exception {
    Path en = content.resolve("net/warned/en.md");
    String a = Files.readString(en, StandardCharsets.UTF_8);
    build(true);
    Path entries = fs.getPath("/kb/.site.cache/entries");
    byte[] recordsOfA = Files.readAllBytes(entries);
    Files.writeString(en, a.replace("times out", "idles out"), StandardCharsets.UTF_8);
    build(true);
    Files.write(entries, recordsOfA);
    Files.writeString(en, a, StandardCharsets.UTF_8);

    build(true);

    assertTrue(new String(Fixture.readTree(out).get("en/warned/index.html"), StandardCharsets.UTF_8).contains("times out"));
  }

  @Test
  void problemTextSurvivesTheCacheFile() {
    String s = "tab\there, newline\nthere, back\\slash and 日本語";
    assertEquals(s, BuildCache.unescape(BuildCache.escape(s)));
    assertFalse(BuildCache.escape(s).contains("\n") || BuildCache.escape(s).contains("\t"));
  }

  /**
   * Issue 15: CI restores the output folder and its cache into a fresh clone, where every input
   * has a new inode, change time and modification time. Nothing changed, so nothing is rendered
   * or written; the files are hashed again once, and their new stats are kept, so the build after
   * that hashes none.
   */
  @Test
  void aRestoredCacheInAFreshCloneDoesNothingAndKeepsTheNewStats(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path a = tmp.resolve("a");
    Fixture.copyTree(content, a.resolve("content"));
    Fixture.copyTree(templates, a.resolve("templates"));
    BuildOptions first = new BuildOptions(a.resolve("content"), a.resolve("templates"), a.resolve("site"), Optional.empty(), true);
    assertTrue(new Build(first).run().published());

    Path b = tmp.resolve("b"); // the clone: inputs copied (new inodes and times), outputs restored with theirs
    Fixture.copyTree(a.resolve("content"), b.resolve("content"));
    Fixture.copyTree(a.resolve("templates"), b.resolve("templates"));
    java.nio.file.attribute.FileTime hourAgo = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    try (var files = Files.walk(b)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(p, hourAgo);
      }
    }
    for (String dir : List.of("site", ".site.cache")) {
      try (var files = Files.walk(a.resolve(dir))) {
        for (Path p : files.toList()) {
          Path target = b.resolve(dir).resolve(a.resolve(dir).relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    }
    BuildOptions clone = new BuildOptions(b.resolve("content"), b.resolve("templates"), b.resolve("site"), Optional.empty(), true);
    Build.Outcome restored = new Build(clone).run();

    assertEquals(List.of("fingerprint"), restored.timings().steps().stream().map(Timings.Step::name).toList());
    assertEquals(0, restored.written());
    BuildCache cache = new BuildCache(b.resolve("site"));
    BuildCache.Fingerprint again = cache.fingerprint(List.of(b.resolve("content"), b.resolve("templates")), List.of("baseUrl "));
    assertEquals(0, again.reread(), "the restored inputs' new stats should have been recorded");
    Files.writeString(b.resolve("content/net/warned/en.md"), "changed", StandardCharsets.UTF_8);
    assertEquals(1, cache.fingerprint(List.of(b.resolve("content"), b.resolve("templates")), List.of("baseUrl ")).reread());
  }
}
