package dev.errorkb.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.model.Problem;
import dev.errorkb.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, data loss items: names with control characters, reserved ids, dot-folders, overlaps, self-repair. */
class BuildRound2Test {
  private final FileSystem fs = Fixture.unix();
  private final Path content = fs.getPath("/kb/content");
  private final Path templates = fs.getPath("/kb/templates");
  private final Path out = fs.getPath("/kb/site");

  BuildRound2Test() {
    Fixture.copyTree(Fixture.repoTemplates(), templates);
    Fixture.write(content, Fixture.SITE + Fixture.ENTRY);
  }

  private Build.Outcome build(boolean useCache) {
    return build(content, templates, out, useCache);
  }

  private static Build.Outcome build(Path content, Path templates, Path out, boolean useCache) {
    return new Build(new BuildOptions(content, templates, out, Optional.empty(), useCache)).run();
  }

  private static List<String> rules(Build.Outcome o) {
    return o.problems().stream().filter(Problem::isError).map(p -> p.pos() + " " + p.rule()).toList();
  }

  @Test
  void aNameWithALineBreakIsALocatedProblemAndTheSiteIsUntouched() throws Exception {
    assertTrue(build(true).published());
    Map<String, byte[]> before = Fixture.readTree(out);
    Files.writeString(content.resolve("tools/demo-error/x\nD errors.schema.json"), "x");
    Files.createDirectories(content.resolve("tools/demo-error/z\rD en"));
    Files.writeString(content.resolve("tools/demo-error/z\rD en/a.txt"), "x");
    Build.Outcome o = build(true);
    assertFalse(o.published());
    assertEquals(List.of("tools/demo-error/x\\u000aD errors.schema.json:1:1 bad-file-name",
        "tools/demo-error/z\\u000dD en/a.txt:1:1 bad-file-name"), rules(o));
    assertEquals(before.keySet(), Fixture.readTree(out).keySet());
  }

  @Test
  void aBackslashInAnAssetNameIsRefusedByTheLoaderNotThePublisher(@TempDir Path dir) throws Exception {
    Path c = dir.resolve("content");
    Fixture.write(c, Fixture.SITE + Fixture.ENTRY);
    Files.writeString(c.resolve("tools/demo-error/a\\b.txt"), "x");
    Build.Outcome o = build(c, templates, dir.resolve("site"), true);
    assertEquals(List.of("tools/demo-error/a\\b.txt:1:1 bad-file-name"), rules(o));
  }

  /** A content folder given as a link is read where it points; links inside it are still refused. */
  @Test
  void aContentFolderGivenAsALinkBuilds() throws Exception {
    Path link = fs.getPath("/elsewhere/kb-link");
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, content);
    Build.Outcome o = build(link, templates, fs.getPath("/elsewhere/site"), true);
    assertEquals(List.of(), rules(o));
    assertTrue(o.published());
    assertTrue(build(true).published());
    assertEquals(Fixture.readTree(out).keySet(), Fixture.readTree(fs.getPath("/elsewhere/site")).keySet(), "the same site as from the folder itself");
    Files.createSymbolicLink(content.resolve("tools/demo-error/pw.txt"), fs.getPath("/etc-passwd"));
    assertEquals(List.of("tools/demo-error/pw.txt:1:1 symlink"), rules(build(link, templates, fs.getPath("/elsewhere/site"), true)));
  }

  @Test
  void reservedIdsAreRefusedByFolderNameAndById() {
    Fixture.write(content, """
        -- tools/search/entry.yaml --
        product: Demo Tool
        updated: 2025-11-29
        signatures:
          - text: "search broke"
        -- tools/search/en.md --
        ---
        title: "Search"
        summary: "s"
        ---
        ## Cause
        c
        ## Fix
        f
        -- tools/other/entry.yaml --
        id: tags
        product: Demo Tool
        updated: 2025-11-29
        signatures:
          - text: "tags broke"
        -- tools/other/en.md --
        ---
        title: "Tags"
        summary: "t"
        ---
        ## Cause
        c
        ## Fix
        f
        """);
    Build.Outcome o = build(true);
    assertFalse(o.published());
    assertEquals(List.of("tools/other/entry.yaml:1:5 reserved-id", "tools/search/entry.yaml:1:1 reserved-id"), rules(o));
  }

  @Test
  void dotFoldersAndEverythingBelowThemAreNeverPublished() throws Exception {
    Fixture.write(content, """
        -- tools/demo-error/.secrets/token.txt --
        secret
        -- tools/demo-error/.git/config --
        [core]
        -- .trash/old-entry/entry.yaml --
        product: Old
        updated: 2025-11-29
        signatures:
          - text: "old entry"
        -- .trash/old-entry/en.md --
        ---
        title: "Old"
        summary: "o"
        ---
        ## Cause
        c
        """);
    Build.Outcome o = build(true);
    assertTrue(o.published(), o.problems().toString());
    for (String p : Fixture.readTree(out).keySet()) {
      assertFalse(p.contains("secrets") || p.contains(".git") || p.contains("old-entry") || p.contains("trash"), p);
    }
  }

  @Test
  void overlappingFoldersAreRefusedInBothDirectionsAndNothingIsDeleted() throws Exception {
    Map<String, byte[]> contentBefore = Fixture.readTree(content);
    for (Path badOut : List.of(content.resolve("site"), content, fs.getPath("/kb"), templates.resolve("static/site"), fs.getPath("/"))) {
      assertThrows(Build.FolderOverlapException.class, () -> build(content, templates, badOut, true), badOut.toString());
    }
    assertFalse(Files.exists(templates.resolve("static/site")));
    assertFalse(Files.exists(content.resolve("site")));
    assertEquals(contentBefore.keySet(), Fixture.readTree(content).keySet());
    // Through a link too: /alias → /kb, so /alias/content is the content folder.
    Files.createSymbolicLink(fs.getPath("/alias"), fs.getPath("/kb"));
    assertThrows(Build.FolderOverlapException.class, () -> build(content, templates, fs.getPath("/alias/content/out"), true));
    assertTrue(build(content, templates, fs.getPath("/kb/site2"), true).published(), "a sibling folder is fine");
  }

  @Test
  void noCacheRepairsAPageChangedInPlaceWithTheSameSize() throws Exception {
    assertTrue(build(true).published());
    Path page = out.resolve("en/demo-error/index.html");
    byte[] good = Files.readAllBytes(page);
    byte[] bad = good.clone();
    for (int i = 0; i < bad.length; i++) {
      bad[i] = bad[i] == 'a' ? (byte) 'b' : bad[i];
    }
    Files.write(page, bad);
    assertTrue(build(false).published());
    assertArrayEquals(good, Files.readAllBytes(page));
  }

  @Test
  void aSourceRestoredWithItsSizeAndTimeIsRebuilt() throws Exception {
    FileTime old = FileTime.fromMillis(1_600_000_000_000L);
    try (Stream<Path> s = Files.walk(content)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
    assertTrue(build(true).published());
    Path en = content.resolve("tools/demo-error/en.md");
    String text = Files.readString(en, StandardCharsets.UTF_8);
    // What cp -p / rsync -t / tar do: a new file with the same size and modification time.
    Files.delete(en);
    Files.writeString(en, text.replace("owned by another user", "owned by anotherXuser"), StandardCharsets.UTF_8);
    Files.setLastModifiedTime(en, old);
    assertTrue(build(true).published());
    assertTrue(Files.readString(out.resolve("en/demo-error/index.html"), StandardCharsets.UTF_8).contains("anotherXuser"));
  }
}
