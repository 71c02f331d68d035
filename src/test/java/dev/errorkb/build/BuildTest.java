package dev.errorkb.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.model.Problem;
import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** Whole-site builds of small KBs on Jimfs: structure, links, determinism, atomic failure. */
class BuildTest {
  private final FileSystem fs = Fixture.unix();
  private final Path content = fs.getPath("/kb/content");
  private final Path templates = fs.getPath("/kb/templates");
  private final Path out = fs.getPath("/kb/site");

  BuildTest() {
    Fixture.copyTree(Fixture.repoTemplates(), templates);
  }

  private Build.Outcome build(String files) {
    Fixture.write(content, files);
    return build();
  }

  private Build.Outcome build() {
    return new Build(new BuildOptions(content, templates, out, Optional.empty())).run();
  }

  private static final String EN_ONLY = """
      -- net/en-only-error/entry.yaml --
      product: Net Tool
      updated: 2025-10-01
      signatures:
        - text: "net: connection reset by remote peer while reading headers"
      -- net/en-only-error/en.md --
      ---
      title: "Connection reset while reading headers"
      summary: "The proxy closes idle connections."
      ---
      See [the demo entry](../demo-error/) and ![diagram](diagram.svg).

      ## Cause
      The proxy times out.
      ## Fix
      Raise the proxy timeout.
      -- net/en-only-error/diagram.svg --
      <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>
      """;

  @Test
  void buildsBothLanguagesWithAlternatesAndResolvableLinks() throws Exception {
    Build.Outcome o = build(Fixture.SITE + Fixture.ENTRY + EN_ONLY);
    assertEquals(List.of(), o.problems());
    Map<String, byte[]> site = Fixture.readTree(out);
    assertFalse(site.containsKey("sitemap.xml"), "a sitemap needs absolute URLs: none without a baseUrl");
    for (String p : List.of("index.html", "404.html", "ja/index.html", "en/index.html",
        "ja/demo-error/index.html", "en/demo-error/index.html", "en/en-only-error/index.html",
        "en/en-only-error/diagram.svg", "ja/tags/demo/index.html", "assets/style.css")) {
      assertTrue(site.containsKey(p), p + " missing from " + site.keySet());
    }
    assertFalse(site.containsKey("ja/en-only-error/index.html"), "an English-only entry has no Japanese page");

    Document ja = page(site, "ja/demo-error/index.html");
    assertEquals("ja", ja.select("html").attr("lang"));
    assertEquals("デモが状態ファイルを開けない", ja.select("h1").text());
    assertEquals(List.of("ja", "en", "x-default"), ja.select("link[rel=alternate][hreflang]").eachAttr("hreflang"));
    assertEquals("fatal: demo failed to open /var/lib/demo/state.db", ja.select(".signatures pre code").text());
    assertEquals(1, ja.select(".signatures button.copy").size());
    assertEquals("demo:Read", ja.select(".requires dd code").text());
    assertEquals("demo status", ja.select(".verify pre code").text());
    assertEquals("../../en/demo-error/index.html", ja.select(".other-lang a").attr("href"));

    // The Japanese home lists the English-only entry with a marker, linking to the English page.
    Document jaHome = page(site, "ja/index.html");
    Element item = jaHome.selectFirst(".by-product li[data-entry-id=en-only-error]");
    assertNotNull(item);
    assertEquals("英語のみ", item.select(".lang-badge").text());
    assertEquals("../en/en-only-error/index.html", item.select("a").attr("href"));

    // Links between entries are rewritten to the language that exists.
    Document enOnly = page(site, "en/en-only-error/index.html");
    assertEquals("../demo-error/index.html", enOnly.select(".intro a").attr("href"));
    assertEquals("diagram.svg", enOnly.select(".intro img").attr("src"));

    assertEveryInternalLinkResolves(site);
  }

