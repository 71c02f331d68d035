package dev.errorkb.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.build.Build;
import dev.errorkb.build.BuildOptions;
import dev.errorkb.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

/** /ja/feed.xml and /en/feed.xml: newest first, only that language, escaped, deterministic. */
class AtomFeedTest {
  private final FileSystem fs = Fixture.unix();
  private final Path content = fs.getPath("/kb/content");
  private final Path templates = fs.getPath("/kb/templates");

  private static final String OLDER_EN_ONLY = """
      -- net/reset-error/entry.yaml --
      product: Net <Tool> & Co
      updated: 2024-01-05
      signatures:
        - text: "net: connection reset"
      -- net/reset-error/en.md --
      ---
      title: "Reset <while> reading & parsing"
      summary: "The proxy closes idle connections."
      ---
      ## Cause
      The proxy times out.
      ## Fix
      Raise the timeout.
      """;

  AtomFeedTest() {
    Fixture.copyTree(Fixture.repoTemplates(), templates);
    Fixture.write(content, Fixture.SITE + Fixture.ENTRY + OLDER_EN_ONLY);
  }

  private Build.Rendered render(Optional<String> baseUrl) {
    return new Build(new BuildOptions(content, templates, fs.getPath("/kb/site"), baseUrl)).render();
  }

  private static Document xml(Build.Rendered r, String path) {
    return Jsoup.parse(new String(r.files().get(path), StandardCharsets.UTF_8), "", Parser.xmlParser());
  }

  @Test
  void eachLanguageListsItsEntriesNewestFirst() {
    Build.Rendered r = render(Optional.empty());
    Document en = xml(r, "en/feed.xml");
    Element feed = en.selectFirst("feed");
    assertEquals("http://www.w3.org/2005/Atom", feed.attr("xmlns"));
    assertEquals("en", feed.attr("xml:lang"));
    assertEquals("2025-11-29T00:00:00Z", feed.selectFirst("> updated").text());
    List<String> ids = en.select("entry > id").eachText();
    assertEquals(List.of("urn:errorkb:en:demo-error", "urn:errorkb:en:reset-error"), ids);
    assertEquals("Reset <while> reading & parsing", en.select("entry > title").get(1).text());
    assertEquals("reset-error/index.html", en.select("entry > link").get(1).attr("href"));
    assertTrue(en.select("feed > link[rel=self]").isEmpty(), "a self link must be absolute: none without a baseUrl");
    assertEquals(List.of("Net <Tool> & Co"), en.select("entry").get(1).select("category").eachAttr("term"));
    assertTrue(new String(r.files().get("en/feed.xml"), StandardCharsets.UTF_8).contains("Reset &lt;while&gt; reading &amp; parsing"));

    Document ja = xml(r, "ja/feed.xml");
    assertEquals(List.of("urn:errorkb:ja:demo-error"), ja.select("entry > id").eachText(), "English-only entries stay out of the Japanese feed");
    assertEquals("デモが状態ファイルを開けない", ja.selectFirst("entry > title").text());
  }

  @Test
  void absoluteLinksWithABaseUrlAndTheSameBytesEveryTime() {
    Build.Rendered r = render(Optional.of("https://intranet.example/kb/"));
    Document en = xml(r, "en/feed.xml");
    assertEquals("https://intranet.example/kb/en/feed.xml", en.selectFirst("feed > link[rel=self]").attr("href"));
    // The canonical URL form, and ids unique to this site (RFC 4287), not urn:errorkb:… (issue 13).
    assertEquals("https://intranet.example/kb/en/demo-error/", en.selectFirst("entry > link").attr("href"));
    assertEquals("https://intranet.example/kb/en/feed.xml", en.selectFirst("feed > id").text());
    assertEquals("https://intranet.example/kb/en/demo-error/", en.selectFirst("entry > id").text());
    Build.Rendered again = render(Optional.of("https://intranet.example/kb/"));
    assertEquals(new String(r.files().get("en/feed.xml"), StandardCharsets.UTF_8),
        new String(again.files().get("en/feed.xml"), StandardCharsets.UTF_8));
  }

  /** Issue 12: U+FFFE, U+FFFF and lone surrogates are not XML 1.0 characters; pairs are kept. */
  @Test
  void charactersXmlCannotCarryAreDropped() {
    assertEquals("ab\ud83d\ude00c&amp;\n",
        Xml.escape("a\ufffeb\uffff\ud83d\ude00\ud800c\udc00&\u0001\n"));
  }
}
