package dev.errorkb.gaps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.errorkb.gaps.GapsReport.Cluster;
import dev.errorkb.gaps.GapsReport.Example;
import dev.errorkb.gaps.GapsReport.Known;
import dev.errorkb.gaps.GapsReport.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The report as text (for a terminal or a CI log), JSON (for tools and {@code errorkb new
 * --from-gap}) or one self-contained HTML page (no script, no external resources), and the JSON
 * read back. {@code top} limits the clusters shown; 0 shows all.
 */
public final class GapsFormat {
  private GapsFormat() {}

  /** Version of the JSON report's layout. */
  public static final int JSON_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(SerializationFeature.INDENT_OUTPUT, true);

  private static List<Cluster> shown(GapsReport r, int top) {
    return top <= 0 || top >= r.clusters().size() ? r.clusters() : r.clusters().subList(0, top);
  }

  /** A readable summary: counts, known entries, then the top unknown templates with examples. */
  public static String text(GapsReport r, int top) {
    StringBuilder b = new StringBuilder(summary(r)).append('\n');
    appendKnownAndClusters(b, r, top);
    return b.toString();
  }

  /** The first line of the text report: what was read and what it came to. */
  public static String summary(GapsReport r) {
    StringBuilder b = new StringBuilder();
    long knownHits = r.known().stream().mapToLong(Known::count).sum();
    b.append(String.format(Locale.ROOT, "%,d lines in %d file%s: %,d known (%,d hits of %d entr%s), %,d unknown %s in %d template%s",
        r.lines(), r.files().size(), r.files().size() == 1 ? "" : "s", r.knownLines(), knownHits, r.known().size(),
        r.known().size() == 1 ? "y" : "ies", r.clusteredLines(), r.all() ? "lines" : "error lines",
        r.clusters().size(), r.clusters().size() == 1 ? "" : "s"));
    if (!r.all()) {
      b.append(String.format(Locale.ROOT, ", %,d other lines not clustered (--all clusters them)", r.skippedLines()));
    }
    if (r.unclusteredLines() > 0) {
      b.append(String.format(Locale.ROOT, "; %,d lines beyond the template cap only counted", r.unclusteredLines()));
    }
    return b.toString();
  }

  private static void appendKnownAndClusters(StringBuilder b, GapsReport r, int top) {
    if (!r.known().isEmpty()) {
      b.append("\nKnown errors (hits, files, entry):\n");
      for (Known k : r.known()) {
        b.append(String.format(Locale.ROOT, "%8d  %3d  %s: %s %s  first %s\n", k.count(), k.files(), k.id(), k.title(), k.url(), k.first()));
      }
    }
    List<Cluster> shown = shown(r, top);
    if (!shown.isEmpty()) {
      b.append(String.format(Locale.ROOT, "\nUnknown errors, by count × files (%d of %d):\n", shown.size(), r.clusters().size()));
      for (Cluster c : shown) {
        b.append(String.format(Locale.ROOT, "#%-3d %7d × %d file%s  %s\n", c.n(), c.count(), c.files(), c.files() == 1 ? " " : "s", c.template()));
        b.append("      first ").append(c.first()).append("  last ").append(c.last()).append('\n');
        for (Example e : c.examples()) {
          b.append("      ").append(e.at()).append(": ").append(clip(e.text(), 200)).append('\n');
        }
        b.append("      write an entry: ").append(newCommand(c)).append('\n');
      }
    }
  }

