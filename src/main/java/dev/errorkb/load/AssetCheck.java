package dev.errorkb.load;

import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses assets a browser would run as a document of the site's own origin (issue 6): pages and
 * scripts, and SVG images that carry script. An asset is published unchanged next to the entry's
 * pages, so {@code evil.html} or an SVG with {@code onload=} opened directly would run its script
 * with no Content-Security-Policy, as if it were the site.
 */
final class AssetCheck {
  /** Extensions browsers render as active documents or run as scripts. */
  static final Set<String> ACTIVE =
      Set.of("html", "htm", "xhtml", "xht", "shtml", "xml", "xsl", "xslt", "js", "mjs", "swf", "svgz");

  /**
   * Script in SVG (after numeric character references are decoded, lower case): script and
   * embedding elements (with or without a namespace prefix), entity definitions, script URLs.
   */
  private static final Pattern SVG_SCRIPT = Pattern.compile(
      "<\\s*(?:[a-z0-9_.-]+:)?(?:script|iframe|embed|object|handler|listener)\\b|<!entity|javascript\\s*:");
  private static final Pattern CHAR_REF = Pattern.compile("&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));?");

  private AssetCheck() {}

  /** The problem with asset {@code file}, shown as {@code path} (content-relative), if any. */
  static Optional<Problem> check(String path, Path file) throws IOException {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    if (ACTIVE.contains(ext)) {
      return Optional.of(Problem.error(SourcePos.file(path), "unsafe-asset",
          "'." + ext + "' files are not published: opened from the site they would run as its own page or script;"
              + " write the content as Markdown, or attach it as .txt or in a .zip"));
    }
    if (ext.equals("svg") && hasScript(decodeCharRefs(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).toLowerCase(Locale.ROOT))) {
      return Optional.of(Problem.error(SourcePos.file(path), "unsafe-asset",
          "SVG image contains script (a script element, an on… attribute, a javascript: URL, an embedded document or an"
              + " entity definition); opened from the site it would run as the site. Export it as a plain drawing or as PNG"));
    }
    return Optional.empty();
  }

  private static boolean hasScript(String svg) {
    return SVG_SCRIPT.matcher(svg).find() || hasEventHandler(svg);
  }

  /** An {@code on…=} attribute inside a tag (quoted values skipped), in one linear pass. */
  private static boolean hasEventHandler(String s) {
    boolean inTag = false;
    char quote = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!inTag) {
        inTag = c == '<';
      } else if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        inTag = false;
      } else if ((c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/') && s.startsWith("on", i + 1)) {
        int j = i + 3;
        while (j < n && s.charAt(j) >= 'a' && s.charAt(j) <= 'z') {
          j++;
        }
        while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t' || s.charAt(j) == '\n' || s.charAt(j) == '\r')) {
          j++;
        }
        if (j > i + 3 && j < n && s.charAt(j) == '=') {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code &#106;} and {@code &#x6a;} as the characters an XML parser makes of them. */
  private static String decodeCharRefs(String s) {
    if (s.indexOf("&#") < 0) {
      return s;
    }
    Matcher m = CHAR_REF.matcher(s);
    StringBuilder sb = new StringBuilder(s.length());
    while (m.find()) {
      int cp = m.group(1) != null ? Integer.parseInt(m.group(1), 16) : Integer.parseInt(m.group(2));
      m.appendReplacement(sb, Matcher.quoteReplacement(Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : ""));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
