package dev.errorkb.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.signature.IndexEntry;
import dev.errorkb.signature.Ranking;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code errorkb match}: paste an error, get the entries that fix it. */
@Command(
    name = "match",
    mixinStandardHelpOptions = true,
    description = {
      "Find the knowledge-base entries for a pasted error (TEXT, or standard input when absent).",
      "Exit status: 0 found, 1 nothing found, 2 usage, 3 I/O."
    })
final class MatchCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "TEXT", description = "The error text; read from standard input when absent.")
  String text;

  @ArgGroup(exclusive = true)
  IndexSource source = new IndexSource();

  @Option(names = "--lang", paramLabel = "ja|en", description = "Language to prefer and show (default: detected from the text).")
  Lang lang;

  @Option(names = "--top", defaultValue = "3", paramLabel = "N", description = "How many entries to show (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--explain", description = "Print why each result ranks where it does: word and signature scores, the signature words found and missing.")
  boolean explain;

  enum Format { text, json }

  /** Where the index comes from: a built errors.json or the content folder. Shared by match, scan, eval. */
  static final class IndexSource {
    @Option(names = "--index", paramLabel = "FILE", description = "A built errors.json (default: site/errors.json if it exists, else --content content).")
    Path index;

    @Option(names = "--content", paramLabel = "DIR", description = "Build the index in memory from a content folder.")
    Path content;

    /** Loads the index; content problems are summarised on {@code err} but do not stop matching. */
    ErrorIndex load(PrintWriter err) throws IOException {
      return load(err, false);
    }

    /**
     * The same; with {@code sidecar}, an errors.json is opened through its sidecar index when one
     * fits (a one-shot match then parses only the entries it looks at; issue 15), and {@code err}
     * hears why one that does not fit was not used.
     */
    ErrorIndex load(PrintWriter err, boolean sidecar) throws IOException {
      Path idx = index;
      Path dir = content;
      if (idx == null && dir == null) {
        Path def = Path.of("site", "errors.json");
        if (Files.isRegularFile(def)) {
          idx = def;
        } else {
          dir = Path.of("content");
        }
      }
      if (idx != null) {
        return sidecar ? ErrorIndex.loadWithSidecar(idx, note -> err.println("warning: " + note)) : ErrorIndex.load(idx);
      }
      if (!Files.isDirectory(dir)) {
        throw new java.nio.file.NoSuchFileException(dir.toString());
      }
      ContentLoader.Loaded loaded = new ContentLoader(dir).load();
      long errors = loaded.problems().stream().filter(Problem::isError).count();
      if (errors > 0) {
        err.println("warning: " + dir + " has " + errors + " content errors (see 'errorkb check'); matching what loaded");
      }
      return ErrorIndex.of(dev.errorkb.build.Pipeline.index(loaded.kb()));
    }
  }

  /** A mistake on the command line found while running (as picocli's {@code ParameterException}, without picocli). */
  static final class Usage extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Usage(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() throws IOException {
    try {
      return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    } catch (Usage u) {
      throw new CommandLine.ParameterException(spec.commandLine(), u.getMessage());
    }
  }

  /** The command, writing to {@code out} and {@code err}; also run without picocli ({@link MatchFastPath}). */
  int run(PrintWriter out, PrintWriter err) throws IOException {
    if (top < 1) {
      throw new Usage("--top must be at least 1");
    }
    String paste = text != null ? text : readStdin();
    if (paste.isBlank()) {
      throw new Usage("no text to match: give TEXT or pipe it on standard input");
    }
    long t0 = System.nanoTime();
    ErrorIndex index = source.load(err, true);
    long t1 = System.nanoTime();
    // --top 2147483647 ran out of memory (issue 12, item 16): no more results than entries exist.
    ErrorIndex.MatchOptions opts = new ErrorIndex.MatchOptions(Optional.ofNullable(lang), Math.min(top, Math.max(1, index.size())));
    List<ErrorIndex.Explained> explained = explain ? index.explain(paste, opts) : List.of();
    List<ErrorIndex.Match> results = explain ? explained.stream().map(ErrorIndex.Explained::match).toList() : index.match(paste, opts);
    long t2 = System.nanoTime();
    if (format == Format.json) {
      out.println(json(paste, results));
    } else if (results.isEmpty()) {
      err.println("no known error matches this text");
    } else {
      printText(out, results);
      if (explain) {
        printExplained(out, explained);
      }
    }
    out.flush();
    if (TRACE) {
      // -Derrorkb.match.trace=true: where a one-shot match spends its time (docs/performance.md, issue 15).
      long t3 = System.nanoTime();
      err.printf(Locale.ROOT, "trace: JVM up %d ms at load; load %.1f ms, match %.1f ms, print %.1f ms%n",
          java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() - (t3 - t0) / 1_000_000,
          (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    }
    err.flush();
    return results.isEmpty() ? ExitCodes.PROBLEMS : ExitCodes.OK;
  }

  private static final boolean TRACE = Boolean.getBoolean("errorkb.match.trace");

  /**
   * {@code s} with control characters (C0, DEL, C1, U+2028/9) as {@code \\uXXXX}: a title from an
   * errors.json printed raw could move the terminal's cursor or inject {@code ::error} workflow
   * commands (issue 12). For text output; JSON escapes them itself.
   */
  static String visible(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029;
      if (control && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (control) {
          b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }

  /** The longest text {@code match} reads from standard input; logs are for {@code scan}, which streams. */
  static final int MAX_PASTE_BYTES = 8 * 1024 * 1024;

  private String readStdin() throws IOException {
    InputStream in = System.in;
    byte[] b = in.readNBytes(MAX_PASTE_BYTES + 1);
    if (b.length > MAX_PASTE_BYTES) {
      throw new Usage("the text on standard input is larger than "
          + MAX_PASTE_BYTES / (1024 * 1024) + " MiB; 'errorkb match' takes a pasted error, use 'errorkb scan' for a log");
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void printText(PrintWriter out, List<ErrorIndex.Match> results) {
    int rank = 0;
    for (ErrorIndex.Match m : results) {
      IndexEntry e = m.entry();
      String l = m.lang();
      out.printf(Locale.ROOT, "%d. %s  [%s]%n", ++rank, visible(IndexEntry.pick(e.title(), l)), e.id());
      if (m.signature().isPresent()) {
        out.println("   exact match: " + firstLine(m.signature().get().text()));
        out.println("   matched text:      " + clip(m.span().orElseThrow().text(), 160));
      } else if (m.kind() == ErrorIndex.Kind.STRONG) {
        out.printf(Locale.ROOT, "   strong match (%.0f%% of the signature, in order): %s%n", 100 * m.coverage(),
            firstLine(m.bestSignature().orElseThrow().text()));
      } else {
        out.printf(Locale.ROOT, "   matched words (score %.2f)%n", m.score());
      }
      printField(out, "cause", IndexEntry.pick(e.cause(), l));
      printField(out, "fix", IndexEntry.pick(e.fix(), l));
      out.println("   " + url(e, l));
    }
  }

  /** The {@code --explain} block: one paragraph per result (also used by {@code eval} for misses). */
  static void printExplained(PrintWriter out, List<ErrorIndex.Explained> explained) {
    out.println("why:");
    if (!explained.isEmpty() && !explained.get(0).errnoWords().isEmpty()) {
      out.printf(Locale.ROOT, "errno named by symbol or number, its words as word evidence (x%s): %s%n",
          Ranking.ERRNO_FACTOR, String.join(" ", explained.get(0).errnoWords()));
    }
    int rank = 0;
    for (ErrorIndex.Explained x : explained) {
      ErrorIndex.Match m = x.match();
      out.printf(Locale.ROOT, "%d. %s  %s  score %.3f = signature %.3f + words %.3f%n", ++rank, m.entry().id(),
          m.kind().key(), m.score(), x.signatureScore(), x.wordScore());
      m.bestSignature().ifPresent(s -> {
        out.printf(Locale.ROOT, "   signature %s, coverage %.0f%%: %s%n", s.id(), 100 * m.coverage(), clip(x.detail(), 300));
        out.println("   paste words aligned: " + clip(x.pasteTokens(), 300));
      });
    }
  }

  private static void printField(PrintWriter out, String name, String value) {
    if (!value.isBlank()) {
      out.println("   " + name + ": " + clip(firstLine(value), 200));
    }
  }

  static String url(IndexEntry e, String lang) {
    String abs = e.absoluteUrl().get(lang);
    if (abs != null) {
      return abs;
    }
    String rel = e.url().get(lang);
    return rel != null ? rel : IndexEntry.pick(e.absoluteUrl().isEmpty() ? e.url() : e.absoluteUrl(), lang);
  }

  static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl) + " …";
  }

  static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  /** Created on first use (only --format json needs it): loading Jackson databind costs ~0.1 s of a one-shot call. */
  static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  }

  private static String json(String paste, List<ErrorIndex.Match> results) throws IOException {
    List<Object> list = new ArrayList<>();
    int rank = 0;
    for (ErrorIndex.Match m : results) {
      IndexEntry e = m.entry();
      Map<String, Object> r = new TreeMap<>();
      r.put("rank", ++rank);
      r.put("id", e.id());
      r.put("score", Math.round(m.score() * 1000) / 1000.0);
      r.put("fullMatch", m.fullMatch());
      r.put("kind", m.kind().key());
      r.put("coverage", Math.round(m.coverage() * 1000) / 1000.0);
      r.put("lang", m.lang());
      r.put("title", IndexEntry.pick(e.title(), m.lang()));
      r.put("cause", IndexEntry.pick(e.cause(), m.lang()));
      r.put("fix", IndexEntry.pick(e.fix(), m.lang()));
      r.put("url", url(e, m.lang()));
      m.signature().ifPresent(s -> r.put("signature", Map.of("id", s.id(), "text", s.text(), "template", s.template())));
      m.span().ifPresent(s -> r.put("span", Map.of("start", s.start(), "end", s.end(), "text", s.text())));
      List<Object> slots = new ArrayList<>();
      m.slots().forEach(s -> slots.add(Map.of("type", s.type(), "value", s.value())));
      r.put("slots", slots);
      list.add(r);
    }
    return Json.MAPPER.writeValueAsString(Map.of("results", list));
  }
}
