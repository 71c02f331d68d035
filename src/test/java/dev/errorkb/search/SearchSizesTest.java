package dev.errorkb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.testing.Fixture;
import dev.errorkb.util.SitePaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The search-data summary a build prints: sizes raw and gzipped, the same whether the gzip sizes
 * are computed or taken from the memo kept by content hash beside the site.
 */
class SearchSizesTest {
  private final FileSystem fs = Fixture.unix();
  private final Path site = fs.getPath("/kb/site");

  private void put(String rel, String text) throws Exception {
    Path p = site.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  @Test
  void sizesFromTheMemoAreThoseOfTheFilesNow() throws Exception {
    put("search/meta.js", "ErrorkbSearch.put('meta', {});");
    put("search/t/0.js", "ErrorkbSearch.put('t0', {\"a\":[0,1]});".repeat(40));
    put("search/d/0.js", "ErrorkbSearch.put('d0', [\"entry\"]);");
    put("index.html", "<!doctype html>");
    Map<String, byte[]> files = new TreeMap<>();
    for (String rel : List.of("search/meta.js", "search/t/0.js", "search/d/0.js")) {
      files.put(rel, Files.readAllBytes(site.resolve(rel)));
    }
    String expected = SearchSizes.of(files).describe();
    assertEquals(expected, SearchSizes.read(site).describe());
    Path memo = SitePaths.cache(site).resolve("gzip-sizes");
    assertEquals(3, Files.readAllLines(memo).size(), "one line per distinct file content");
    assertEquals(expected, SearchSizes.read(site).describe(), "from the memo");

    // An edited shard is measured again; a stale memo line for a vanished content goes away.
    put("search/t/0.js", "ErrorkbSearch.put('t0', {\"b\":[3,2]});".repeat(90));
    files.put("search/t/0.js", Files.readAllBytes(site.resolve("search/t/0.js")));
    assertEquals(SearchSizes.of(files).describe(), SearchSizes.read(site).describe());
    assertEquals(3, Files.readAllLines(memo).size());

    // A damaged memo is ignored.
    Files.writeString(memo, "garbage\tnot-a-number\n", StandardCharsets.UTF_8);
    assertEquals(SearchSizes.of(files).describe(), SearchSizes.read(site).describe());
    assertTrue(Files.readString(memo).lines().allMatch(l -> l.matches("[0-9a-f]{64}\t[0-9]+\t[0-9]+")));
  }

  /**
   * What a build prints after publishing: taken from the manifest's hashes and the memo, the same
   * as measuring every file, before the memo knows the files and after.
   */
  @Test
  void aPublishedSiteGivesTheSameSizesFromItsManifest() throws Exception {
    Path content = fs.getPath("/kb/content");
    Path templates = fs.getPath("/kb/templates");
    Fixture.copyTree(Fixture.repoTemplates(), templates);
    Fixture.copyTree(Path.of("content"), content);
    assertTrue(new dev.errorkb.build.Build(new dev.errorkb.build.BuildOptions(content, templates, site, java.util.Optional.empty()))
        .run().published());
    String measured = SearchSizes.read(site).describe();
    Files.delete(SitePaths.cache(site).resolve("gzip-sizes"));
    assertEquals(measured, SearchSizes.published(site).describe(), "no memo: every file measured");
    assertEquals(measured, SearchSizes.published(site).describe(), "from the manifest and the memo");
    Files.delete(site.resolve(dev.errorkb.publish.Publisher.MANIFEST));
    assertEquals(measured, SearchSizes.published(site).describe(), "no manifest: every file read");
  }
}
