package dev.errorkb.load;

import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The SVG allow-list (issue 12, item 7): an SVG asset is published only if the JDK's XML parser
 * reads it as well-formed UTF-8 XML (no DTD subset, no external entity, no processing instruction)
 * and every element and attribute, by its resolved namespace, is on a list of passive SVG
 * features. A scan of the text for script could be out of step with the browser's parser (a stray
 * quote hid {@code onclick}); the parser and the allow-list read the file as the browser does and
 * refuse whatever they do not know.
 *
 * <p>Over 450 lines on purpose: most of it is the allow-list itself (element and attribute names
 * per namespace, the URL-bearing attributes) and the checks of {@code <style>} text, which read best
 * as one table next to the one walker that applies them.
 */
final class SvgCheck {
  /** Problems reported for one SVG; the rest are counted in one more line. */
  static final int MAX_PROBLEMS = 10;

  static final String SVG_NS = "http://www.w3.org/2000/svg";
  static final String XLINK_NS = "http://www.w3.org/1999/xlink";

  /** SVG 1.1 and 2 elements that draw, group, describe or animate; no script, no foreign content. */
  static final Set<String> ELEMENTS = Set.of("svg", "g", "defs", "desc", "title", "metadata", "symbol", "use", "switch",
      "view", "a", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "tref", "textPath",
      "altGlyph", "altGlyphDef", "altGlyphItem", "glyphRef", "image", "style", "linearGradient", "radialGradient",
      "meshgradient", "meshrow", "meshpatch", "hatch", "hatchpath", "solidcolor", "stop", "pattern", "clipPath", "mask",
      "marker", "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
      "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB",
      "feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset",
      "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence", "animate", "animateColor",
      "animateMotion", "animateTransform", "set", "mpath", "font", "font-face", "font-face-src", "font-face-name",
      "font-face-uri", "font-face-format", "glyph", "missing-glyph", "hkern", "vkern", "color-profile");

  private static final Set<String> ANIMATIONS = Set.of("animate", "animateColor", "animateMotion", "animateTransform", "set");

  /** Attributes (no namespace) of those elements: geometry, presentation, filters, animation timing, fonts. */
  static final Set<String> ATTRIBUTES = Set.of("id", "class", "style", "lang", "tabindex", "role", "version", "baseProfile",
      "viewBox", "preserveAspectRatio", "zoomAndPan", "x", "y", "width", "height", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx",
      "ry", "fx", "fy", "fr", "d", "points", "pathLength", "href", "target", "type", "media", "title", "offset",
      "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits", "patternContentUnits", "patternTransform",
      "clipPathUnits", "maskUnits", "maskContentUnits", "markerUnits", "markerWidth", "markerHeight", "refX", "refY",
      "orient", "viewTarget", "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode", "operator",
      "k1", "k2", "k3", "k4", "values", "tableValues", "slope", "intercept", "amplitude", "exponent", "dx", "dy", "rotate",
      "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side", "path", "kernelMatrix", "order", "divisor",
      "bias", "targetX", "targetY", "edgeMode", "kernelUnitLength", "preserveAlpha", "surfaceScale", "diffuseConstant",
      "specularConstant", "specularExponent", "azimuth", "elevation", "pointsAtX", "pointsAtY", "pointsAtZ",
      "limitingConeAngle", "scale", "xChannelSelector", "yChannelSelector", "radius", "baseFrequency", "numOctaves", "seed",
      "stitchTiles", "attributeName", "attributeType", "begin", "dur", "end", "min", "max", "restart", "repeatCount",
      "repeatDur", "calcMode", "keyTimes", "keySplines", "from", "to", "by", "additive", "accumulate", "keyPoints",
      "requiredFeatures", "requiredExtensions", "systemLanguage", "externalResourcesRequired", "focusable", "unicode",
      "glyph-name", "horiz-adv-x", "horiz-origin-x", "horiz-origin-y", "vert-adv-y", "vert-origin-x", "vert-origin-y",
      "units-per-em", "ascent", "descent", "cap-height", "x-height", "unicode-range", "panose-1", "u1", "u2", "g1", "g2",
      "k", "arabic-form", "orientation", "format", "local", "name", "rendering-intent",
      // presentation attributes
      "alignment-baseline", "baseline-shift", "clip", "clip-path", "clip-rule", "color", "color-interpolation",
      "color-interpolation-filters", "color-profile", "color-rendering", "cursor", "direction", "display",
      "dominant-baseline", "enable-background", "fill", "fill-opacity", "fill-rule", "filter", "flood-color",
      "flood-opacity", "font", "font-family", "font-size", "font-size-adjust", "font-stretch", "font-style", "font-variant",
      "font-weight", "glyph-orientation-horizontal", "glyph-orientation-vertical", "image-rendering", "kerning",
      "letter-spacing", "lighting-color", "marker", "marker-end", "marker-mid", "marker-start", "mask", "mask-type",
      "opacity", "overflow", "paint-order", "pointer-events", "shape-rendering", "stop-color", "stop-opacity", "stroke",
      "stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity",
      "stroke-width", "text-anchor", "text-decoration", "text-rendering", "transform", "transform-origin", "transform-box",
      "unicode-bidi", "vector-effect", "visibility", "word-spacing", "writing-mode", "mix-blend-mode", "isolation",
      "white-space", "inline-size", "shape-inside", "shape-padding", "shape-margin", "solid-color", "solid-opacity");

