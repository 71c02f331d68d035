package dev.errorkb.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one collector every stage reports into (issue 14). */
class ProblemsTest {
  private static Problem err(String path, int line, int col, String rule, String msg) {
    return Problem.error(new SourcePos(path, line, col), rule, msg);
  }

  @Test
  void oneOrderByFileLineColumnRuleMessageAndRepeatsKeptOnce() {
    Problems p = new Problems();
    p.add(err("b/entry.yaml", 1, 1, "x", "m"));
    p.add(err("a/en.md", 10, 2, "z", "m"));
    p.add(err("a/en.md", 10, 2, "y", "n"));
    p.add(err("a/en.md", 10, 2, "y", "m"));
    p.add(err("a/en.md", 2, 9, "y", "m"));
    p.add(err("a/en.md", 10, 2, "y", "m")); // a template fault met on every page
    p.add(Problem.error(SourcePos.template("entry.ftlh", 1, 1), "template-error", "t"));
    assertEquals(List.of(
        "a/en.md:2:9: error: m [y]",
        "a/en.md:10:2: error: m [y]",
        "a/en.md:10:2: error: n [y]",
        "a/en.md:10:2: error: m [z]",
        "b/entry.yaml:1:1: error: m [x]",
        "templates/entry.ftlh:1:1: error: t [template-error]"),
        p.sorted().stream().map(Problem::toString).toList());
  }

  @Test
  void theOrderDoesNotDependOnTheOrderProblemsArrive() {
    List<Problem> all = IntStream.range(0, 200)
        .mapToObj(i -> err("f" + (i % 7) + ".md", i % 5, i % 3, "r" + (i % 4), "m" + (i % 11))).toList();
    Problems forward = new Problems();
    all.forEach(forward::add);
    Problems parallel = new Problems();
    all.parallelStream().forEach(parallel::add);
    assertEquals(forward.sorted(), parallel.sorted());
  }

  @Test
  void marksTellWhetherAStepAddedAnError() {
    Problems p = new Problems();
    p.add(err("a.md", 1, 1, "r", "earlier error"));
    int mark = p.mark();
    assertFalse(p.errorsSince(mark));
    assertFalse(p.addedSince(mark));
    p.add(Problem.warning(new SourcePos("a.md", 2, 1), "w", "a warning"));
    assertTrue(p.addedSince(mark));
    assertFalse(p.errorsSince(mark), "a warning is not an error");
    p.add(err("a.md", 3, 1, "r", "new error"));
    assertTrue(p.errorsSince(mark));
    assertTrue(p.hasErrors());
  }
}
