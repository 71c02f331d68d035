package dev.errorkb.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.cache.BuildCache;
import dev.errorkb.model.Problem;
import dev.errorkb.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A load that takes the content folder's files from the build fingerprint's walk (issue 15) reads
 * exactly what a load that walks the folder itself reads: the same entries and the same problems
 * for dot-folders, dot-files, links, bad names, orphan and nested files.
 */
class WalkedLoadTest {
  private final FileSystem fs = Fixture.unix();
  private final Path content = fs.getPath("/kb/content");

  private ContentLoader.Loaded walkedLoad() {
    BuildCache.Fingerprint f = new BuildCache(fs.getPath("/kb/site")).fingerprint(List.of(content), List.of());
    return new ContentLoader(content).load(EntryMemo.NONE, f.walked());
  }

  private void assertSameLoad() {
    ContentLoader.Loaded own = new ContentLoader(content).load();
    ContentLoader.Loaded walked = walkedLoad();
    assertEquals(own.kb(), walked.kb());
    assertEquals(own.problems().stream().map(Problem::toString).toList(), walked.problems().stream().map(Problem::toString).toList());
  }

  @Test
  void theSampleKbLoadsTheSame() {
    Fixture.copyTree(Path.of("content"), content);
    assertSameLoad();
    assertTrue(walkedLoad().kb().entries().size() > 10);
  }

  @Test
  void hiddenFilesLinksAndBadNamesAreTreatedAsByTheLoadersOwnWalk() throws Exception {
    Fixture.write(content, Fixture.SITE + Fixture.ENTRY);
    Path entry;
    try (var s = Files.walk(content)) {
      entry = s.filter(p -> p.getFileName().toString().equals("entry.yaml")).findFirst().orElseThrow().getParent();
    }
    // Below a dot-folder: never read, even a broken entry or a bad name.
    Files.createDirectories(content.resolve(".git/objects"));
    Files.writeString(content.resolve(".git/objects/entry.yaml"), "id: [broken", StandardCharsets.UTF_8);
    Files.writeString(content.resolve(".git/bad\u0007name"), "x", StandardCharsets.UTF_8);
    Files.createDirectories(content.resolve("net/.drafts"));
    Files.writeString(content.resolve("net/.drafts/en.md"), "# draft", StandardCharsets.UTF_8);
    // A dot-file, a link, a bad name, a file outside any entry, an entry inside an entry.
    Files.writeString(entry.resolve(".DS_Store"), "x", StandardCharsets.UTF_8);
    Files.createSymbolicLink(entry.resolve("linked.png"), entry.resolve("entry.yaml"));
    Files.writeString(entry.resolve("odd\u0001name.txt"), "x", StandardCharsets.UTF_8);
    Files.createDirectories(content.resolve("stray"));
    Files.writeString(content.resolve("stray/en.md"), "# stray", StandardCharsets.UTF_8);
    Files.createDirectories(entry.resolve("inner"));
    Files.copy(entry.resolve("entry.yaml"), entry.resolve("inner/entry.yaml"));

    assertSameLoad();
    List<String> rules = walkedLoad().problems().stream().map(Problem::rule).toList();
    for (String rule : List.of("symlink", "bad-file-name", "orphan-file", "nested-entry")) {
      assertTrue(rules.contains(rule), rule + " in " + rules);
    }
  }
}
