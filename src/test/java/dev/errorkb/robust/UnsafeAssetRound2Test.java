package dev.errorkb.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 12, items 7 and 8: SVG script hidden by encoding, prefixes and URL whitespace; active types not on the allow-list. */
class UnsafeAssetRound2Test {
  private static List<String> rules(String name, byte[] bytes) throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = fs.getPath("/kb/content");
      OneEntryKb.write(root, name, bytes);
      return new ContentLoader(root).load().problems().stream().map(p -> p.pos().path() + " " + p.rule()).toList();
    }
  }

  private static final String SCRIPT_SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";

  @Test
  void utf16AndOtherEncodingsAreRefused() throws IOException {
    byte[] le = ("\ufeff" + SCRIPT_SVG).getBytes(StandardCharsets.UTF_16LE);
    byte[] be = ("\ufeff" + SCRIPT_SVG).getBytes(StandardCharsets.UTF_16BE);
    byte[] noBom = SCRIPT_SVG.getBytes(StandardCharsets.UTF_16LE);
    byte[] declared = ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>").getBytes(StandardCharsets.ISO_8859_1);
    byte[] latin1 = "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>caf\u00e9</text></svg>".getBytes(StandardCharsets.ISO_8859_1);
    for (byte[] b : List.of(le, be, noBom, declared, latin1)) {
      assertEquals(List.of("t/e/d.svg unsafe-asset"), rules("d.svg", b));
    }
    byte[] utf8 = ("\ufeff<?xml version=\"1.0\" encoding=\"UTF-8\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><text>日本</text></svg>")
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of(), rules("d.svg", utf8));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<ü:script xmlns:ü=\"http://www.w3.org/2000/svg\">alert(1)</ü:script>",
      "<日本:script xmlns:日本=\"http://www.w3.org/2000/svg\">alert(1)</日本:script>",
      "<a href=\"java&#9;script:alert(1)\"><text>x</text></a>",
      "<a href=\"java&#x0A;script:alert(1)\"><text>x</text></a>",
      "<a href=\"java&#13;scr&#10;ipt:alert(1)\"><text>x</text></a>",
      "<a href=\"java\tscript:alert(1)\"><text>x</text></a>",
      "<a href=\"vbscript:msgbox(1)\"><text>x</text></a>",
      "<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject>"})
  void hiddenScriptInSvgIsRefused(String body) throws IOException {
    String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\">" + body + "</svg>";
    // foreignObject and the XHTML div in it are two problems
    assertEquals(List.of("t/e/d.svg unsafe-asset"), rules("d.svg", svg.getBytes(StandardCharsets.UTF_8)).stream().distinct().toList(), body);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x.xhtm", "x.XHTM", "x.phtml", "x.hta", "x.svgz", "x.xsd", "x.rdf", "x.mht", "x.vue", "x.wasm", "x.css"})
  void typesOffTheAllowListAreRefused(String name) throws IOException {
    assertEquals(List.of("t/e/" + name + " unsafe-asset"), rules(name, "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"shot.png", "trace.log", "config.yaml", "dump.json", "logs.zip", "manual.pdf", "Dockerfile"})
  void passiveTypesArePublished(String name) throws IOException {
    assertEquals(List.of(), rules(name, "plain".getBytes(StandardCharsets.UTF_8)));
  }
}