  private static final Set<String> XLINK_ATTRIBUTES = Set.of("href", "title", "type", "show", "actuate", "role", "arcrole");
  private static final Set<String> XML_ATTRIBUTES = Set.of("space", "lang");

  /**
   * Editors' metadata (Inkscape, Sodipodi, RDF, Dublin Core, Creative Commons, Adobe, Sketch, Affinity):
   * browsers do not interpret these elements and attributes, so anything in them is allowed
   * except event handlers and script URLs.
   */
  private static final List<String> METADATA_NS = List.of("http://www.inkscape.org/namespaces/",
      "http://sodipodi.sourceforge.net/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://purl.org/dc/",
      "http://creativecommons.org/ns#", "http://web.resource.org/cc/", "http://ns.adobe.com/", "adobe:ns:meta/",
      "http://www.bohemiancoding.com/sketch/ns", "http://www.serif.com/");

  private static final XMLInputFactory XML = factory();

  private SvgCheck() {}

  private static XMLInputFactory factory() {
    // The JDK's own parser, not whatever StAX implementation a class path brings.
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    return f;
  }

  /** The problems of SVG file {@code path} (content-relative) with these bytes; empty if it may be published. */
  static List<Problem> check(String path, byte[] bytes) {
    List<Problem> out = new ArrayList<>();
    String text = decode(path, bytes, out);
    if (text == null) {
      return out;
    }
    new Reader(path, out).read(text);
    if (out.size() > MAX_PROBLEMS) {
      int more = out.size() - MAX_PROBLEMS;
      List<Problem> capped = new ArrayList<>(out.subList(0, MAX_PROBLEMS));
      capped.add(Problem.error(out.get(MAX_PROBLEMS).pos(), "unsafe-asset", more + " more problem" + (more == 1 ? "" : "s")
          + " in this SVG not shown"));
      return capped;
    }
    return out;
  }

