package dev.errorkb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.build.Build;
import dev.errorkb.build.BuildOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rendered search pages and header boxes, without a browser: structure, links, the no-JS message. */
class SearchPagesTest {
  private static SortedMap<String, byte[]> files;

  @BeforeAll
  static void render() {
    Build.Rendered r = new Build(new BuildOptions(RankingVectorsTest.KB, Path.of("templates"), Path.of("unused-out"),
        Optional.empty())).render();
    assertFalse(r.problems().stream().anyMatch(p -> p.isError()), r.problems().toString());
    files = r.files();
  }

  private static Document page(String path) {
    byte[] b = files.get(path);
    assertNotNull(b, path);
    return Jsoup.parse(new String(b, StandardCharsets.UTF_8), "http://example.invalid/kb/" + path);
  }

  /** Resolves a relative link against a page path and checks the target was rendered. */
  private static void assertResolves(String from, String href) {
    String target = URI.create("http://example.invalid/kb/" + from).resolve(href).getPath().substring("/kb/".length());
    assertTrue(files.containsKey(target), from + " -> " + href + " (" + target + ")");
  }

  @Test
  void searchPageForEachLanguageWithNoScriptFallback() {
    for (String lang : new String[] {"ja", "en"}) {
      String path = lang + "/search/index.html";
      Document d = page(path);
      assertEquals(lang, d.selectFirst("html").attr("lang"));
      Element app = d.getElementById("search-app");
      assertTrue(app.hasAttr("hidden"), "results area hidden until the script runs");
      assertEquals("../../", app.attr("data-root"));
      assertEquals(lang, app.attr("data-lang"));
      SortedMap<String, byte[]> data = new TreeMap<>(files.subMap(SearchDataWriter.DIR, SearchDataWriter.DIR + "\uffff"));
      assertEquals(SearchDataWriter.version(data), app.attr("data-version"), "names the data it loads");
      assertTrue(app.attr("data-version").matches("[0-9a-f]{12}"));
      Element box = d.getElementById("search-q");
      assertEquals("textarea", box.tagName());
      assertEquals("q", box.attr("name"));
      Element noscript = d.selectFirst("noscript");
      assertNotNull(noscript, "says that search needs JavaScript");
      Element list = Jsoup.parse(noscript.html()).selectFirst("a");
      assertResolves(path, list.attr("href"));
      assertResolves(path, d.selectFirst("a.lang-switch").attr("href"));
      assertEquals("../../" + (lang.equals("ja") ? "en" : "ja") + "/search/index.html", d.selectFirst("a.lang-switch").attr("href"));
      d.select("script[src], link[rel=stylesheet]").forEach(e -> assertResolves(path, e.hasAttr("src") ? e.attr("src") : e.attr("href")));
      assertTrue(d.select("script:not([src])").isEmpty(), "no inline script (CSP script-src 'self')");
    }
  }

  @Test
  void everyPageHeaderHasASearchBoxPointingAtItsLanguagesSearchPage() {
    int pages = 0;
    for (String path : files.keySet()) {
      if (!path.endsWith(".html") || path.equals("index.html")) {
        continue; // the language chooser has no header
      }
      Document d = page(path);
      Element form = d.selectFirst("header form[role=search]");
      assertNotNull(form, path);
      String lang = d.selectFirst("html").attr("lang");
      assertTrue(form.attr("action").endsWith(lang + "/search/index.html"), path + ": " + form.attr("action"));
      if (!path.equals("404.html")) {
        assertResolves(path, form.attr("action"));
      }
      assertEquals("textarea", form.selectFirst("[name=q]").tagName(), "multi-line pastes keep their line breaks");
      pages++;
    }
    assertTrue(pages > 10, "pages: " + pages);
  }

  @Test
  void searchDataIsPartOfTheBuild() {
    assertTrue(files.containsKey("search/meta.js"));
    assertTrue(files.containsKey("search/t/0.js"));
    assertTrue(files.containsKey("search/d/0.js"));
    assertTrue(files.containsKey("assets/search.js"));
  }
}
