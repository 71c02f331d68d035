package dev.errorkb.cli;

import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.signature.IndexEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|github",
      description = "text (file:line: id: title url), json (one object per line) or github (workflow annotations); default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--no-fail", description = "Exit 0 even when known errors were found.")
  boolean noFail;

  @Option(names = "--lang", paramLabel = "ja|en", description = "Language of titles and URLs (default: en).")
  dev.errorkb.model.Lang lang;

  enum Format { text, json, github }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    ErrorIndex index = source.load(spec.commandLine().getErr());
    String l = lang == null ? "en" : lang.code();
    long total = 0;
    for (Path file : files) {
      String name = file.toString();
      try (InputStream in = name.equals("-") ? System.in : Files.newInputStream(file);
          BufferedReader r = new BufferedReader(new InputStreamReader(in,
              StandardCharsets.UTF_8.newDecoder()
                  .onMalformedInput(CodingErrorAction.REPLACE)
                  .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
        total += index.scan(r, hit -> print(out, name, hit, l));
      }
    }
    out.flush();
    return total > 0 && !noFail ? ExitCodes.PROBLEMS : ExitCodes.OK;
  }

  private void print(PrintWriter out, String file, ErrorIndex.ScanHit hit, String l) {
    IndexEntry e = hit.entry();
    String title = IndexEntry.pick(e.title(), l);
    String url = MatchCommand.url(e, l);
    switch (format) {
      case text -> out.println(file + ":" + hit.line() + ": " + e.id() + ": " + title + " " + url);
      case github -> out.println("::" + level(e.severity()) + " file=" + property(file) + ",line=" + hit.line()
          + ",title=" + property("known error " + e.id()) + "::" + data(title + " — " + url));
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
