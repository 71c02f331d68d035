package dev.errorkb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.errorkb.model.Lang;
import dev.errorkb.signature.ErrorIndex;
import java.io.BufferedReader;
import java.io.IOException;
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

/** {@code errorkb eval}: the KB owner's regression test for search quality. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Measure top-1 and top-3 accuracy on pastes: a JSON Lines file of {\"query\": …, \"expect\": entry-id} (optional \"lang\": ja|en).",
      "Exit status: 0, or 1 when --min-top1/--min-top3 is not reached; 2 usage (bad file lines), 3 I/O."
    })
final class EvalCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PASTES.jsonl")
  Path pastes;

  @ArgGroup(exclusive = true)
  MatchCommand.IndexSource source = new MatchCommand.IndexSource();

  @Option(names = "--min-top1", paramLabel = "PERCENT", description = "Fail (exit 1) below this top-1 accuracy.")
  Double minTop1;

  @Option(names = "--min-top3", paramLabel = "PERCENT", description = "Fail (exit 1) below this top-3 accuracy.")
  Double minTop3;

  @Option(names = "--max-misses", defaultValue = "50", paramLabel = "N", description = "List at most N misses (default: ${DEFAULT-VALUE}).")
  int maxMisses;

  /** Counts per language. */
  private static final class Tally {
    int n;
    int top1;
    int top3;
  }

  @Override
  public Integer call() throws IOException {
    for (Double min : new Double[] {minTop1, minTop3}) {
      // NaN compared false with every accuracy, so --min-top1 NaN silently disabled the gate (issue 12)
      if (min != null && !(min >= 0 && min <= 100)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--min-top1 and --min-top3 take a percentage"
            + " from 0 to 100, not " + min);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    ErrorIndex index = source.load(spec.commandLine().getErr());
    Map<String, Tally> byLang = new TreeMap<>();
    Tally all = new Tally();
    List<String> misses = new ArrayList<>();
    int lineNo = 0;
    try (BufferedReader r = Files.newBufferedReader(pastes, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode n;
        try {
          n = MatchCommand.Json.MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), pastes + ":" + lineNo + ": not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.path("query").isTextual() || !n.path("expect").isTextual()) {
          throw new CommandLine.ParameterException(spec.commandLine(), pastes + ":" + lineNo + ": needs string fields \"query\" and \"expect\"");
        }
        String query = n.get("query").asText();
        String expect = n.get("expect").asText();
        Optional<Lang> lang = Optional.ofNullable(n.get("lang")).flatMap(l -> Lang.find(l.asText()));
        ErrorIndex.MatchOptions opts = new ErrorIndex.MatchOptions(lang, 3);
        List<ErrorIndex.Match> res = index.match(query, opts);
        List<String> ids = res.stream().map(m -> m.entry().id()).toList();
        String key = lang.map(Lang::code).orElse(res.isEmpty() ? "?" : res.get(0).lang());
        Tally t = byLang.computeIfAbsent(key, k -> new Tally());
        boolean hit1 = !ids.isEmpty() && ids.get(0).equals(expect);
        boolean hit3 = ids.contains(expect);
        for (Tally x : List.of(t, all)) {
          x.n++;
          x.top1 += hit1 ? 1 : 0;
          x.top3 += hit3 ? 1 : 0;
        }
        if (!hit1 && misses.size() < maxMisses) {
          misses.add(String.format(Locale.ROOT, "  %s:%d: expected %s, got %s: %s",
              pastes, lineNo, expect, ids.isEmpty() ? "nothing" : String.join(", ", ids),
              MatchCommand.clip(query.replace('\n', ' '), 100)));
          // What decided first place: the winner's evidence against the expected entry's, if ranked.
          // Explained only for the misses listed: the same ranking, with the alignments traced.
          for (ErrorIndex.Explained x : index.explain(query, opts)) {
            String id = x.match().entry().id();
            if (id.equals(ids.get(0)) || id.equals(expect)) {
              misses.add("      " + describe(x));
            }
          }
        }
      }
    }
    for (Map.Entry<String, Tally> e : byLang.entrySet()) {
      out.println(line(e.getKey(), e.getValue()));
    }
    out.println(line("all", all));
    if (!misses.isEmpty()) {
      out.println("misses (top-1):");
      misses.forEach(out::println);
    }
    out.flush();
    boolean fail = (minTop1 != null && pct(all.top1, all.n) < minTop1) || (minTop3 != null && pct(all.top3, all.n) < minTop3);
    return fail ? ExitCodes.PROBLEMS : ExitCodes.OK;
  }

  /** One result's evidence in one line: kind, the two scores, the signature coverage and what it missed. */
  static String describe(ErrorIndex.Explained x) {
    ErrorIndex.Match m = x.match();
    String sig = m.bestSignature().map(s -> String.format(Locale.ROOT, ", signature %.0f%%: %s", 100 * m.coverage(),
        MatchCommand.clip(x.detail(), 160))).orElse("");
    String errno = x.errnoWords().isEmpty() ? "" : " (errno words: " + String.join(" ", x.errnoWords()) + ")";
    return String.format(Locale.ROOT, "%s %s score %.2f = signature %.2f + words %.2f%s%s", m.entry().id(), m.kind().key(),
        m.score(), x.signatureScore(), x.wordScore(), errno, sig);
  }

  private static double pct(int k, int n) {
    return n == 0 ? 0 : 100.0 * k / n;
  }

  private static String line(String lang, Tally t) {
    return String.format(Locale.ROOT, "%-4s n=%d  top-1 %.2f%%  top-3 %.2f%%", lang, t.n, pct(t.top1, t.n), pct(t.top3, t.n));
  }
}
