package dev.errorkb.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.signature.ErrorIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Accuracy on the PostgreSQL catalogues written the way a KB author writes entries (issue 11):
 * concrete signatures with the author's values, errno texts as entries of their own, pastes with
 * other values. Targets: top-1 ≥ 97 % and top-3 ≥ 99.5 % in each language. The KB and pastes are
 * left in target/bench/authored-*.{json,jsonl}; {@code errorkb eval target/bench/authored-pastes.jsonl
 * --index target/bench/authored-errors.json} reproduces the figures.
 */
class AuthoredCorpusAccuracyTest {

  @Test
  void authoredCorpusPastesFindTheirEntry() throws IOException {
    Optional<Path> dir = CorpusKb.corpusDir();
    SharedData.require(dir.isPresent(), "../shared/corpus not found next to the repository; authored corpus accuracy not measured");
    List<CorpusKb.Message> msgs = CorpusKb.readCorpus(dir.get());
    AuthoredCorpusKb.Generated g = AuthoredCorpusKb.generate(msgs, 11);
    ErrorIndex index = ErrorIndex.of(g.kb(), UnaryOperator.identity());
    List<CorpusKb.Paste> pastes = AuthoredCorpusKb.pastes(g, 2, 1111);
    Map<String, CorpusAccuracyTest.Score> r = CorpusAccuracyTest.evaluate(index, pastes);
    CorpusAccuracyTest.writeForEval(g.kb(), "authored", pastes);
    System.out.println("authored corpus accuracy: messages " + msgs.size() + ", " + g.describe() + ", pastes " + pastes.size() + ", " + r);
    // The same pastes split by what they are looking for, to show where the misses are.
    Map<Boolean, List<CorpusKb.Paste>> split = pastes.stream().collect(Collectors.partitioningBy(p -> p.expect().startsWith("errno-")));
    for (boolean errno : List.of(true, false)) {
      Map<String, CorpusAccuracyTest.Score> part = CorpusAccuracyTest.evaluate(index, split.get(errno));
      String what = errno ? "errno entries" : "catalogue entries";
      System.out.println("  pastes of " + what + ": " + part);
      for (Map.Entry<String, CorpusAccuracyTest.Score> e : part.entrySet()) {
        System.out.println("  first misses (" + what + ", " + e.getKey() + "):\n    " + String.join("\n    ", e.getValue().misses));
      }
    }
    StringBuilder failures = new StringBuilder();
    for (Map.Entry<String, CorpusAccuracyTest.Score> e : r.entrySet()) {
      CorpusAccuracyTest.Score s = e.getValue();
      // Issue 11 asks for top-1 ≥ 97 % and top-3 ≥ 99.5 % in each language. Ranking 5 reaches
      // en 97.13/99.55, ja 97.58/99.74 (docs/performance.md).
      if (s.p1() < 97.0 || s.p3() < 99.5) {
        failures.append(e.getKey()).append(": ").append(s).append(" (bars top-1 ≥ 97%, top-3 ≥ 99.5%)\n")
            .append(String.join("\n", s.misses)).append('\n');
      }
    }
    assertTrue(failures.isEmpty(), failures.toString());
  }
}
