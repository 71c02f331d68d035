package dev.errorkb.render;

import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.sequence.BasedSequence;
import com.vladsch.flexmark.util.sequence.Escaping;
import dev.errorkb.model.Entry;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import dev.errorkb.util.SitePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks one link and returns the URL to publish. */
final class LinkRewriter {
  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");
  private static final Pattern ENTRY_LINK = Pattern.compile("^\\.\\./(" + Entry.ID_PATTERN + ")(?:/(?:index\\.html)?)?$");
  private final String source;
  private final int start;
  private final SourcePos at;
  private final LinkTarget target;
  private final List<Problem> problems;

  /** @param start where the fragment at {@code at} begins in {@code source} */
  LinkRewriter(String source, int start, SourcePos at, LinkTarget target, List<Problem> problems) {
    this.source = source;
    this.start = start;
    this.at = at;
    this.target = target;
    this.problems = problems;
  }

  SourcePos pos(Node n) {
    int off = Math.min(n.getStartOffset(), source.length());
    int line = 0;
    int lineStart = start;
    for (int i = start; i < off; i++) {
      if (source.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new SourcePos(at.path(), at.line() + line, off - lineStart + 1);
  }

  BasedSequence check(Node n, String url, boolean image) {
    // Check the URL a browser will follow, not the source text: flexmark decodes entities and
    // backslash escapes when it renders ("javascript&colon;x" becomes "javascript:x"), and
    // browsers drop tabs and newlines anywhere and control characters at the ends.
    String u = browserView(Escaping.unescapeString(url));
    Matcher scheme = SCHEME.matcher(u);
    if (scheme.find()) {
      String s = scheme.group(1).toLowerCase(Locale.ROOT);
      if (!(s.equals("http") || s.equals("https") || (s.equals("mailto") && !image))) {
        problems.add(Problem.error(pos(n), "unsafe-link", "link scheme '" + s + ":' is not allowed; use http, https or mailto"));
        return BasedSequence.of("#");
      }
      return BasedSequence.of(url.strip());
    }
    if (u.isEmpty() || u.startsWith("#")) {
      return BasedSequence.of(u.isEmpty() ? "" : "#" + escape(u.substring(1)));
    }
    if (u.startsWith("/") || u.startsWith("\\")) {
      problems.add(Problem.error(pos(n), "absolute-link",
          "link '" + u + "' starts with '/'; use a relative link (the site may be published under a sub-path or opened from disk)"));
      return BasedSequence.of("#");
    }
    String fragment = "";
    int hash = u.indexOf('#');
    if (hash >= 0) {
      fragment = "#" + escape(u.substring(hash + 1));
      u = u.substring(0, hash);
    }
    int q = u.indexOf('?');
    if (q >= 0) {
      u = u.substring(0, q);
    }
    Matcher entry = ENTRY_LINK.matcher(u);
    if (entry.matches() && !image) {
      String id = entry.group(1);
      Set<Lang> langs = target.entryLangs().get(id);
      if (langs == null) {
        String hint = dev.errorkb.load.Suggest.closest(id, target.entryLangs().keySet()).map(s -> "; did you mean '../" + s + "/'?").orElse("");
        problems.add(Problem.error(pos(n), "broken-link", "link to entry '" + id + "' but no entry has that id" + hint));
        return BasedSequence.of("#");
      }
      if (langs.contains(target.lang())) {
        return BasedSequence.of("../" + id + "/" + SitePaths.INDEX + fragment);
      }
      Lang other = langs.iterator().next();
      return BasedSequence.of("../../" + SitePaths.entryPage(other, id) + fragment);
    }
    String normalised = normalise(u);
    if (normalised == null) {
      problems.add(Problem.error(pos(n), "link-outside-entry",
          "link '" + url + "' leaves the entry folder; link other entries as ../<id>/ and keep assets inside the entry folder"));
      return BasedSequence.of("#");
    }
    if (!target.assets().contains(normalised)) {
      String hint = dev.errorkb.load.Suggest.closest(normalised, target.assets()).map(s -> "; did you mean '" + s + "'?").orElse("");
      problems.add(Problem.error(pos(n), "missing-asset",
          (image ? "image '" : "link '") + url + "' does not exist in the entry folder" + hint));
      return BasedSequence.of("#");
    }
    // Percent-encoded, so that neither flexmark's decoding nor the browser can turn an asset
    // name such as "javascript&colon;x" or "./javascript:x" into a script URL.
    return BasedSequence.of(escape(normalised) + fragment);
  }

  /** What a browser makes of an href: tabs and newlines removed, C0 controls and spaces trimmed. */
  static String browserView(String url) {
    String v = url.replace("\t", "").replace("\n", "").replace("\r", "");
    int a = 0;
    int b = v.length();
    while (a < b && v.charAt(a) <= ' ') {
      a++;
    }
    while (b > a && v.charAt(b - 1) <= ' ') {
      b--;
    }
    return v.substring(a, b);
  }

  /** Percent-encodes everything but unreserved characters and '/'. */
  static String escape(String path) {
    StringBuilder sb = new StringBuilder(path.length());
    for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
        sb.append(c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  /** Resolves '.' and '..' inside the entry folder; null when the path would leave it. */
  static String normalise(String path) {
    String p = percentDecode(path).replace('\\', '/');
    List<String> parts = new ArrayList<>();
    for (String s : p.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.remove(parts.size() - 1);
      } else {
        parts.add(s);
      }
    }
    return String.join("/", parts);
  }

  static String percentDecode(String s) {
    try {
      return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
