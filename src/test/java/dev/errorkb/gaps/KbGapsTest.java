package dev.errorkb.gaps;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.errorkb.model.Lang;
import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.signature.TestKb;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Gaps on a KB (issue 16): for each Loghub system, a KB whose entries are the ground-truth templates
 * of half of its events (every other event id), then {@code gaps --all} on the system's log. The
 * other half must come out as clusters, the known half must not. Precision: the share of clustered
 * lines that belong to the unknown half. Recall: the share of the unknown half's lines clustered.
 * Event recall: the share of unknown events whose lines all land in one cluster.
 */
class KbGapsTest {

  record Score(long clustered, long clusteredUnknown, long unknownLines, int unknownEvents, int unknownInOne,
      int knownEvents, int knownLeaked) {
    double precision() {
      return clustered == 0 ? 1 : (double) clusteredUnknown / clustered;
    }

    double recall() {
      return unknownLines == 0 ? 1 : (double) clusteredUnknown / unknownLines;
    }

    double eventRecall() {
      return unknownEvents == 0 ? 1 : (double) unknownInOne / unknownEvents;
    }
  }

  @Test
  void otherHalfComesOutAsClusters() throws IOException {
    Path dir = LoghubAccuracyTest.loghubDir();
    assumeTrue(Files.isDirectory(dir.resolve("HDFS")), "../shared/loghub not found next to the repository; KB gaps not measured");
    StringBuilder report = new StringBuilder();
    long c = 0;
    long cu = 0;
    long ul = 0;
    Map<String, Score> scores = new TreeMap<>();
    for (String s : LoghubAccuracyTest.SYSTEMS) {
      Score sc = measure(dir.resolve(s), s);
      scores.put(s, sc);
      c += sc.clustered();
      cu += sc.clusteredUnknown();
      ul += sc.unknownLines();
      report.append(String.format(Locale.ROOT,
          "%-10s precision %.3f  recall %.3f  unknown events in one cluster %d/%d  known events leaked %d/%d%n",
          s, sc.precision(), sc.recall(), sc.unknownInOne(), sc.unknownEvents(), sc.knownLeaked(), sc.knownEvents()));
    }
    double precision = (double) cu / c;
    double recall = (double) cu / ul;
    report.append(String.format(Locale.ROOT, "all lines  precision %.3f  recall %.3f%n", precision, recall));
    System.out.println("KB gaps on Loghub:\n" + report);
    Files.createDirectories(Path.of("target", "loghub"));
    Files.writeString(Path.of("target", "loghub", "kb-gaps.txt"), report, StandardCharsets.UTF_8);
    assertTrue(precision >= PRECISION && recall >= RECALL, report.toString());
  }

  /** Bars: a little under what this run measured (docs/performance.md), so a regression fails. */
  static final double PRECISION = 0.95;
  static final double RECALL = 0.95;

  static Score measure(Path sysDir, String s) throws IOException {
    List<List<String>> rows = LoghubAccuracyTest.Csv.read(Files.readString(sysDir.resolve(s + "_2k.log_structured.csv"), StandardCharsets.UTF_8));
    int idCol = rows.get(0).indexOf("EventId");
    int tplCol = rows.get(0).indexOf("EventTemplate");
    Map<String, String> templates = new TreeMap<>();
    List<String> truth = new ArrayList<>();
    for (List<String> r : rows.subList(1, rows.size())) {
      templates.put(r.get(idCol), r.get(tplCol));
      truth.add(r.get(idCol));
    }
    // Every other event (in id order) is known.
    Set<String> knownEvents = new HashSet<>();
    TestKb kb = new TestKb();
    int i = 0;
    for (var e : templates.entrySet()) {
      if (i++ % 2 == 0) {
        knownEvents.add(e.getKey());
        kb.entry("ev-" + e.getKey().toLowerCase(Locale.ROOT))
            .sig(Lang.EN, e.getValue().replace("<*>", "<any>"))
            .doc(Lang.EN, "Event " + e.getKey(), "A Loghub event.", "Unknown.", "None.")
            .add();
      }
    }
    ErrorIndex index = ErrorIndex.of(kb.build(), UnaryOperator.identity());
    Path log = sysDir.resolve(s + "_2k.log");
    Gaps gaps = Gaps.against(index, Gaps.Options.DEFAULT.withAll(true));
    int[] group = new int[truth.size()];
    gaps.listen((file, line, g) -> group[(int) line - 1] = g);
    try (Reader r = Gaps.open(log)) {
      gaps.add(s, r);
    }
    long clustered = 0;
    long clusteredUnknown = 0;
    long unknownLines = 0;
    Map<String, Set<Integer>> groupsOf = new HashMap<>();
    Set<String> leaked = new HashSet<>();
    for (int l = 0; l < truth.size(); l++) {
      boolean unknown = !knownEvents.contains(truth.get(l));
      boolean isClustered = group[l] >= 0 || group[l] == -2;
      unknownLines += unknown ? 1 : 0;
      if (isClustered) {
        clustered++;
        clusteredUnknown += unknown ? 1 : 0;
        if (!unknown) {
          leaked.add(truth.get(l));
        }
      }
      if (unknown) {
        groupsOf.computeIfAbsent(truth.get(l), k -> new HashSet<>()).add(group[l]);
      }
    }
    int inOne = (int) groupsOf.values().stream().filter(g -> g.size() == 1 && g.iterator().next() >= 0).count();
    return new Score(clustered, clusteredUnknown, unknownLines, groupsOf.size(), inOne, knownEvents.size(), leaked.size());
  }
}
