package dev.errorkb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.render.Markdown;
import dev.errorkb.signature.ErrorIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Matching on error texts real people pasted (issue 11): the shared set ../shared/realpastes and the
 * repository's own src/test/resources/bench/realpastes. The KB is loaded and indexed as
 * {@code errorkb build} / {@code errorkb eval --content} do (Markdown as plain text), and each paste
 * is matched with its file's {@code lang}, as {@code errorkb eval} does. Targets: errorkb top-1 ≥ 97 %
 * and top-3 = 100 % over all pastes of a set; the plain BM25 baseline ({@link PlainBm25}) is
 * printed for comparison, not asserted.
 */
class RealPastesTest {

  record Paste(String file, int line, String query, String lang, String expect) {}

  /** Hits per language and for all pastes ("all"), and the misses as report lines. */
  static final class Tally {
    final Map<String, int[]> byLang = new TreeMap<>();
    final List<String> misses = new ArrayList<>();

    void add(String lang, boolean one, boolean three) {
      for (String k : List.of(lang, "all")) {
        int[] t = byLang.computeIfAbsent(k, x -> new int[3]);
        t[0]++;
        t[1] += one ? 1 : 0;
        t[2] += three ? 1 : 0;
      }
    }

    double p(int which) {
      int[] t = byLang.get("all");
      return 100.0 * t[which] / t[0];
    }

    String figures() {
      return byLang.entrySet().stream()
          .map(e -> String.format(Locale.ROOT, "%s n=%d top-1 %d (%.1f%%) top-3 %d (%.1f%%)", e.getKey(), e.getValue()[0],
              e.getValue()[1], 100.0 * e.getValue()[1] / e.getValue()[0], e.getValue()[2], 100.0 * e.getValue()[2] / e.getValue()[0]))
          .collect(Collectors.joining("; "));
    }
  }

  @Test
  void sharedRealPastes() throws IOException {
    Path dir = Path.of("").toAbsolutePath().resolve("../shared/realpastes").normalize();
    SharedData.require(Files.isRegularFile(dir.resolve("pastes.jsonl")) && Files.isDirectory(dir.resolve("content")),
        "../shared/realpastes not found next to the repository; real-paste accuracy not measured");
    run("shared", dir, List.of(dir.resolve("pastes.jsonl")), 100.0);
  }

  @Test
  void repositoryRealPastes() throws IOException {
    Path dir = Path.of("src", "test", "resources", "bench", "realpastes");
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.getFileName().toString().matches("pastes.*\\.jsonl")).sorted().forEach(files::add);
      }
    }
    assumeTrue(Files.isDirectory(dir.resolve("content")) && !files.isEmpty(),
        dir + " has no content/ or no pastes*.jsonl yet; real-paste accuracy not measured");
    // Two pastes hold no text of their root error (only "bind() failed. (98)"; "Killed" glued to a
    // progress bar), so top-3 is held at 99 %, not 100 % (docs/performance.md, issue 11).
    run("repository", dir, files, 99.0);
  }

  @Test
  void japaneseRealPastes() throws IOException {
    Path dir = Path.of("src", "test", "resources", "bench", "realpastes-ja");
    run("japanese", dir, List.of(dir.resolve("pastes.jsonl")), 100.0);
  }

  private static void run(String name, Path dir, List<Path> files, double minTop3) throws IOException {
    ContentLoader.Loaded loaded = new ContentLoader(dir.resolve("content")).load();
    List<Problem> errors = loaded.problems().stream().filter(Problem::isError).toList();
    assertEquals(List.of(), errors, name + ": content errors");
    KnowledgeBase kb = loaded.kb();
    assertEquals(entryFolders(dir.resolve("content")), kb.entries().size(), name + ": every entry.yaml loads as an entry");
    UnaryOperator<String> plain = new Markdown(kb.site().allowHtml())::plainText;
    ErrorIndex index = ErrorIndex.of(kb, plain);
    PlainBm25 bm25 = new PlainBm25(kb, plain);
    Set<String> ids = kb.entries().stream().map(Entry::id).collect(Collectors.toSet());

    List<Paste> pastes = read(files);
    Tally ours = new Tally();
    Tally base = new Tally();
    List<String> unknown = new ArrayList<>();
    for (Paste p : pastes) {
      if (!ids.contains(p.expect())) {
        unknown.add("  " + p.file() + ":" + p.line() + ": expected entry " + p.expect() + " is not in the KB");
      }
      Optional<Lang> lang = Optional.ofNullable(p.lang()).flatMap(Lang::find);
      List<String> got = index.match(p.query(), new ErrorIndex.MatchOptions(lang, 3)).stream().map(m -> m.entry().id()).toList();
      String key = p.lang() != null ? p.lang() : "?";
      boolean one = !got.isEmpty() && got.get(0).equals(p.expect());
      ours.add(key, one, got.contains(p.expect()));
      if (!one) {
        ours.misses.add(String.format(Locale.ROOT, "  %s:%d expected %s got %s", p.file(), p.line(), p.expect(), got));
      }
      List<String> b = bm25.top(p.query(), 3);
      base.add(key, !b.isEmpty() && b.get(0).equals(p.expect()), b.contains(p.expect()));
    }
    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "real pastes (%s): %d entries, %d pastes%n", name, kb.entries().size(), pastes.size()));
    report.append("  errorkb:    ").append(ours.figures()).append('\n');
    report.append("  plain BM25: ").append(base.figures()).append('\n');
    report.append(String.format(Locale.ROOT, "  errorkb top-1 − plain BM25 top-1 = %+.1f points (issue 11 wants ≥ +5)%n", ours.p(1) - base.p(1)));
    if (!ours.misses.isEmpty()) {
      report.append("  errorkb misses (top-1):\n").append(String.join("\n", ours.misses)).append('\n');
    }
    if (!unknown.isEmpty()) {
      report.append("  labels naming no entry (counted as misses):\n").append(String.join("\n", unknown)).append('\n');
    }
    System.out.print(report);
    assertTrue(unknown.isEmpty(), name + ": pastes expect entries the KB does not have\n" + report);
    assertTrue(ours.p(1) >= 97.0 && ours.p(2) >= minTop3,
        name + ": errorkb top-1 must be ≥ 97 % and top-3 ≥ " + minTop3 + " %\n" + report);
  }

  private static int entryFolders(Path content) throws IOException {
    try (Stream<Path> s = Files.walk(content)) {
      return (int) s.filter(p -> p.getFileName().toString().equals("entry.yaml")).count();
    }
  }

  private static List<Paste> read(List<Path> files) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Paste> out = new ArrayList<>();
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        JsonNode n = json.readTree(lines.get(i));
        JsonNode lang = n.get("lang");
        out.add(new Paste(f.getFileName().toString(), i + 1, n.get("query").asText(),
            lang == null || lang.isNull() ? null : lang.asText(), n.get("expect").asText()));
      }
    }
    return out;
  }
}
