package dev.errorkb.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.errorkb.check.Translations;
import dev.errorkb.check.Translations.State;
import dev.errorkb.check.Translations.Status;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code errorkb status}: translation coverage per language and the entries that need work. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show translation coverage per language (complete, stale, missing) and the entries needing work.")
final class StatusCommand implements Callable<Integer> {
  enum Format { TEXT, JSON }

  @Spec CommandSpec spec;

  @Option(names = "--content", defaultValue = "content", description = "Content folder (default: ${DEFAULT-VALUE}).")
  Path content;

  @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format;

  /** Created on first use: picocli instantiates every command at startup, and Jackson databind costs ~0.1 s to load. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** Counts for one language. */
  record Coverage(Lang lang, int entries, int complete, int stale, int critical, int missing) {}

  @Override
  public Integer call() {
    ContentLoader.Loaded loaded = new ContentLoader(content).load();
    KnowledgeBase kb = loaded.kb();
    Translations t = Translations.of(kb);
    if (loaded.hasErrors()) {
      // Entries with errors are left out of the counts; say so rather than show a wrong table silently.
      ProblemPrinter.print(spec.commandLine().getErr(), loaded.problems().stream().filter(p -> p.isError()).toList(), content);
      spec.commandLine().getErr().println("note: entries with errors are not counted below");
    }
    List<Coverage> coverage = new ArrayList<>();
    for (Lang l : kb.site().languages()) {
      int complete = 0;
      int stale = 0;
      int critical = 0;
      int missing = 0;
      for (var e : kb.entries()) {
        Status s = t.status(e.id(), l);
        switch (s.state()) {
          case SOURCE, CURRENT -> complete++;
          case STALE -> {
            stale++;
            if (s.critical()) {
              critical++;
            }
          }
          case MISSING -> missing++;
        }
      }
      coverage.add(new Coverage(l, kb.entries().size(), complete, stale, critical, missing));
    }
    List<Status> work = t.all().stream().filter(s -> !s.state().complete()).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.JSON) {
      out.print(json(coverage, work));
    } else {
      out.print(text(coverage, work));
    }
    out.flush();
    return loaded.hasErrors() ? ExitCodes.PROBLEMS : ExitCodes.OK;
  }

  static String text(List<Coverage> coverage, List<Status> work) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-8s %7s %8s %5s %8s %7s%n", "language", "entries", "complete", "stale", "critical", "missing"));
    for (Coverage c : coverage) {
      sb.append(String.format(Locale.ROOT, "%-8s %7d %8d %5d %8d %7d%n",
          c.lang().code(), c.entries(), c.complete(), c.stale(), c.critical(), c.missing()));
    }
    if (work.isEmpty()) {
      sb.append(String.format(Locale.ROOT, "%nevery entry is complete in every language%n"));
      return sb.toString();
    }
    sb.append(String.format(Locale.ROOT, "%nneeds work (%d):%n", work.size()));
    int w = work.stream().mapToInt(s -> s.id().length()).max().orElse(2);
    for (Status s : work) {
      sb.append(String.format(Locale.ROOT, "  %-" + w + "s  %s  %s%n", s.id(), s.lang().code(), describe(s)));
    }
    return sb.toString();
  }

  private static String describe(Status s) {
    String src = s.source().map(Lang::code).orElse("?");
    if (s.state() == State.MISSING) {
      return "missing (write " + s.lang().code() + ".md from " + src + ".md)";
    }
    StringBuilder d = new StringBuilder(s.critical() ? "stale, CRITICAL: signatures or requires changed" : "stale: " + src + ".md changed");
    if (s.critical() && s.bodyChanged()) {
      d.append(", and ").append(src).append(".md changed");
    }
    s.since().ifPresent(u -> d.append("; source updated ").append(u));
    d.append(" [").append(s.pos().path()).append(']');
    return d.toString();
  }

  static String json(List<Coverage> coverage, List<Status> work) {
    Map<String, Object> root = new TreeMap<>();
    Map<String, Object> langs = new TreeMap<>();
    for (Coverage c : coverage) {
      langs.put(c.lang().code(), Map.of("entries", c.entries(), "complete", c.complete(), "stale", c.stale(),
          "critical", c.critical(), "missing", c.missing()));
    }
    root.put("languages", langs);
    List<Object> items = new ArrayList<>();
    for (Status s : work) {
      Map<String, Object> m = new TreeMap<>();
      m.put("id", s.id());
      m.put("lang", s.lang().code());
      m.put("state", s.state().key());
      s.source().ifPresent(l -> m.put("source", l.code()));
      if (s.state() == State.STALE) {
        m.put("critical", s.critical());
        m.put("bodyChanged", s.bodyChanged());
        m.put("path", s.pos().path());
        s.since().ifPresent(u -> m.put("since", u.toString()));
        s.recorded().ifPresent(h -> m.put("translatedFrom", h));
        s.current().ifPresent(h -> m.put("sourceHash", h));
      }
      items.add(m);
    }
    root.put("needsWork", items);
    try {
      return Json.MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