  @Test
  void sameInputGivesIdenticalBytes() {
    build(Fixture.SITE + Fixture.ENTRY + EN_ONLY);
    Map<String, byte[]> first = Fixture.readTree(out);
    build();
    Map<String, byte[]> second = Fixture.readTree(out);
    assertEquals(first.keySet(), second.keySet());
    first.forEach((k, v) -> assertArrayEquals(v, second.get(k), k));
  }

  /**
   * errors.idx is written from the build's own index (issue 15), yet must be exactly what
   * errors.json alone defines: the sidecar derived by reading the published errors.json back.
   */
  @Test
  void theSidecarIsTheOneErrorsJsonDefines() throws Exception {
    Fixture.copyTree(Path.of("content"), content);
    Build.Outcome o = build();
    assertTrue(o.published(), o.problems().toString());
    byte[] json = Files.readAllBytes(out.resolve("errors.json"));
    assertArrayEquals(ErrorIndex.sidecar(json, "errors.json"), Files.readAllBytes(out.resolve("errors.idx")));
    // serve and check write no sidecar: only published sites are read by one-shot match calls.
    assertFalse(new Build(new BuildOptions(content, templates, out, Optional.empty())).render().files().containsKey("errors.idx"));
  }

  @Test
  void failedBuildLeavesThePreviousSiteExactlyAsItWas() throws Exception {
    build(Fixture.SITE + Fixture.ENTRY);
    Map<String, byte[]> before = Fixture.readTree(out);
    Files.writeString(content.resolve("tools/demo-error/entry.yaml"), "product: [unclosed\n");
    Build.Outcome o = build();
    assertFalse(o.published());
    assertTrue(o.hasErrors());
    Map<String, byte[]> after = Fixture.readTree(out);
    assertEquals(before.keySet(), after.keySet());
    before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
    assertFalse(Files.exists(fs.getPath("/kb/.site.tmp")));
  }

  @Test
  void rawHtmlAndScriptLinksNeverReachThePage() {
    String evil = Fixture.ENTRY.replace("The state file is owned by another user.",
        "Text <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n[x](javascript:alert(3))");
    Build.Outcome o = build(Fixture.SITE + evil);
    assertEquals(List.of("tools/demo-error/en.md:14:1: error: link scheme 'javascript:' is not allowed; use http, https or mailto [unsafe-link]"),
        o.problems().stream().map(Problem::toString).toList());
    String html = new String(new Build(new BuildOptions(content, templates, out, Optional.empty())).render()
        .files().get("en/demo-error/index.html"), StandardCharsets.UTF_8);
    Document d = Jsoup.parse(html);
    assertTrue(d.select("script:not([src])").isEmpty(), "no inline script");
    assertTrue(d.select("script[src]").eachAttr("src").stream().allMatch(src -> src.startsWith("../../assets/")),
        "only the site's own script files");
    assertTrue(d.select("[onerror]").isEmpty());
    assertTrue(d.select(".cause").text().contains("Text <script>alert(1)</script>"), "raw HTML shows as text");
  }

  @Test
  void brokenEntryLinkAndMissingAssetAreLocated() {
    String files = Fixture.SITE + Fixture.ENTRY + EN_ONLY.replace("../demo-error/", "../demo-eror/").replace("(diagram.svg)", "(diagrm.svg)");
    List<String> m = build(files).problems().stream().map(Problem::toString).toList();
    assertEquals(List.of(
        "net/en-only-error/en.md:5:5: error: link to entry 'demo-eror' but no entry has that id; did you mean '../demo-error/'? [broken-link]",
        "net/en-only-error/en.md:5:41: error: image 'diagrm.svg' does not exist in the entry folder; did you mean 'diagram.svg'? [missing-asset]"), m);
  }

