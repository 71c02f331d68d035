package dev.errorkb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.signature.ErrorIndexWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the catalogue KB (2,419 entries) and its generated pastes, errors.json opened through its
 * sidecar (issue 15) gives the same top-10 lists — entries, scores, kinds, spans, slots — as
 * errors.json loaded in full, and the same explanations.
 */
class IndexSidecarCorpusTest {

  @TempDir Path dir;

  @Test
  void sidecarRankingsAreTheJsonFilesRankings() throws IOException {
    Optional<Path> corpus = CorpusKb.corpusDir();
    SharedData.require(corpus.isPresent(), "../shared/corpus not found next to the repository; sidecar rankings not compared");
    CorpusKb.Generated g = CorpusKb.generate(CorpusKb.readCorpus(corpus.get()), 0, 1);
    byte[] json = ErrorIndexWriter.toJson(ErrorIndexWriter.build(g.kb(), UnaryOperator.identity(), "errorkb corpus"));
    Path file = dir.resolve("errors.json");
    Files.write(file, json);
    Files.write(dir.resolve("errors.idx"), ErrorIndex.sidecar(json, "errors.json"));
    ErrorIndex full = ErrorIndex.load(file);
    List<String> notes = new ArrayList<>();
    ErrorIndex side = ErrorIndex.loadWithSidecar(file, notes::add);
    List<CorpusKb.Paste> pastes = CorpusKb.pastes(g.origins(), Integer.MAX_VALUE, 1, 42);
    ErrorIndex.MatchOptions top10 = new ErrorIndex.MatchOptions(Optional.empty(), 10);
    int n = 0;
    for (int i = 0; i < pastes.size(); i += 2) {
      String q = pastes.get(i).query();
      assertEquals(full.match(q, top10), side.match(q, top10), q);
      if (i % 20 == 0) {
        assertEquals(full.explain(q, top10), side.explain(q, top10), q);
      }
      n++;
    }
    assertEquals(List.of(), notes, "the sidecar was used throughout");
    System.out.println("sidecar rankings: " + n + " pastes, identical top-10 lists");
  }
}
