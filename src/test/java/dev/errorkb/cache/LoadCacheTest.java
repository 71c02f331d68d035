package dev.errorkb.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.load.ContentLoader;
import dev.errorkb.load.EntryMemo;
import dev.errorkb.model.Entry;
import dev.errorkb.model.Problem;
import dev.errorkb.testing.Fixture;
import dev.errorkb.util.SitePaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The load cache (issue 15): a rebuild takes unchanged entry folders from it and gives exactly the
 * model and problems a full read gives; an edited, added or removed file, a changed site.yaml or a
 * damaged cache file makes the folders concerned (or all) be read again.
 */
class LoadCacheTest {
  private final FileSystem fs = Fixture.unix();
  private final Path content = fs.getPath("/kb/content");
  private final Path out = fs.getPath("/kb/site");

  LoadCacheTest() {
    // The sample KB: requirements with per-language notes, verify, references, both languages.
    Fixture.copyTree(Path.of("content"), content);
    // And an entry with warnings, so problems go through the cache too.
    Fixture.write(content, """
        -- net/warned/entry.yaml --
        product: Net Tool
        updated: 2025-10-01
        tags: [net, net]
        signatures:
          - text: "net: connection reset by remote peer while reading headers"
        -- net/warned/en.md --
        ---
        title: "Connection reset"
        summary: "The proxy closes idle connections."
        ---
        ## Cause
        The proxy times out.
        ## Fix
        Raise the proxy timeout.
        -- net/broken/entry.yaml --
        product: Net Tool
        signatures:
          - text: "net: no route to the upstream proxy"
        -- net/broken/en.md --
        ---
        title: "No route"
        ---
        ## Cause
        No route.
        ## Fix
        Add one.
        """);
  }

  private LoadCache open() {
    return LoadCache.open(out, new BuildCache(out).fingerprint(List.of(content), List.of()).fileHashes(0));
  }

  private ContentLoader.Loaded load(LoadCache memo) throws Exception {
    ContentLoader.Loaded l = new ContentLoader(content).load(memo);
    memo.save();
    return l;
  }

  @Test
  void everyEntryOfTheSampleKbDecodesToAnEqualRecord() {
    ContentLoader.Loaded plain = new ContentLoader(content).load();
    assertTrue(plain.kb().entries().size() > 10);
    assertEquals(List.of("net/broken"), plain.problems().stream().filter(Problem::isError).map(p -> p.pos().path().substring(0, p.pos().path().lastIndexOf(47))).distinct().toList(),
        "one folder has an error and gives no entry, through the cache too");
    for (Entry e : plain.kb().entries()) {
      List<Problem> problems = plain.problems().stream().filter(p -> p.pos().path().startsWith(e.dir() + "/")).toList();
      byte[] b = ModelCodec.encode(Optional.of(e), problems);
      ModelCodec.Decoded d = ModelCodec.decode(b, 0, b.length);
      assertEquals(Optional.of(e), d.entry(), e.id());
      assertEquals(problems, d.problems(), e.id());
    }
    assertTrue(plain.problems().stream().anyMatch(p -> p.rule().equals("duplicate-tag")), "the fixture has a warning");
  }

  @Test
  void aRebuildReadsOnlyTheEditedFolderAndGivesWhatAFullReadGives() throws Exception {
    ContentLoader.Loaded first = load(open());
    assertEquals(new ContentLoader(content).load(), first);

    LoadCache again = open();
    assertEquals(first, load(again));
    assertEquals(0, again.misses(), "nothing changed: every folder from the cache");

    Path en = content.resolve("net/warned/en.md");
    Files.writeString(en, Files.readString(en).replace("Raise the proxy timeout.", "Raise the proxy's idle timeout."),
        StandardCharsets.UTF_8);
    LoadCache edited = open();
    ContentLoader.Loaded afterEdit = load(edited);
    assertEquals(1, edited.misses());
    assertEquals(new ContentLoader(content).load(), afterEdit);
    assertTrue(afterEdit.kb().entries().stream().anyMatch(e -> e.docs().values().stream()
        .anyMatch(d -> d.sections().stream().anyMatch(s -> s.markdown().contains("idle timeout")))));

    // A new file in the folder (an asset) and a removed entry folder.
    Files.writeString(content.resolve("net/warned/note.txt"), "x", StandardCharsets.UTF_8);
    LoadCache added = open();
    assertEquals(new ContentLoader(content).load(), load(added));
    assertEquals(1, added.misses());
  }

  @Test
  void aChangedSiteYamlReadsEveryFolderAgain() throws Exception {
    load(open());
    Path site = content.resolve("site.yaml");
    Files.writeString(site, Files.readString(site) + "\n# edited\n", StandardCharsets.UTF_8);
    LoadCache memo = open();
    ContentLoader.Loaded l = load(memo);
    assertEquals(new ContentLoader(content).load(), l);
    assertEquals(l.kb().entries().size() + 1, memo.misses(), "site.yaml is part of every folder's key (+1: the broken one)");
  }

  @Test
  void aDamagedOrForeignCacheFileIsIgnored() throws Exception {
    load(open());
    Path file = SitePaths.cache(out.toAbsolutePath().normalize()).resolve("loaded");
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
    LoadCache cut = open();
    assertEquals(new ContentLoader(content).load(), load(cut));
    assertTrue(cut.misses() > 10, "a cut-short file is not trusted");

    // Garbled inside a record: that record is read again, the others are used.
    byte[] b = Files.readAllBytes(file);
    for (int i = b.length - 40; i < b.length; i++) {
      b[i] = (byte) 0xff;
    }
    Files.write(file, b, StandardOpenOption.TRUNCATE_EXISTING);
    LoadCache garbled = open();
    assertEquals(new ContentLoader(content).load(), load(garbled));
    assertFalse(Files.exists(file.resolveSibling("loaded.part")));
  }

  @Test
  void theMemoIsUsedOnlyForTheFilesItWasKeyedBy() {
    LoadCache memo = open();
    EntryMemo.Read r = new EntryMemo.Read(Optional.empty(), List.of());
    memo.remember("net/warned", List.of("net/warned/entry.yaml", "net/warned/en.md"), r);
    // A file the fingerprint never hashed gives no key, so nothing is recalled for it.
    assertEquals(Optional.empty(), memo.recall("net/warned", List.of("net/warned/entry.yaml", "net/warned/new.md")));
  }
}
