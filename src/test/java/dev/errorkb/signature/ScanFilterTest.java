package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.model.Lang;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The scan's own keying ({@link ScanFilter}) refiles signatures under the words the log has least
 * often; the hits must be those the signatures' own keys give. A scan of one line never refiles
 * (fewer than {@link ScanFilter#FIRST_REKEY} lines), so each line scanned alone is the reference.
 */
class ScanFilterTest {

  private static final String[] WORDS = (
      "checkpoint starting complete wrote buffers sync files added removed recycled connection received "
          + "authorized user database application statement duration execute select insert update delete "
          + "vacuum analyze table index autovacuum launcher worker started process exited status shutdown "
          + "request listening address port socket replication slot walsender standby streaming timeline "
          + "archive command segment server client backend transaction commit rollback lock wait acquired")
      .split(" ");

  @Test
  void refilingKeepsEveryHit() throws IOException {
    Random rnd = new Random(3);
    TestKb kb = new TestKb();
    List<String> sigs = new ArrayList<>();
    for (int e = 0; e < 300; e++) {
      StringBuilder s = new StringBuilder();
      int n = 3 + rnd.nextInt(5);
      for (int i = 0; i < n; i++) {
        // Some signatures have a word of their own, the others only log words: both are refiled.
        s.append(i > 0 ? " " : "").append(i == 2 && e % 3 == 0 ? "w" + e : WORDS[rnd.nextInt(WORDS.length)]);
        if (i == 1 && e % 2 == 0) {
          s.append(" \"x\"");
        }
      }
      sigs.add(s.toString());
      kb.entry(String.format("e%03d", e)).sig(Lang.EN, s.toString()).doc(Lang.EN, "T" + e, "", "", "").add();
    }
    ErrorIndex idx = ErrorIndex.of(kb.build(), UnaryOperator.identity());
    List<String> lines = new ArrayList<>();
    for (int l = 0; l < 12_000; l++) {
      StringBuilder b = new StringBuilder("2026-03-14 09:10:11.123 UTC [" + rnd.nextInt(90000) + "] ");
      if (rnd.nextInt(40) == 0) {
        b.append("ERROR:  ").append(sigs.get(rnd.nextInt(sigs.size())).replace("\"x\"", "\"v" + l + "\""));
      } else {
        int n = 4 + rnd.nextInt(12);
        for (int i = 0; i < n; i++) {
          b.append(i > 0 ? " " : "").append(rnd.nextInt(8) == 0 ? String.valueOf(rnd.nextInt(1000)) : WORDS[rnd.nextInt(WORDS.length)]);
        }
      }
      lines.add(b.toString());
    }
    List<String> whole = new ArrayList<>();
    idx.scan(new StringReader(String.join("\n", lines)), h -> whole.add(describe(h.line(), h)));
    List<String> alone = new ArrayList<>();
    for (int l = 0; l < lines.size(); l++) {
      long lineNo = l + 1;
      idx.scan(new StringReader(lines.get(l)), h -> alone.add(describe(lineNo, h)));
    }
    assertTrue(alone.size() > 300, "the log holds known errors: " + alone.size());
    for (int i = 0; i < Math.min(alone.size(), whole.size()); i++) {
      assertEquals(alone.get(i), whole.get(i), "hit " + i);
    }
    assertEquals(alone.size(), whole.size());
  }

  private static String describe(long line, ErrorIndex.ScanHit h) {
    return line + " " + h.signature().id() + " " + h.span() + " " + h.slots();
  }
}
