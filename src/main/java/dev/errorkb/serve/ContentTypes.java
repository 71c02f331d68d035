package dev.errorkb.serve;

import java.util.Locale;
import java.util.Map;

/** Content-Type by file extension for everything a site holds; unknown types are sent as bytes. */
final class ContentTypes {
  private static final Map<String, String> BY_EXT = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("xml", "application/xml; charset=utf-8"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"),
      Map.entry("avif", "image/avif"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("pdf", "application/pdf"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("woff", "font/woff"));

  private ContentTypes() {}

  /** The Content-Type for a site key such as {@code en/feed.xml}. */
  static String of(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    if (name.equals("feed.xml")) {
      return "application/atom+xml; charset=utf-8";
    }
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return BY_EXT.getOrDefault(ext, "application/octet-stream");
  }
}
