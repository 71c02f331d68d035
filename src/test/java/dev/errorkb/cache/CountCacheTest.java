package dev.errorkb.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.load.ContentLoader;
import dev.errorkb.render.Markdown;
import dev.errorkb.search.CountMemo;
import dev.errorkb.search.SearchDataWriter;
import dev.errorkb.signature.ErrorIndexWriter;
import dev.errorkb.signature.IndexDocument;
import dev.errorkb.testing.Fixture;
import dev.errorkb.util.SitePaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * The search data's count cache (issue 15): search data written with counts taken from the cache
 * is byte for byte the data written without it, an edited entry is counted again, and a damaged
 * or foreign file is ignored.
 */
class CountCacheTest {
  private final FileSystem fs = Fixture.unix();
  private final Path content = fs.getPath("/kb/content");
  private final Path out = fs.getPath("/kb/site");

  CountCacheTest() {
    Fixture.copyTree(Path.of("content"), content); // the sample KB: both languages, long prose
  }

  private IndexDocument index() {
    return ErrorIndexWriter.build(new ContentLoader(content).load().kb(), new Markdown(Set.of())::plainText, "errorkb");
  }

  private static void assertSameFiles(SortedMap<String, byte[]> want, SortedMap<String, byte[]> got) {
    assertEquals(want.keySet(), got.keySet());
    want.forEach((k, v) -> assertArrayEquals(v, got.get(k), k));
  }

  @Test
  void countsFromTheCacheGiveTheSameSearchDataAndOnlyAnEditedEntryIsCountedAgain() throws Exception {
    IndexDocument doc = index();
    int entries = doc.entries().size();
    assertTrue(entries > 10);
    CountCache first = CountCache.open(out);
    assertSameFiles(SearchDataWriter.write(doc), SearchDataWriter.write(doc, first));
    assertEquals(entries, first.misses());
    first.save();

    CountCache second = CountCache.open(out);
    assertSameFiles(SearchDataWriter.write(doc), SearchDataWriter.write(doc, second));
    assertEquals(0, second.misses(), "every entry must come from the file");
    second.save();

    Fixture.editFirstCause(content, "The proxy's idle timeout also matters.");
    IndexDocument edited = index();
    CountCache third = CountCache.open(out);
    assertSameFiles(SearchDataWriter.write(edited), SearchDataWriter.write(edited, third));
    assertEquals(1, third.misses(), "only the edited entry is counted");
  }

  @Test
  void recordsSurviveTheFile() {
    Map<String, CountMemo.Counts> records = Map.of(
        "k1", new CountMemo.Counts(List.of("permission", "denied", "接続"), new int[] {3, 0, 1}, 4, 3, "{\"id\":\"k1\"}".getBytes(StandardCharsets.UTF_8)),
        "k2", new CountMemo.Counts(List.of(), new int[0], 0, 0, new byte[0]),
        "k3", new CountMemo.Counts(List.of("denied"), new int[] {200_000}, 200_000, 1, "{\"docs\":{\"ja\":{\"title\":\"接続\"}}}".getBytes(StandardCharsets.UTF_8)));
    CountCache c = CountCache.open(out);
    records.forEach(c::remember);
    c.save();
    Map<String, CountMemo.Counts> back;
    try {
      back = CountCache.decodeAll(Files.readAllBytes(SitePaths.cache(out).resolve("search-counts")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertEquals(records.keySet(), back.keySet());
    records.forEach((k, v) -> {
      assertEquals(v.terms(), back.get(k).terms(), k);
      assertArrayEquals(v.tf(), back.get(k).tf(), k);
      assertEquals(v.length(), back.get(k).length(), k);
      assertEquals(v.langs(), back.get(k).langs(), k);
      assertArrayEquals(v.display(), back.get(k).display(), k);
    });
  }

  @Test
  void aDamagedOrForeignFileIsIgnoredAndEveryEntryCounted() throws Exception {
    IndexDocument doc = index();
    CountCache c = CountCache.open(out);
    SearchDataWriter.write(doc, c);
    c.save();
    Path file = SitePaths.cache(out).resolve("search-counts");
    byte[] good = Files.readAllBytes(file);
    for (byte[] bad : List.of(java.util.Arrays.copyOf(good, good.length / 2), java.util.Arrays.copyOf(good, good.length + 1),
        "errorkb-search-counts 0\n".getBytes(StandardCharsets.UTF_8), new byte[0])) {
      Files.write(file, bad);
      CountCache reopened = CountCache.open(out);
      assertSameFiles(SearchDataWriter.write(doc), SearchDataWriter.write(doc, reopened));
      assertEquals(doc.entries().size(), reopened.misses());
    }
  }
}
