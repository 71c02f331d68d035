package dev.errorkb.robust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Finds executable markup in rendered pages by parsing them as a browser would (jsoup): inline or
 * foreign scripts, event-handler attributes, script URLs, and elements that load or run code.
 */
final class HtmlSafety {
  private static final Set<String> FORBIDDEN_TAGS =
      Set.of("iframe", "frame", "frameset", "object", "embed", "applet", "base", "style");
  private static final Set<String> URL_ATTRS =
      Set.of("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset", "ping", "cite");

  private HtmlSafety() {}

  /** Every finding in every .html file below {@code site}, as "file: what". */
  static List<String> findings(Path site) {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(site)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".html")).sorted().toList()) {
        String rel = site.relativize(p).toString().replace('\\', '/');
        for (String f : findings(Files.readString(p, StandardCharsets.UTF_8))) {
          out.add(rel + ": " + f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Findings in one HTML document. */
  static List<String> findings(String html) {
    List<String> out = new ArrayList<>();
    Document doc = Jsoup.parse(html);
    for (Element e : doc.getAllElements()) {
      String tag = e.normalName();
      if (tag.equals("script")) {
        String src = e.attr("src");
        if (src.isEmpty() || !e.data().isBlank()) {
          out.add("inline <script>: " + abbreviate(e.outerHtml()));
        } else if (hasScheme(src) || src.startsWith("//")) {
          out.add("<script> from another origin: " + src);
        }
      }
      if (FORBIDDEN_TAGS.contains(tag)) {
        out.add("<" + tag + "> element: " + abbreviate(e.outerHtml()));
      }
      if (tag.equals("meta") && e.attr("http-equiv").equalsIgnoreCase("refresh")) {
        out.add("meta refresh: " + e.attr("content"));
      }
      for (Attribute a : e.attributes()) {
        String name = a.getKey().toLowerCase(Locale.ROOT);
        if (name.startsWith("on")) {
          out.add("event handler attribute " + name + "=\"" + abbreviate(a.getValue()) + "\" on <" + tag + ">");
        }
        if (name.equals("style") && a.getValue().toLowerCase(Locale.ROOT).matches("(?s).*(expression|url\\s*\\(|javascript).*")) {
          out.add("style attribute with code or URL on <" + tag + ">: " + a.getValue());
        }
        if (URL_ATTRS.contains(name) && dangerousUrl(a.getValue())) {
          out.add("script URL in " + name + " on <" + tag + ">: " + abbreviate(a.getValue()));
        }
      }
    }
    // Every page must carry a CSP that allows no inline script (issue 6).
    Element csp = doc.selectFirst("meta[http-equiv=Content-Security-Policy]");
    if (csp == null) {
      out.add("no Content-Security-Policy meta tag");
    } else if (csp.attr("content").contains("unsafe-inline") || !csp.attr("content").contains("script-src")) {
      out.add("Content-Security-Policy allows inline script: " + csp.attr("content"));
    }
    return out;
  }

  /** A URL a browser would run or render as a document: javascript:, vbscript:, data: (text/html, svg). */
  static boolean dangerousUrl(String value) {
    // Browsers drop ASCII whitespace and control characters inside the scheme.
    StringBuilder sb = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c > 0x20) {
        sb.append(c);
      }
    }
    String v = sb.toString().toLowerCase(Locale.ROOT);
    return v.startsWith("javascript:") || v.startsWith("vbscript:") || v.startsWith("data:") || v.startsWith("livescript:");
  }

  private static boolean hasScheme(String url) {
    return url.matches("(?s)^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
