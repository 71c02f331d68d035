package dev.errorkb.robust;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.errorkb.load.ContentLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.XmlDeclaration;
import org.jsoup.parser.Parser;

/**
 * Fuzzes the SVG allow-list (issue 12, items 7 and 8) with an independent oracle: an SVG the loader
 * accepts, read by jsoup's lenient XML parser (not the JDK's, which the allow-list uses), has no
 * script or foreign element under any prefix, no {@code on…} attribute, no script URL once TAB, CR
 * and LF are dropped, no processing instruction and no DTD subset. Bounded CPU time per input.
 */
class AssetFuzzTest {
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  @FuzzTest(maxDuration = "20s")
  void svg(FuzzedDataProvider data) throws IOException {
    byte[] bytes = data.consumeRemainingAsBytes();
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = fs.getPath("/kb/content");
      OneEntryKb.write(root, "d.svg", bytes);
      long start = CPU.getCurrentThreadCpuTime();
      boolean accepted = new ContentLoader(root).load().problems().stream().noneMatch(p -> p.rule().equals("unsafe-asset"));
      long ms = (CPU.getCurrentThreadCpuTime() - start) / 1_000_000;
      assertTrue(ms < 2_000, () -> "scanning " + bytes.length + " bytes took " + ms + " ms of CPU");
      if (accepted) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Document d = Jsoup.parse(text, "", Parser.xmlParser());
        for (XmlDeclaration decl : d.select("*").stream().flatMap(el -> el.childNodes().stream())
            .filter(XmlDeclaration.class::isInstance).map(XmlDeclaration.class::cast).toList()) {
          assertTrue(decl.name().equalsIgnoreCase("xml"), () -> "accepted an SVG with <?" + decl.name() + "?>");
        }
        for (org.jsoup.nodes.Node n : d.childNodes()) {
          assertFalse(n instanceof XmlDeclaration x && !x.name().equalsIgnoreCase("xml"), () -> "accepted an SVG with " + n);
          assertFalse(n instanceof DocumentType && n.outerHtml().contains("["), () -> "accepted an SVG with a DTD subset: " + n);
        }
        for (Element el : d.getAllElements()) {
          String local = el.tagName().substring(el.tagName().indexOf(':') + 1).toLowerCase(Locale.ROOT);
          assertFalse(local.equals("script") || local.equals("foreignobject") || local.equals("iframe") || local.equals("embed")
              || local.equals("object") || local.equals("handler"), () -> "accepted an SVG with <" + el.tagName() + ">");
          for (Attribute a : el.attributes()) {
            String name = a.getKey().toLowerCase(Locale.ROOT);
            String value = a.getValue().replaceAll("[\\t\\r\\n]", "").strip().toLowerCase(Locale.ROOT);
            // Event handler names are letters only (onclick, onload, onbegin, …).
            assertFalse(name.matches("on[a-z]+") && !a.getValue().isBlank(), () -> "accepted an SVG with " + a.getKey() + "=");
            assertFalse(value.startsWith("javascript:") || value.startsWith("vbscript:"), () -> "accepted an SVG with " + a);
          }
        }
      }
    }
  }
}
