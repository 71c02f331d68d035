package dev.errorkb.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.model.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 12, item 7: the SVG allow-list on the JDK's XML parser; located problems, real editors' files pass. */
class SvgCheckTest {
  private static final String OPEN = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">";

  private static List<Problem> check(String svg) {
    return SvgCheck.check("t/e/d.svg", svg.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> located(String svg) {
    return check(svg).stream().map(p -> p.pos() + " " + p.rule()).toList();
  }

  /** What Inkscape 1.x saves (plain SVG would drop the editor namespaces; both must pass). */
  private static final String INKSCAPE = """
      <?xml version="1.0" encoding="UTF-8" standalone="no"?>
      <!-- Created with Inkscape (http://www.inkscape.org/) -->
      <svg
         width="210mm"
         height="297mm"
         viewBox="0 0 210 297"
         version="1.1"
         id="svg5"
         inkscape:version="1.2.2 (b0a8486541, 2022-12-01)"
         sodipodi:docname="flow.svg"
         xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
         xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
         xmlns:xlink="http://www.w3.org/1999/xlink"
         xmlns="http://www.w3.org/2000/svg"
         xmlns:svg="http://www.w3.org/2000/svg"
         xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:cc="http://creativecommons.org/ns#"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
        <sodipodi:namedview id="namedview7" pagecolor="#ffffff" bordercolor="#666666" borderopacity="1.0"
           inkscape:showpageshadow="2" inkscape:pageopacity="0.0" inkscape:document-units="mm" showgrid="false" />
        <defs id="defs2">
          <linearGradient inkscape:collect="always" id="lg1"><stop style="stop-color:#000000;stop-opacity:1;" offset="0" id="s1" /></linearGradient>
          <marker style="overflow:visible" id="Arrow" refX="0" refY="0" orient="auto-start-reverse" markerWidth="1" markerHeight="1"
             viewBox="0 0 1 1" preserveAspectRatio="xMidYMid"><path style="fill:context-stroke;fill-rule:evenodd" d="M 0,0 L 1,0.5 L 0,1 Z" id="p1" /></marker>
          <filter id="blur" x="-0.1" y="-0.1" width="1.2" height="1.2"><feGaussianBlur stdDeviation="0.5" result="b" /><feOffset dx="1" dy="1" /></filter>
        </defs>
        <metadata id="m"><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>
          <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage" /><dc:title>Flow</dc:title></cc:Work></rdf:RDF></metadata>
        <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1" transform="translate(-1,2)">
          <rect style="fill:none;stroke:#333333;stroke-width:0.5" id="r1" width="50" height="20" x="10" y="10" ry="2" />
          <text xml:space="preserve" style="font-size:5px;font-family:sans-serif" x="15" y="22" id="t1"><tspan sodipodi:role="line" id="ts1" x="15" y="22">client → server: one = two</tspan></text>
          <path style="marker-end:url(#Arrow)" d="m 60,20 h 20" id="p2" inkscape:connector-type="polyline" />
          <use xlink:href="#r1" x="80" id="u1" />
          <a href="https://example.com/docs?x=1#y" target="_blank"><text x="1" y="1">docs</text></a>
          <a xlink:href="../other/page.html"><text x="1" y="5">other</text></a>
          <image width="4" height="4" href="data:image/png;base64,iVBORw0KGgo=" id="img" />
          <image width="4" height="4" xlink:href="shot.png" />
        </g>
      </svg>
      """;

  @Test
  void editorsFilesPass() {
    assertEquals(List.of(), check(INKSCAPE));
    assertEquals(List.of(), check("\ufeff" + INKSCAPE.replace("<!-- Created", "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\""
        + " \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<!-- Created")));
    assertEquals(List.of(), check(OPEN + "<style>rect { fill: url(#lg1) } @media (prefers-color-scheme: dark) { text { fill: #eee } }"
        + "</style><style><![CDATA[a > b { stroke: red }]]></style><animate attributeName=\"opacity\" values=\"0;1\" dur=\"2s\"/>"
        + "<text>&lt;script&gt; &amp; &#106;avascript: as text</text><a href=\"mailto:ops@example.com\"/><a href=\"#top\"/></svg>"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      // what | where (line:column) of the first problem
      "<script>alert(1)</script>|1:84",
      "<svg:script xmlns:svg='http://www.w3.org/2000/svg'/>|1:84",
      "<ü:script xmlns:ü='http://www.w3.org/2000/svg'/>|1:84",
      "<Script/>|1:84",
      "<h:script xmlns:h='http://www.w3.org/1999/xhtml'/>|1:84",
      "<foreignObject/>|1:84",
      "<handler/>|1:84",
      "<m:math xmlns:m='http://www.w3.org/1998/Math/MathML' href='javascript:x'/>|1:84",
      "<x:include xmlns:x='http://www.w3.org/2001/XInclude' href='a.svg'/>|1:84",
      "<rect onclick='x'/>|1:84",
      "<rect ONCLICK='x'/>|1:84",
      
      "<rect unknown='x'/>|1:84",
      "<rect xml:base='javascript:/'/>|1:84",
      "<rect q:onclick='x' xmlns:q='urn:q'/>|1:84",
      "<a href='java&#9;script:alert(1)'/>|1:84",
      "<a href='java&#x0A;scr&#13;ipt:alert(1)'/>|1:84",
      "<a href='&#32; javascript:alert(1)'/>|1:84",
      "<a xlink:href='JaVaScRiPt:alert(1)'/>|1:84",
      "<a href='data:text/html,x'/>|1:84",
      "<use href='data:image/svg+xml,x'/>|1:84",
      "<a href='file:///etc/passwd'/>|1:84",
      "<set attributeName='href' to='x'/>|1:84",
      "<animate attributeName='xlink:href' values='a'/>|1:84",
      "<set attributeName='onclick' to='x'/>|1:84",
      "<animate attributeName='fill' values='red;javascript:x'/>|1:84",
      "<style>@import url(x.css);</style>|1:84",
      "<style>a { b: \\6a avascript:x }</style>|1:84",
      "<rect style='behavior: url(x.htc)'/>|1:84",
      "<?xml-stylesheet href='x.xsl' type='text/xsl'?>|1:84",
      "&nbsp;|1:90",
      "<rect>|1:92",
      "<rect a='1' a='2'/>|1:103"})
  void refusedWithAPosition(String body, String where) {
    List<Problem> problems = check(OPEN + body + "</svg>");
    assertTrue(!problems.isEmpty(), body);
    assertEquals("t/e/d.svg:" + where, problems.get(0).pos().toString(), () -> body + ": " + problems);
    problems.forEach(p -> assertEquals("unsafe-asset", p.rule()));
  }

  @Test
  void problemsStandWhereTheirTagStarts() {
    assertEquals(List.of("t/e/d.svg:3:3 unsafe-asset"), located(OPEN + "\n<g>\n  <rect x='1'\n    onload='x'/></g></svg>"));
    assertEquals(List.of("t/e/d.svg:2:13 unsafe-asset", "t/e/d.svg:3:1 unsafe-asset", "t/e/d.svg:3:21 unsafe-asset"),
        located(OPEN + "\r\n<g>x<!--c--><script/>\r<?pi?>x<![CDATA[y]]><Script/></g></svg>"));
  }

  @Test
  void scriptIsRefusedUnderAMetadataNamespaceToo() {
    // AssetFuzzTest's finding: the prefix svg bound to a look-alike Dublin Core URI.
    assertEquals(List.of("t/e/d.svg:1:68 unsafe-asset"), located("<svg:svg xmlns:svg=\"http://purl.org/dc/http://www.w3.org/2000/svg\">"
        + "<svg:script>alert(1)</svg:script></svg:svg>"));
    assertEquals(1, check("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
        + "<metadata><dc:foreignObject/></metadata></svg>").size());
    assertEquals(List.of(), check("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
        + "<metadata><dc:title>Flow</dc:title></metadata></svg>"));
  }

  @Test
  void aDoctypeWithASubsetIsRefusedWhereItStands() {
    assertEquals(List.of("t/e/d.svg:2:1 unsafe-asset", "t/e/d.svg:2:117 unsafe-asset"), located("<?xml version=\"1.0\"?>\n"
        + "<!DOCTYPE svg [<!ENTITY s \"&#60;script&#62;alert(1)&#60;/script&#62;\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&s;</svg>"));
  }

  @Test
  void encodingsOtherThanUtf8AreRefusedAtTheFirstBadByte() {
    assertEquals(List.of("t/e/d.svg:1:1 unsafe-asset"), SvgCheck.check("t/e/d.svg",
        ("\ufeff" + OPEN + "</svg>").getBytes(StandardCharsets.UTF_16LE)).stream().map(p -> p.pos() + " " + p.rule()).toList());
    assertEquals(List.of("t/e/d.svg:2:10 unsafe-asset"), SvgCheck.check("t/e/d.svg",
        (OPEN + "\n<text>caf\u00e9</text></svg>").getBytes(StandardCharsets.ISO_8859_1)).stream().map(p -> p.pos() + " " + p.rule()).toList());
    assertEquals(List.of("t/e/d.svg:1:1 unsafe-asset"), located("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + OPEN + "</svg>"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // the open AssetFuzzTest finding of session 4: jsoup reads a tag with onclick, XML reads no tag at all
      "<svg!xmlns=\"http://www.wentr?<rect title=\"a>b\" onclick=\"alert(1)\" width=\"1\" heixmlns=\"http://www.w3.org/1000/svg\"?<rect titleght=\"1\"svg>\n",
      "<svg xmlns=\"http://www.w3.org/2000/svg\"><x:script/></svg>",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" a\" onload=\"alert(1)\"/>",
      "<lns=\"<x: onload = y\">",
      // AssetFuzzTest: the JDK's parser throws MissingResourceException on a vertical tab in a DTD subset
      "<!DOCTYPE svg [<!ENTITY s \"&#60?script&#62;alert(1)&\u000b#60;/script&#62;\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&s;</svg>\n"})
  void malformedIsRefused(String svg) {
    List<Problem> problems = check(svg);
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).message().contains("not well-formed XML"), problems::toString);
  }

  @Test
  void problemsAreCappedPerFile() {
    List<Problem> problems = check(OPEN + "<rect onclick='x'/>".repeat(50) + "</svg>");
    assertEquals(SvgCheck.MAX_PROBLEMS + 1, problems.size());
    assertTrue(problems.get(SvgCheck.MAX_PROBLEMS).message().startsWith("40 more problems"), problems::toString);
  }
}
