package dev.errorkb.cli;

import dev.errorkb.model.SiteConfig;
import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.signature.IndexEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code errorkb scan}: find known errors in logs, streaming line by line. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
      "Find known errors in log files ('-' reads standard input), line by line; files are never loaded whole.",
      "Exit status: 0 nothing found (or --no-fail), 1 known errors found, 2 usage, 3 I/O."
    })
final class ScanCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log files to scan; '-' for standard input.")
  List<Path> files;

  @ArgGroup(exclusive = true)
  MatchCommand.IndexSource source = new MatchCommand.IndexSource();

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|github|junit",
      description = "text (file:line: id: title url), json (one object per line), github (workflow annotations, one per incident)"
          + " or junit (a JUnit XML report, one failed test case per known error found); default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--stdin-name", paramLabel = "NAME",
      description = "File name to report for standard input ('-'), e.g. the log's path in the repository (default: -).")
  String stdinName;

  @Option(names = "--site-url", paramLabel = "URL",
      description = "The KB site's address, for absolute links to entries when errors.json was built without a base URL.")
  String siteUrl;

  @Option(names = "--no-fail", description = "Exit 0 even when known errors were found.")
  boolean noFail;

  @Option(names = "--lang", paramLabel = "ja|en", description = "Language of titles and URLs (default: en).")
  dev.errorkb.model.Lang lang;

  enum Format { text, json, github, junit }

  /**
   * The longest line scanned, in characters: a log line of gigabytes (one JSON document, a binary
   * dump) ran scan out of memory, and the message blamed the knowledge base (issue 12, item 16);
   * the scanner keeps up to 256 lines for multi-line signatures, so this bounds its memory.
   */
  static final int MAX_LINE_CHARS = 256 * 1024;

  /**
   * One known error over lines {@code line}..{@code endLine} of a file (github, junit): the hits of
   * one entry over overlapping lines — a multi-line signature and a one-line one, reported a few
   * lines apart — are one incident.
   */
  private static final class Incident {
    final ErrorIndex.ScanHit hit;
    long line;
    long endLine;

    Incident(ErrorIndex.ScanHit hit) {
      this.hit = hit;
      this.line = hit.line();
      this.endLine = hit.endLine();
    }
  }

  private final List<Incident> pendingIncidents = new java.util.ArrayList<>();
  private final List<String> cases = new java.util.ArrayList<>();
  private long incidents;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    ErrorIndex index = source.load(spec.commandLine().getErr());
    String l = lang == null ? "en" : lang.code();
    if (siteUrl != null && !SiteConfig.isBaseUrl(siteUrl)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--site-url must be an absolute http(s) URL such as https://kb.example/");
    }
    long total = 0;
    for (Path file : files) {
      String name = file.toString().equals("-") && stdinName != null ? stdinName : file.toString();

      ErrorIndex.ScanStats stats;
      try (InputStream in = file.toString().equals("-") ? System.in : Files.newInputStream(file)) {
        stats = index.scan(in, MAX_LINE_CHARS, hit -> {
          if (format == Format.github || format == Format.junit) {
            pendingIncidents.add(new Incident(hit));
          } else {
            print(out, name, hit, l, hit.line(), hit.endLine());
          }
        }, null);
        total += stats.hits();
      }
      for (Incident i : incidents()) {
        print(out, name, i.hit, l, i.line, i.endLine);
      }
      if (stats.cutLines() > 0) {
        spec.commandLine().getErr().println(name + ":" + stats.firstCutLine() + ": warning: " + stats.cutLines() + " line"
            + (stats.cutLines() == 1 ? "" : "s") + " longer than " + MAX_LINE_CHARS
            + " characters; only the first " + MAX_LINE_CHARS + " of each were scanned");
      }
    }
    if (format == Format.junit) {
      out.print(junit());
    }
    out.flush();
    return total > 0 && !noFail ? ExitCodes.PROBLEMS : ExitCodes.OK;
  }

  /** The file's hits as incidents in line order, overlapping hits of one entry merged; then cleared. */
  private List<Incident> incidents() {
    List<Incident> hits = new java.util.ArrayList<>(pendingIncidents);
    pendingIncidents.clear();
    hits.sort(java.util.Comparator.comparingLong((Incident i) -> i.line).thenComparingLong(i -> -i.endLine));
    List<Incident> merged = new java.util.ArrayList<>();
    Map<String, Incident> last = new java.util.HashMap<>();
    for (Incident i : hits) {
      Incident prev = last.get(i.hit.entry().id());
      if (prev != null && i.line <= prev.endLine) {
        prev.endLine = Math.max(prev.endLine, i.endLine);
        continue;
      }
      last.put(i.hit.entry().id(), i);
      merged.add(i);
    }
    incidents += merged.size();
    return merged;
  }

  private void print(PrintWriter out, String file, ErrorIndex.ScanHit hit, String l, long line, long endLine) {
    IndexEntry e = hit.entry();
    String title = format == Format.text ? MatchCommand.visible(IndexEntry.pick(e.title(), l)) : IndexEntry.pick(e.title(), l);
    String url = MatchCommand.url(e, l);
    if (siteUrl != null && !url.matches("(?i)https?://.*")) {
      url = SiteConfig.withSlash(siteUrl) + url;
    }
    switch (format) {
      case text -> out.println(file + ":" + hit.line() + ": " + e.id() + ": " + title + " " + url);
      case github -> out.println("::" + level(e.severity()) + " file=" + property(file) + ",line=" + line
          + (endLine > line ? ",endLine=" + endLine : "")
          + ",title=" + property("known error " + e.id()) + "::" + data(title + " — " + url));
      case junit -> cases.add("    <testcase classname=\"" + xml(file) + "\" name=\"" + xml(e.id() + " at line " + line
          + (endLine > line ? "-" + endLine : "")) + "\" file=\"" + xml(file) + "\" line=\"" + line + "\">\n"
          + "      <failure type=\"" + xml(e.severity()) + "\" message=\"" + xml(title) + "\">" + xml(file + ":" + line + ": "
          + hit.span().text() + "\n" + url) + "</failure>\n    </testcase>\n");
      case json -> {
        Map<String, Object> m = new TreeMap<>();
        m.put("file", file);
        m.put("line", hit.line());
        m.put("id", e.id());
        m.put("title", title);
        m.put("url", url);
        m.put("signature", hit.signature().id());
        m.put("text", hit.span().text());
        try {
          out.println(MatchCommand.Json.MAPPER.writeValueAsString(m));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
          throw new java.io.UncheckedIOException(ex);
        }
      }
      default -> throw new IllegalStateException();
    }
  }

  /** The JUnit XML report: one suite, one failed test case per incident, in the order found. */
  private String junit() {
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<testsuites name=\"errorkb scan\" tests=\"").append(incidents).append("\" failures=\"").append(incidents).append("\">\n");
    b.append("  <testsuite name=\"known errors\" tests=\"").append(incidents).append("\" failures=\"").append(incidents)
        .append("\" errors=\"0\" skipped=\"0\">\n");
    cases.forEach(b::append);
    b.append("  </testsuite>\n</testsuites>\n");
    return b.toString();
  }

  /** XML text and attribute escaping; characters XML 1.0 cannot carry become U+FFFD. */
  static String xml(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    s.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\n' -> b.append("&#10;");
        case '\t' -> b.append("&#9;");
        case '\r' -> b.append("&#13;");
        default -> {
          boolean ok = c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
          b.appendCodePoint(ok ? c : 0xFFFD);
        }
      }
    });
    return b.toString();
  }

  private static String level(String severity) {
    return switch (severity) {
      case "error" -> "error";
      case "warning" -> "warning";
      default -> "notice";
    };
  }

  /** GitHub workflow-command escaping of a message. */
  static String data(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** GitHub workflow-command escaping of a property value. */
  static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }
}