  /**
   * The text of UTF-8 bytes (a UTF-8 BOM dropped), else null with a problem at the first byte
   * that is not UTF-8: a UTF-16 SVG hides {@code <script>} from a UTF-8 reading, and browsers
   * decode by BOM and declaration, so only one encoding is accepted.
   */
  private static String decode(String path, byte[] bytes, List<Problem> out) {
    if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff
        || (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe)) {
      out.add(Problem.error(new SourcePos(path, 1, 1), "unsafe-asset",
          "SVG image starts with a UTF-16 byte order mark; only UTF-8 SVG is checked and published. Save it as UTF-8"));
      return null;
    }
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer chars = CharBuffer.allocate(bytes.length);
    CoderResult r = dec.decode(in, chars, true);
    if (!r.isError()) {
      r = dec.flush(chars);
    }
    chars.flip();
    if (r.isError()) {
      out.add(Problem.error(at(path, chars), "unsafe-asset", String.format(Locale.ROOT,
          "SVG image is not UTF-8 (byte 0x%02X at offset %d); only UTF-8 SVG is checked and published. Save it as UTF-8",
          bytes[in.position()] & 0xff, in.position())));
      return null;
    }
    String s = chars.toString();
    int nul = s.indexOf('\0');
    if (nul >= 0) {
      out.add(Problem.error(at(path, CharBuffer.wrap(s, 0, nul)), "unsafe-asset",
          "SVG image contains a NUL character (UTF-16 or binary data?); only UTF-8 SVG is checked and published"));
      return null;
    }
    return s;
  }

  /** The position just after {@code before}, the text read so far. */
  private static SourcePos at(String path, CharSequence before) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < before.length(); i++) {
      if (before.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new SourcePos(path, line, col);
  }

  /** One pass of the pull parser over one SVG, collecting its problems. */
  private static final class Reader {
    private final String path;
    private final List<Problem> out;
    /** Where the previous event ended (the parser reports where each event ends, not where it starts). */
    private int line = 1;
    private int column = 1;
    private final Cursor ends = new Cursor();
    private final Cursor starts = new Cursor();
    private String text;
    private StringBuilder styleText;
    private SourcePos styleAt;

    Reader(String path, List<Problem> out) {
      this.path = path;
      this.out = out;
    }

    void read(String text) {
      this.text = text;
      XMLStreamReader r = null;
      try {
        r = XML.createXMLStreamReader(new StringReader(text));
        startDocument(r);
        advance(r);
        while (r.hasNext()) {
          int event = r.next();
          switch (event) {
            case XMLStreamConstants.DTD -> {
              // The source, not getText(): the JDK's parser returns "<!DOCTYPE]>" for some subsets.
              if (source(r).indexOf('[') >= 0) {
                problem("a DOCTYPE with an internal subset (entity definitions can hide markup); delete the [ … ] part");
              }
            }
            case XMLStreamConstants.PROCESSING_INSTRUCTION -> problem("processing instruction <?" + r.getPITarget()
                + " …?> (xml-stylesheet can run XSLT with script); delete it");
            case XMLStreamConstants.ENTITY_REFERENCE -> problem("entity reference &" + r.getLocalName()
                + "; (only &lt; &gt; &amp; &quot; &apos; and character references are allowed)");
            case XMLStreamConstants.START_ELEMENT -> startElement(r);
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
              if (styleText != null && styleText.length() < 1 << 20) {
                styleText.append(r.getText());
              }
            }
            case XMLStreamConstants.END_ELEMENT -> {
              if (styleText != null) {
                css(styleText.toString(), styleAt, "<style>");
                styleText = null;
              }
            }
            default -> { }
          }
          advance(r);
        }
      } catch (XMLStreamException e) {
        Location l = e.getLocation();
        SourcePos pos = l == null || l.getLineNumber() < 1 ? here()
            : new SourcePos(path, l.getLineNumber(), Math.max(1, l.getColumnNumber()));
        out.add(Problem.error(pos, "unsafe-asset", "SVG image is not well-formed XML (" + reason(e)
            + "); browsers would not show it, and it cannot be checked for script"));
      } catch (RuntimeException e) {
        // The JDK's parser can throw instead of reporting (AssetFuzzTest: a vertical tab in a DTD
        // subset, "MissingResourceException: InvalidCharInDTD"): still a refused file, not a crash.
        out.add(Problem.error(here(), "unsafe-asset", "SVG image is not well-formed XML (the XML parser failed: "
            + e.getClass().getSimpleName() + "); browsers would not show it, and it cannot be checked for script"));
      } finally {
        if (r != null) {
          try {
            r.close();
          } catch (XMLStreamException | RuntimeException ignored) {
            // nothing was opened but the string
          }
        }
      }
    }

    /** The source text of the current event: from where the last one ended to where this one ends. */
    private String source(XMLStreamReader r) {
      int from = new Cursor().seek(text, line, column);
      Location l = r.getLocation();
      int to = l == null || l.getLineNumber() < 1 ? text.length() : new Cursor().seek(text, l.getLineNumber(), l.getColumnNumber());
      return text.substring(Math.min(from, to), to);
    }

    /**
     * Where the current markup starts: its '<'. The parser reports where the previous event ended,
     * and after text it has already read the next '<' (or "<!--"); before the root, whitespace is
     * not an event.
     */
    private SourcePos here() {
      int p = ends.seek(text, line, column);
      int start = p;
      if (p >= text.length() || text.charAt(p) != '<') {
        int back = text.lastIndexOf('<', p);
        int gt = back < 0 ? -1 : text.indexOf('>', back);
        if (back >= 0 && p - back <= 10 && (gt < 0 || gt >= p)) {
          start = back;
        } else {
          while (start < text.length() && text.charAt(start) != '<' && text.charAt(start) <= ' ') {
            start++;
          }
        }
      }
      if (start < starts.offset) {
        return new SourcePos(path, line, column);
      }
      starts.advance(text, start);
      return new SourcePos(path, starts.line, starts.column);
    }

    private void startDocument(XMLStreamReader r) {
      String version = r.getVersion();
      if (version != null && !version.equals("1.0")) {
        problem("XML version " + version + " (browsers read XML 1.0 only)");
      }
      String enc = r.getCharacterEncodingScheme();
      if (enc != null && !enc.strip().toLowerCase(Locale.ROOT).matches("utf-?8")) {
        problem("declares encoding=\"" + enc + "\"; only UTF-8 SVG is checked and published. Save it as UTF-8");
      }
    }

    private void advance(XMLStreamReader r) {
      Location l = r.getLocation();
      if (l != null && l.getLineNumber() > 0) {
        line = l.getLineNumber();
        column = Math.max(1, l.getColumnNumber());
      }
    }

    private void startElement(XMLStreamReader r) {
      String ns = nullToEmpty(r.getNamespaceURI());
      String local = r.getLocalName();
      String tag = qualified(r.getPrefix(), local);
      boolean metadata = isMetadata(ns);
      if (ns.isEmpty() || ns.equals(SVG_NS)) {
        if (!ELEMENTS.contains(local)) {
          problem("element <" + tag + "> is not on the allow-list of passive SVG elements" + why(local));
        }
      } else if (!metadata) {
        problem("element <" + tag + "> in namespace " + ns + " is not allowed in SVG (only SVG elements and editors' metadata)");
      } else if (!why(local).isEmpty()) {
        // Editors' metadata never holds these: refused under any namespace, so a prefix bound to a
        // look-alike metadata URI (xmlns:svg="http://purl.org/dc/…") cannot carry a script that a
        // reader's tool might take for SVG's (AssetFuzzTest finding, session 8).
        problem("element <" + tag + "> is not allowed in SVG metadata" + why(local));
      }
      boolean animation = (ns.isEmpty() || ns.equals(SVG_NS)) && ANIMATIONS.contains(local);
      for (int i = 0; i < r.getAttributeCount(); i++) {
        attribute(tag, local, metadata, animation, nullToEmpty(r.getAttributeNamespace(i)),
            qualified(r.getAttributePrefix(i), r.getAttributeLocalName(i)), r.getAttributeLocalName(i), r.getAttributeValue(i));
      }
      if ((ns.isEmpty() || ns.equals(SVG_NS)) && local.equals("style")) {
        styleText = new StringBuilder();
        styleAt = here();
      }
    }

    private void attribute(String tag, String element, boolean metadata, boolean animation, String ns, String name,
        String local, String value) {
      String lower = local.toLowerCase(Locale.ROOT);
      if (lower.startsWith("on")) {
        problem("event handler attribute " + name + " on <" + tag + "> (script)");
        return;
      }
      boolean allowed;
      if (ns.isEmpty()) {
        allowed = metadata || ATTRIBUTES.contains(local) || local.startsWith("data-") || local.startsWith("aria-");
      } else if (ns.equals(XLINK_NS)) {
        allowed = XLINK_ATTRIBUTES.contains(local);
      } else if (ns.equals(XMLConstants.XML_NS_URI)) {
        allowed = XML_ATTRIBUTES.contains(local);
      } else {
        allowed = isMetadata(ns);
      }
      if (!allowed) {
        problem("attribute " + name + (ns.isEmpty() ? "" : " (namespace " + ns + ")") + " on <" + tag
            + "> is not on the allow-list of passive SVG attributes");
        return;
      }
      String squeezed = squeeze(value);
      if (squeezed.contains("javascript:") || squeezed.contains("vbscript:") || squeezed.contains("livescript:")) {
        problem("script URL in " + name + " on <" + tag + ">");
        return;
      }
      if (local.equals("href") && (ns.isEmpty() || ns.equals(XLINK_NS)) && !safeUrl(value, element)) {
        problem(name + "=\"" + shorten(value) + "\" on <" + tag + ">: only relative, #fragment, http(s) and mailto links"
            + " (and data:image/png, jpeg, gif or webp in <image>) are allowed");
      } else if (animation && local.equals("attributeName")) {
        String target = squeezed.substring(squeezed.indexOf(':') + 1);
        if (target.equals("href") || target.startsWith("on")) {
          problem("<" + tag + "> animates " + value.strip() + " (it can turn a link or handler into script)");
        }
      } else if (local.equals("style") && ns.isEmpty()) {
        css(value, here(), "style attribute on <" + tag + ">");
      }
    }

    /** CSS that can load script in some browser, or hide it behind escapes. */
    private void css(String text, SourcePos pos, String where) {
      String s = squeeze(text);
      for (String bad : List.of("expression(", "-moz-binding", "behavior:", "@import", "\\", "javascript:", "vbscript:")) {
        if (s.contains(bad)) {
          out.add(Problem.error(pos, "unsafe-asset", "SVG image: " + where + " contains '" + bad
              + "' (CSS that can load script or hide it behind escapes); delete it"));
          return;
        }
      }
    }

    private void problem(String what) {
      out.add(Problem.error(here(), "unsafe-asset", "SVG image: " + what
          + ". Only passive SVG is published; export it as a plain drawing or as PNG"));
    }
  }

  /**
   * A position in the text that only moves forward, so that turning the parser's line and column
   * into offsets stays linear in the file. Lines end at LF, CR or CRLF, as the parser counts them.
   */
  private static final class Cursor {
    int offset;
    int line = 1;
    int column = 1;

    /** Moves to a 1-based line and column at or after the current one; returns its offset. */
    int seek(String text, int toLine, int toColumn) {
      while (offset < text.length() && (line < toLine || line == toLine && column < toColumn)) {
        step(text);
      }
      return offset;
    }

    void advance(String text, int to) {
      while (offset < to && offset < text.length()) {
        step(text);
      }
    }

    private void step(String text) {
      char c = text.charAt(offset++);
      if (c == '\n' || c == '\r' && (offset >= text.length() || text.charAt(offset) != '\n')) {
        line++;
        column = 1;
      } else if (c != '\r') {
        column++;
      }
    }
  }

  /** A link that stays a link: no scheme (relative or fragment), http(s), mailto, or image data in {@code <image>}. */
  static boolean safeUrl(String value, String element) {
    // As a browser's URL parser: leading and trailing C0 controls and spaces trimmed, TAB/CR/LF removed.
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\t' && c != '\n' && c != '\r') {
        sb.append(c);
      }
    }
    String v = sb.toString();
    int a = 0;
    int b = v.length();
    while (a < b && v.charAt(a) <= ' ') {
      a++;
    }
    while (b > a && v.charAt(b - 1) <= ' ') {
      b--;
    }
    v = v.substring(a, b).toLowerCase(Locale.ROOT);
    int colon = v.indexOf(':');
    if (colon < 0) {
      return true;
    }
    String scheme = v.substring(0, colon);
    if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
      // "a/b:c", "#x:y", "%6aavascript:": the colon is not a scheme's, the URL is relative
      return true;
    }
    return switch (scheme) {
      case "http", "https", "mailto" -> true;
      case "data" -> (element.equals("image") || element.equals("feImage"))
          && v.matches("data:image/(?:png|jpeg|jpg|gif|webp)[;,].*");
      default -> false;
    };
  }

  private static String why(String local) {
    return switch (local.toLowerCase(Locale.ROOT)) {
      case "script", "handler", "listener" -> " (script)";
      case "foreignobject", "iframe", "embed", "object" -> " (an embedded document can carry script)";
      default -> "";
    };
  }

  private static boolean isMetadata(String ns) {
    for (String m : METADATA_NS) {
      if (ns.startsWith(m)) {
        return true;
      }
    }
    return false;
  }

  /** Lower case with every character up to U+0020 removed, so {@code java script:} reads as a scheme. */
  private static String squeeze(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > ' ') {
        sb.append(c);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  private static String qualified(String prefix, String local) {
    return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  /** The parser's reason in a few words (its message without the location prefix). */
  private static String reason(XMLStreamException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    int i = m.indexOf("Message: ");
    m = (i >= 0 ? m.substring(i + 9) : m).strip();
    // Namespace errors come as "http://www.w3.org/TR/1999/REC-xml-names-19990114#ElementPrefixUnbound?x&x:script"
    int hash = m.indexOf('#');
    int q = m.indexOf('?', Math.max(hash, 0));
    if (m.startsWith("http") && hash > 0 && q > hash) {
      String key = m.substring(hash + 1, q);
      String[] args = m.substring(q + 1).split("&");
      if (key.endsWith("PrefixUnbound") && args.length >= 2) {
        return "namespace prefix '" + args[0] + "' of " + args[1] + " is not declared";
      }
      if (key.equals("AttributeNotUnique") && args.length >= 2) {
        return "attribute " + args[1] + " appears twice on <" + args[0] + ">";
      }
      m = key + " " + String.join(" ", args);
    }
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }
}
