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
   * The only types published (issue 12: a deny-list missed {@code .xhtm}): images, plain text and
   * data, archives, documents and media, which browsers display or download but never run as a
   * page of the site. No extension is allowed too (servers send such files as
   * application/octet-stream). SVG is allowed after its scan.
   */
  static final Set<String> PASSIVE = Set.of("", "png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "tif", "tiff",
      "svg", "txt", "log", "csv", "tsv", "json", "jsonl", "ndjson", "yaml", "yml", "toml", "ini", "conf", "cfg", "properties",
      "env", "diff", "patch", "sql", "sh", "bash", "ps1", "bat", "cmd", "py", "java", "kt", "go", "rs", "rb", "pl", "c", "h",
      "cpp", "cs", "tf", "hcl", "gradle", "pom", "dockerfile", "pdf", "zip", "gz", "tgz", "tar", "xz", "bz2", "zst", "7z",
      "jar", "war", "har", "pcap", "mp4", "webm", "mov", "mp3", "ogg", "wav", "woff", "woff2", "ttf", "otf");

  /**
   * Script in SVG (after numeric character references are decoded, tab, CR and LF removed, lower
   * case): script and embedding elements (with any namespace prefix, ASCII or not), entity
   * definitions, script URLs.
   */
  private static final Pattern SVG_SCRIPT = Pattern.compile(
      "<\\s*(?:[^\\s<>/:=\"']+:)?(?:script|iframe|embed|object|handler|listener|foreignobject)\\b|<!entity|(?:java|vb)script\\s*:");
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
    if (!PASSIVE.contains(ext)) {
      return Optional.of(Problem.error(SourcePos.file(path), "unsafe-asset",
          "'." + ext + "' is not a known passive file type (images, text, data, archives, PDF, media); a browser might run it"
              + " as a page of the site. Attach it as .txt or in a .zip"));
    }
    if (!ext.equals("svg")) {
      return Optional.empty();
    }
    Optional<String> text = utf8(Files.readAllBytes(file));
    if (text.isEmpty()) {
      return Optional.of(Problem.error(SourcePos.file(path), "unsafe-asset",
          "SVG image is not UTF-8 (a UTF-16 byte order mark, another encoding declared, or bytes that are not UTF-8);"
              + " it cannot be checked for script. Save it as UTF-8"));
    }
    if (hasScript(withoutTabsAndNewlines(decodeCharRefs(text.get())).toLowerCase(Locale.ROOT))
        || hasEventHandler(decodeCharRefs(text.get()).toLowerCase(Locale.ROOT))) {
      return Optional.of(Problem.error(SourcePos.file(path), "unsafe-asset",
          "SVG image contains script (a script element, an on… attribute, a javascript: URL, an embedded document or an"
              + " entity definition); opened from the site it would run as the site. Export it as a plain drawing or as PNG"));
    }
    return Optional.empty();
  }

  private static boolean hasScript(String svg) {
    return SVG_SCRIPT.matcher(svg).find();
  }

  private static final Pattern XML_ENCODING = Pattern.compile("^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([^\"']*)[\"']");

  /**
   * The text of an SVG that is UTF-8 (a UTF-8 BOM allowed, no NUL bytes, any declared encoding
   * UTF-8), else empty: a UTF-16 SVG hides {@code <script>} from a byte-wise UTF-8 scan (issue 12).
   */
  static Optional<String> utf8(byte[] bytes) {
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return Optional.empty();
    }
    if (s.indexOf('\0') >= 0 || s.indexOf('\ufeff') >= 0 || s.indexOf('\ufffe') >= 0) {
      return Optional.empty();
    }
    Matcher m = XML_ENCODING.matcher(s.length() > 200 ? s.substring(0, 200) : s);
    if (m.find() && !m.group(1).strip().toLowerCase(Locale.ROOT).matches("utf-?8")) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /** Browsers drop TAB, CR and LF inside URLs: {@code java&#9;script:} is {@code javascript:}. */
  private static String withoutTabsAndNewlines(String s) {
    if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\t' && c != '\n' && c != '\r') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** An {@code on…=} attribute inside a tag (quoted values skipped), in one linear pass. */
  private static boolean hasEventHandler(String s) {
    boolean inTag = false;
    char quote = 0;
    // A quote opens a value only right after '=' (found by AssetFuzzTest: in <svg a" onload=…> the
    // stray quote hid the handler).
    char lastNonSpace = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!inTag) {
        inTag = c == '<';
        lastNonSpace = c;
      } else if (quote != 0) {
        // An on…= inside a quoted value counts too: lenient parsers read <lns="<x: onload = y"> as
        // a tag named lns="<x: with an onload attribute (found by AssetFuzzTest).
        if ((c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/') && handlerAt(s, i)) {
          return true;
        }
        quote = c == quote ? 0 : quote;
        lastNonSpace = quote == 0 ? c : lastNonSpace;
        // <svg a="x"onload=…>: HTML parsers take an attribute right after a closing quote.
        if (quote == 0 && handlerAt(s, i)) {
          return true;
        }
      } else if ((c == '"' || c == '\'') && lastNonSpace == '=') {
        quote = c;
      } else if (c == '>') {
        inTag = false;
      } else if ((c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/') && handlerAt(s, i)) {
        return true;
      }
      if (inTag && quote == 0 && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        lastNonSpace = c;
      }
    }
    return false;
  }

  /** An {@code on…=} attribute name right after position {@code i}. */
  private static boolean handlerAt(String s, int i) {
    if (!s.startsWith("on", i + 1)) {
      return false;
    }
    int n = s.length();
    int j = i + 3;
    while (j < n && s.charAt(j) >= 'a' && s.charAt(j) <= 'z') {
      j++;
    }
    while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t' || s.charAt(j) == '\n' || s.charAt(j) == '\r')) {
      j++;
    }
    return j > i + 3 && j < n && s.charAt(j) == '=';
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
