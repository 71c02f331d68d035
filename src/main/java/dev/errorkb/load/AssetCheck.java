package dev.errorkb.load;

import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses assets a browser would run as a document of the site's own origin (issue 6): pages and
 * scripts, and SVG images that carry script. An asset is published unchanged next to the entry's
 * pages, so {@code evil.html} or an SVG with {@code onload=} opened directly would run its script
 * with no Content-Security-Policy, as if it were the site. SVG goes through {@link SvgCheck}.
 */
final class AssetCheck {
  /** Extensions browsers render as active documents or run as scripts. */
  static final Set<String> ACTIVE =
      Set.of("html", "htm", "xhtml", "xht", "shtml", "xml", "xsl", "xslt", "js", "mjs", "swf", "svgz");

  /**
   * The only types published (issue 12: a deny-list missed {@code .xhtm}): images, plain text and
   * data, archives, documents and media, which browsers display or download but never run as a
   * page of the site. No extension is allowed too (servers send such files as
   * application/octet-stream). SVG is allowed when {@link SvgCheck} passes it.
   */
  static final Set<String> PASSIVE = Set.of("", "png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "tif", "tiff",
      "svg", "txt", "log", "csv", "tsv", "json", "jsonl", "ndjson", "yaml", "yml", "toml", "ini", "conf", "cfg", "properties",
      "env", "diff", "patch", "sql", "sh", "bash", "ps1", "bat", "cmd", "py", "java", "kt", "go", "rs", "rb", "pl", "c", "h",
      "cpp", "cs", "tf", "hcl", "gradle", "pom", "dockerfile", "pdf", "zip", "gz", "tgz", "tar", "xz", "bz2", "zst", "7z",
      "jar", "war", "har", "pcap", "mp4", "webm", "mov", "mp3", "ogg", "wav", "woff", "woff2", "ttf", "otf");

  private AssetCheck() {}

  /** The problems with asset {@code file}, shown as {@code path} (content-relative); empty if it is published. */
  static List<Problem> check(String path, Path file) throws IOException {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    if (ACTIVE.contains(ext)) {
      return List.of(Problem.error(SourcePos.file(path), "unsafe-asset",
          "'." + ext + "' files are not published: opened from the site they would run as its own page or script;"
              + " write the content as Markdown, or attach it as .txt or in a .zip"));
    }
    if (!PASSIVE.contains(ext)) {
      return List.of(Problem.error(SourcePos.file(path), "unsafe-asset",
          "'." + ext + "' is not a known passive file type (images, text, data, archives, PDF, media); a browser might run it"
              + " as a page of the site. Attach it as .txt or in a .zip"));
    }
    if (!ext.equals("svg")) {
      return List.of();
    }
    return SvgCheck.check(path, Files.readAllBytes(file));
  }
}