  /** The command that scaffolds an entry from a cluster, with the template as its signature. */
  public static String newCommand(Cluster c) {
    return "errorkb new NEW-ID --signature " + shellQuote(c.template());
  }

  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  /** The whole report as JSON, keys sorted; clusters carry their line locations per file. */
  public static String json(GapsReport r, int top) {
    Map<String, Object> m = new TreeMap<>();
    m.put("version", JSON_VERSION);
    m.put("files", r.files());
    m.put("lines", r.lines());
    m.put("knownLines", r.knownLines());
    m.put("clusteredLines", r.clusteredLines());
    m.put("skippedLines", r.skippedLines());
    m.put("unclusteredLines", r.unclusteredLines());
    m.put("all", r.all());
    m.put("clustersTotal", r.clusters().size());
    List<Object> known = new ArrayList<>();
    for (Known k : r.known()) {
      Map<String, Object> o = new TreeMap<>();
      o.put("id", k.id());
      o.put("title", k.title());
      o.put("url", k.url());
      o.put("count", k.count());
      o.put("files", k.files());
      o.put("first", loc(k.first()));
      o.put("last", loc(k.last()));
      known.add(o);
    }
    m.put("known", known);
    List<Object> clusters = new ArrayList<>();
    for (Cluster c : shown(r, top)) {
      Map<String, Object> o = new TreeMap<>();
      o.put("n", c.n());
      o.put("template", c.template());
      o.put("count", c.count());
      o.put("files", c.files());
      o.put("first", loc(c.first()));
      o.put("last", loc(c.last()));
      List<Object> ex = new ArrayList<>();
      for (Example e : c.examples()) {
        Map<String, Object> x = new TreeMap<>();
        x.put("at", loc(e.at()));
        x.put("text", e.text());
        ex.add(x);
      }
      o.put("examples", ex);
      Map<String, List<Long>> lines = new LinkedHashMap<>();
      for (Location l : c.lines()) {
        lines.computeIfAbsent(l.file(), f -> new ArrayList<>()).add(l.line());
      }
      o.put("lines", lines);
      o.put("linesTruncated", c.lines().size() < c.count());
      clusters.add(o);
    }
    m.put("clusters", clusters);
    try {
      return MAPPER.writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> loc(Location l) {
    Map<String, Object> o = new TreeMap<>();
    o.put("file", l.file());
    o.put("line", l.line());
    return o;
  }

  /** A cluster read back from a JSON report: its template and example lines. */
  public record GapRef(int n, String template, List<String> examples) {
    public GapRef {
      examples = List.copyOf(examples);
    }
  }

  /**
   * Cluster {@code n} of the JSON report {@code file}; empty when the report has no such cluster.
   *
   * @throws GapsReportException when the file is not a gaps JSON report
   */
  public static Optional<GapRef> readCluster(Path file, int n) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      var loc = e.getLocation();
      throw new GapsReportException(file + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr())
          + ": not a JSON gaps report: " + e.getOriginalMessage());
    }
    if (root == null || !root.path("clusters").isArray() || root.path("version").asInt(0) != JSON_VERSION) {
      throw new GapsReportException(file + ": not a gaps report (write one with 'errorkb gaps --format json --out " + file + "')");
    }
    for (JsonNode c : root.path("clusters")) {
      if (c.path("n").asInt(-1) == n) {
        List<String> ex = new ArrayList<>();
        for (JsonNode e : c.path("examples")) {
          ex.add(e.path("text").asText());
        }
        String template = c.path("template").asText("");
        if (template.isBlank()) {
          throw new GapsReportException(file + ": cluster #" + n + " has no template");
        }
        return Optional.of(new GapRef(n, template, ex));
      }
    }
    return Optional.empty();
  }

  /** A file given as a gaps report that is not one. */
  public static final class GapsReportException extends IOException {
    private static final long serialVersionUID = 1L;

    public GapsReportException(String message) {
      super(message);
    }
  }

  /** One page, styles inline, no script: a bar per cluster and the command that writes its entry. */
  public static String html(GapsReport r, int top) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>errorkb gaps</title>\n<style>\n")
        .append("body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1d2330}\n")
        .append("h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}code,pre{font:13px/1.4 ui-monospace,monospace}\n")
        .append("table{border-collapse:collapse;width:100%}td,th{padding:.3rem .5rem;border-bottom:1px solid #e3e6ec;text-align:left;vertical-align:top}\n")
        .append(".gap{border:1px solid #dde1e8;border-radius:6px;padding:.6rem .8rem;margin:.7rem 0}\n")
        .append(".bar{height:.55rem;background:#c2410c;border-radius:3px;margin:.35rem 0}.known .bar{background:#2563eb}\n")
        .append(".tpl{font-weight:600;word-break:break-all}.meta{color:#5b6475;font-size:13px}\n")
        .append("pre{background:#f5f6f8;padding:.4rem .6rem;overflow-x:auto;margin:.3rem 0}\n")
        .append(".cmd{background:#fff7ed}\n</style>\n</head>\n<body>\n<h1>Known-error gaps</h1>\n<p>");
    b.append(esc(summary(r))).append("</p>\n<p class=\"meta\">Files: ").append(esc(String.join(", ", r.files()))).append("</p>\n");
    if (!r.known().isEmpty()) {
      long max = r.known().stream().mapToLong(k -> k.count() * k.files()).max().orElse(1);
      b.append("<h2>Known errors</h2>\n<div class=\"known\">\n");
      for (Known k : r.known()) {
        b.append("<div class=\"gap\"><div><code>").append(esc(k.id())).append("</code> ").append(esc(k.title()))
            .append("</div>\n<div class=\"bar\" style=\"width:").append(pct(k.count() * k.files(), max)).append("%\"></div>\n")
            .append("<div class=\"meta\">").append(k.count()).append(" hits in ").append(k.files()).append(" file")
            .append(k.files() == 1 ? "" : "s").append(" · first ").append(esc(k.first().toString()))
            .append(" · ").append(esc(k.url())).append("</div></div>\n");
      }
      b.append("</div>\n");
    }
    List<Cluster> shown = shown(r, top);
    b.append("<h2>Unknown errors (").append(shown.size()).append(" of ").append(r.clusters().size())
        .append(", by count × files)</h2>\n");
    long max = shown.isEmpty() ? 1 : shown.get(0).weight();
    for (Cluster c : shown) {
      b.append("<div class=\"gap\" id=\"gap-").append(c.n()).append("\"><div class=\"tpl\">#").append(c.n()).append(" ")
          .append(esc(c.template())).append("</div>\n<div class=\"bar\" style=\"width:").append(pct(c.weight(), max))
          .append("%\"></div>\n<div class=\"meta\">").append(c.count()).append(" lines in ").append(c.files())
          .append(" file").append(c.files() == 1 ? "" : "s").append(" · first ").append(esc(c.first().toString()))
          .append(" · last ").append(esc(c.last().toString())).append("</div>\n");
      for (Example e : c.examples()) {
        b.append("<pre>").append(esc(e.at() + ": " + clip(e.text(), 400))).append("</pre>\n");
      }
      b.append("<div class=\"meta\">Write an entry:</div><pre class=\"cmd\">").append(esc(newCommand(c))).append("</pre></div>\n");
    }
    b.append("</body>\n</html>\n");
    return b.toString();
  }

  private static String pct(long v, long max) {
    return String.format(Locale.ROOT, "%.1f", Math.max(0.5, 100.0 * v / Math.max(1, max)));
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