  @Test
  void linkLeavingTheEntryFolderIsRefused() {
    String files = Fixture.SITE + Fixture.ENTRY + EN_ONLY.replace("(diagram.svg)", "(../../../etc/passwd)");
    assertEquals(List.of("net/en-only-error/en.md:5:42: error: link '../../../etc/passwd' leaves the entry folder; link other entries as ../<id>/ and keep assets inside the entry folder [link-outside-entry]"),
        build(files).problems().stream().map(Problem::toString).toList());
  }

  @Test
  void templateErrorNamesTheTemplateAndLine() throws Exception {
    Fixture.write(content, Fixture.SITE + Fixture.ENTRY);
    Path t = templates.resolve("tag.ftlh");
    Files.writeString(t, Files.readString(t).replace("${msg[\"tag.heading\"]?replace(\"{0}\", tag)}</h1>", "${noSuchVariable}</h1>"));
    List<String> m = build().problems().stream().map(Problem::toString).toList();
    assertEquals(1, m.size(), m.toString());
    assertTrue(m.get(0).startsWith("templates/tag.ftlh:3:"), m.get(0));
    assertTrue(m.get(0).contains("noSuchVariable"), m.get(0));
    assertFalse(Files.exists(out));
  }

  @Test
  void baseUrlGivesCanonicalAndAbsoluteAlternates() {
    Fixture.write(content, Fixture.SITE + Fixture.ENTRY);
    new Build(new BuildOptions(content, templates, out, Optional.of("https://intranet.example/kb"))).run();
    Document d = page(Fixture.readTree(out), "en/demo-error/index.html");
    assertEquals("https://intranet.example/kb/en/demo-error/", d.select("link[rel=canonical]").attr("href"));
    assertEquals("https://intranet.example/kb/ja/demo-error/", d.select("link[hreflang=ja]").attr("href"));
    String sitemap = new String(Fixture.readTree(out).get("sitemap.xml"), StandardCharsets.UTF_8);
    assertTrue(sitemap.contains("<loc>https://intranet.example/kb/ja/demo-error/</loc>"), sitemap);
    assertTrue(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://intranet.example/kb/en/demo-error/\"/>"), sitemap);
  }

  @Test
  void refusesToReplaceAFolderThatIsNotASite() throws Exception {
    Files.createDirectories(out);
    Files.writeString(out.resolve("thesis.tex"), "precious");
    Fixture.write(content, Fixture.SITE + Fixture.ENTRY);
    org.junit.jupiter.api.Assertions.assertThrows(dev.errorkb.publish.Publisher.NotASiteException.class, this::build);
    assertEquals("precious", Files.readString(out.resolve("thesis.tex")));
  }

  static Document page(Map<String, byte[]> site, String path) {
    byte[] b = site.get(path);
    assertNotNull(b, path);
    return Jsoup.parse(new String(b, StandardCharsets.UTF_8), "");
  }

  /** Every relative href/src in every HTML page points at a file of the site. */
  static void assertEveryInternalLinkResolves(Map<String, byte[]> site) {
    List<String> broken = new ArrayList<>();
    for (String path : site.keySet()) {
      if (!path.endsWith(".html")) {
        continue;
      }
      Document d = page(site, path);
      for (Element el : d.select("[href], [src]")) {
        String url = el.hasAttr("href") ? el.attr("href") : el.attr("src");
        if (url.isEmpty() || url.startsWith("#") || url.matches("^[a-z]+:.*")) {
          continue;
        }
        String target = resolve(path, url.replaceAll("[?#].*$", ""));
        if (target.endsWith("/") || target.isEmpty()) {
          target = target + "index.html";
        }
        if (!site.containsKey(target)) {
          broken.add(path + " -> " + url);
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  static String resolve(String from, String rel) {
    List<String> parts = new ArrayList<>(List.of(from.split("/")));
    parts.remove(parts.size() - 1);
    for (String s : rel.split("/", -1)) {
      if (s.equals("..")) {
        parts.remove(parts.size() - 1);
      } else if (!s.equals(".")) {
        parts.add(s);
      }
    }
    return String.join("/", parts);
  }
}
