package dev.errorkb.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.robust.OneEntryKb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Issue 12, item 7 in a real browser: each SVG payload below runs script when Chromium opens it
 * (served as image/svg+xml, as a site's asset would be), so the payload is real, and errorkb refuses
 * it; the drawings errorkb accepts open as SVG documents and run nothing; the malformed inputs the
 * XML parser refuses are parse errors in Chromium too, so refusing them loses no drawing a browser
 * would show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SvgBrowserTest {
  private static final String NS = "xmlns=\"http://www.w3.org/2000/svg\"";
  private static final String RAN = "document.documentElement.setAttribute('data-ran','1')";

  /** Payloads that run without a click, then one that needs a click on the drawing. */
  private static final Map<String, String> PAYLOADS = new LinkedHashMap<>();

  static {
    PAYLOADS.put("script", "<svg " + NS + "><script>" + RAN + "</script></svg>");
    PAYLOADS.put("onload", "<svg " + NS + " onload=\"" + RAN + "\"><rect width='9' height='9'/></svg>");
    PAYLOADS.put("non-ascii-prefix", "<svg " + NS + "><ü:script xmlns:ü=\"http://www.w3.org/2000/svg\">" + RAN + "</ü:script></svg>");
    PAYLOADS.put("xhtml-script", "<svg " + NS + "><h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">" + RAN + "</h:script></svg>");
    PAYLOADS.put("onerror", "<svg " + NS + "><image href=\"missing.png\" width='9' height='9' onerror=\"" + RAN + "\"/></svg>");
    PAYLOADS.put("animate-onbegin", "<svg " + NS + "><rect width='9' height='9'><animate attributeName='x' from='0' to='1' dur='1s'"
        + " onbegin=\"" + RAN + "\"/></rect></svg>");
    PAYLOADS.put("click-tab-in-scheme", "<svg " + NS + " width='300' height='300'><a id='a' href=\"java&#9;script:" + RAN
        + "\"><rect width='300' height='300'/></a></svg>");
  }

  private Chromium chromium;
  private StaticServer server;
  @TempDir static Path dir;

  @BeforeAll
  void start() throws IOException {
    if (Chromium.installed()) {
      chromium = Chromium.start();
    }
  }

  @AfterAll
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    if (chromium != null) {
      chromium.close();
    }
  }

  private static List<String> problems(byte[] svg) throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = fs.getPath("/kb/content");
      OneEntryKb.write(root, "d.svg", svg);
      return new ContentLoader(root).load().problems().stream().map(p -> p.rule()).toList();
    }
  }

  /** Opens {@code svg} from the server; returns whether its script ran and whether Chromium reports a parse error. */
  private boolean[] open(String name, byte[] svg, boolean click) throws Exception {
    Chromium.requireInstalled();
    if (server == null) {
      server = new StaticServer(dir);
    }
    Files.write(dir.resolve(name + ".svg"), svg);
    chromium.driver.get(server.base() + name + ".svg");
    if (click) {
      chromium.driver.findElement(By.tagName("rect")).click();
    }
    Thread.sleep(300);
    Object state = chromium.driver.executeScript("return document.contentType + ' ' + document.documentElement.localName + ' '"
        + " + document.documentElement.getAttribute('data-ran') + ' ' + (document.getElementsByTagName('parsererror').length > 0);");
    String[] s = String.valueOf(state).split(" ");
    return new boolean[] {"1".equals(s[2]), "true".equals(s[3])};
  }

  @Test
  void everyPayloadRunsInChromiumAndIsRefused() throws Exception {
    Chromium.requireInstalled();
    for (Map.Entry<String, String> p : PAYLOADS.entrySet()) {
      byte[] bytes = p.getValue().getBytes(StandardCharsets.UTF_8);
      boolean[] seen = open(p.getKey(), bytes, p.getKey().startsWith("click"));
      assertTrue(seen[0], () -> p.getKey() + ": the payload did not run in Chromium, so it proves nothing");
      assertEquals(List.of("unsafe-asset"), problems(bytes).stream().distinct().toList(), p.getKey());
    }
    // UTF-16: Chromium decodes it by its byte order mark and runs the script; errorkb refuses it
    byte[] utf16 = ("\ufeff" + PAYLOADS.get("script")).getBytes(StandardCharsets.UTF_16LE);
    assertTrue(open("utf16", utf16, false)[0], "UTF-16 payload did not run");
    assertEquals(List.of("unsafe-asset"), problems(utf16));
  }

  @Test
  void acceptedDrawingsOpenAsSvgAndRunNothing() throws Exception {
    Chromium.requireInstalled();
    Path clean = Path.of("src/test/resources/bad/active-assets/content/t/active/clean.svg");
    Map<String, byte[]> drawings = Map.of(
        "clean", Files.readAllBytes(clean),
        "styled", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><svg " + NS + " xmlns:xlink=\"http://www.w3.org/1999/xlink\""
            + " viewBox='0 0 10 10'><style>rect{fill:#036}</style><defs><linearGradient id='g'><stop offset='0'/></linearGradient>"
            + "</defs><a xlink:href='#x'><rect id='x' width='9' height='9' style='stroke:url(#g)'/></a>"
            + "<animate attributeName='opacity' values='0;1' dur='1s'/><text x='1' y='5'>one = two</text></svg>")
            .getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, byte[]> d : drawings.entrySet()) {
      assertEquals(List.of(), problems(d.getValue()), d.getKey());
      boolean[] seen = open(d.getKey(), d.getValue(), false);
      assertTrue(!seen[0] && !seen[1], d.getKey() + ": ran " + seen[0] + ", parse error " + seen[1]);
      assertEquals("svg", chromium.driver.executeScript("return document.documentElement.localName;"), d.getKey());
    }
  }

  @Test
  void malformedInputsTheParserRefusesAreParseErrorsInChromiumToo() throws Exception {
    Chromium.requireInstalled();
    Path inputs = Path.of("src/test/resources/dev/errorkb/robust/AssetFuzzTestInputs/svg");
    for (String name : List.of("gt-inside-quoted-value", "quote-inside-tag-name", "stray-quote-hides-onload")) {
      byte[] bytes = Files.readAllBytes(inputs.resolve(name));
      assertEquals(List.of("unsafe-asset"), problems(bytes).stream().distinct().toList(), name);
      boolean[] seen = open(name, bytes, false);
      assertTrue(seen[1] && !seen[0], name + ": Chromium parse error " + seen[1] + ", ran " + seen[0]);
    }
  }
}
