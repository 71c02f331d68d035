package dev.errorkb.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.build.Build;
import dev.errorkb.build.BuildOptions;
import dev.errorkb.model.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;

/**
 * The sample site's sitemap.xml against the sitemaps.org 0.9 XSD (stored in
 * src/test/resources/schemas/, there is no network in CI), with javax.xml.validation (issue 13).
 */
class SitemapSchemaTest {
  static final String BASE = "https://intranet.example/kb/";

  @TempDir Path dir;

  static Schema schema() throws SAXException {
    SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    // The schemas are local files; nothing may be fetched from the network while validating.
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
    URL xhtml = SitemapSchemaTest.class.getResource("/schemas/xhtml-link.xsd");
    URL sitemap = SitemapSchemaTest.class.getResource("/schemas/sitemap.xsd");
    return f.newSchema(new Source[] {new StreamSource(xhtml.toString()), new StreamSource(sitemap.toString())});
  }

  static void validate(byte[] xml) throws SAXException, IOException {
    Validator v = schema().newValidator();
    v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    v.validate(new StreamSource(new ByteArrayInputStream(xml)));
  }

  @Test
  void theSampleSitesSitemapIsValidWithABaseUrl() throws Exception {
    Path out = dir.resolve("site");
    Build.Outcome o = new Build(new BuildOptions(Path.of("content"), Path.of("templates"), out, Optional.of(BASE), false)).run();
    assertFalse(o.hasErrors(), () -> o.problems().stream().filter(Problem::isError).toList().toString());
    byte[] xml = Files.readAllBytes(out.resolve("sitemap.xml"));
    validate(xml);
    String text = new String(xml, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<loc>([^<]*)</loc>|href=\"([^\"]*)\"").matcher(text);
    int n = 0;
    while (m.find()) {
      String url = m.group(1) != null ? m.group(1) : m.group(2);
      assertTrue(url.startsWith(BASE), "absolute: " + url);
      n++;
    }
    assertTrue(n > 40, "locations and alternates checked: " + n);
  }

  @Test
  void theSchemaRejectsRelativeLocationsAsTheOldSitemapHad() {
    byte[] old = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
          <url>
            <loc>ja/</loc>
            <xhtml:link rel="alternate" hreflang="ja" href="ja/"/>
          </url>
        </urlset>
        """.getBytes(StandardCharsets.UTF_8);
    SAXException e = assertThrows(SAXException.class, () -> validate(old));
    assertTrue(e.getMessage().contains("minLength"), e.getMessage());
  }

  /** The sitemap escapes as the feed does (one {@link Xml} escaper): a control character in the base URL cannot break it. */
  @Test
  void aBaseUrlWithCharactersXmlCannotCarryStillGivesAValidSitemap() throws Exception {
    dev.errorkb.model.SiteConfig site = new dev.errorkb.model.SiteConfig(java.util.Map.of(), java.util.List.of(dev.errorkb.model.Lang.EN),
        Optional.of("https://intranet.example/a\u0001>b/"), java.util.Map.of(), java.util.Set.of());
    String xml = Sitemap.xml(site, new dev.errorkb.model.KnowledgeBase(site, java.util.List.of()));
    assertTrue(xml.contains("<loc>https://intranet.example/a&gt;b/en/</loc>"), xml);
    validate(xml.getBytes(StandardCharsets.UTF_8));
  }
}
