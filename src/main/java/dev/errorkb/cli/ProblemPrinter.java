package dev.errorkb.cli;

import dev.errorkb.model.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints problems as {@code path:line:column: error|warning: message [rule]}, each path named the way
 * the user can open it from where they ran the command: under the content or templates folder as
 * given on the command line, an absolute one relative to the working folder when it is inside it.
 * At most {@link #PER_FILE} per file and {@link #TOTAL} in all are printed, then how many were not
 * (issue 12: 3,000 repeated sections printed 4.5 million warnings); the summary counts them all.
 */
final class ProblemPrinter {
  /** Problems printed for one file. */
  static final int PER_FILE = 100;
  /** Problems printed in all. */
  static final int TOTAL = 1_000;

  private ProblemPrinter() {}

  /** Prints the problems (capped) of a command that reads no templates folder but the default one. */
  static void print(PrintWriter err, List<Problem> problems, Path contentDir) {
    print(err, problems, contentDir, Path.of("templates"));
  }

  /** Prints the problems (capped), naming paths under {@code contentDir} and {@code templatesDir} as given. */
  static void print(PrintWriter err, List<Problem> problems, Path contentDir, Path templatesDir) {
    Capped c = cap(problems, contentDir, templatesDir);
    for (Problem p : c.shown()) {
      err.println(path(p, contentDir, templatesDir) + ":" + Math.max(1, p.pos().line()) + ":" + Math.max(1, p.pos().column()) + ": "
          + p.level().key() + ": " + p.message() + " [" + p.rule() + "]");
    }
    c.printRest(err);
    summary(err, problems);
  }

  /** The problems to print and, per file and in all, how many are left out. */
  private record Capped(List<Problem> shown, Map<String, Integer> omittedPerFile, int omittedTotal) {
    void printRest(PrintWriter err) {
      omittedPerFile.forEach((path, n) -> err.println("… " + n + " more problem" + (n == 1 ? "" : "s") + " in " + path
          + " not shown (at most " + PER_FILE + " per file are printed)"));
      if (omittedTotal > 0) {
        err.println("… " + omittedTotal + " more problem" + (omittedTotal == 1 ? "" : "s") + " not shown"
            + " (at most " + TOTAL + " are printed); fix these and run again");
      }
    }
  }

  private static Capped cap(List<Problem> problems, Path contentDir, Path templatesDir) {
    List<Problem> shown = new ArrayList<>(Math.min(problems.size(), TOTAL));
    Map<String, Integer> printed = new LinkedHashMap<>();
    Map<String, Integer> omitted = new LinkedHashMap<>();
    int omittedTotal = 0;
    for (Problem p : problems) {
      String path = path(p, contentDir, templatesDir);
      int n = printed.getOrDefault(path, 0);
      if (n >= PER_FILE) {
        omitted.merge(path, 1, Integer::sum);
      } else if (shown.size() >= TOTAL) {
        omittedTotal++;
      } else {
        shown.add(p);
        printed.put(path, n + 1);
      }
    }
    return new Capped(shown, omitted, omittedTotal);
  }

  /**
   * GitHub workflow annotations ({@code check --format github}), one per problem on the offending
   * line of the entry file, so a KB's own pull requests show them in the diff; then the summary.
   */
  static void printGithub(PrintWriter out, PrintWriter err, List<Problem> problems, Path contentDir, Path templatesDir) {
    Capped c = cap(problems, contentDir, templatesDir);
    for (Problem p : c.shown()) {
      out.println("::" + (p.isError() ? "error" : "warning") + " file=" + ScanCommand.property(path(p, contentDir, templatesDir))
          + ",line=" + Math.max(1, p.pos().line()) + ",col=" + Math.max(1, p.pos().column())
          + ",title=" + ScanCommand.property("errorkb " + p.rule()) + "::" + ScanCommand.data(p.message()));
    }
    out.flush();
    c.printRest(err);
    summary(err, problems);
  }

  /** The problem's file as the user can open it from the working folder. */
  static String path(Problem p, Path contentDir, Path templatesDir) {
    String path = p.pos().path();
    Path file = switch (p.pos().root()) {
      case CONTENT -> resolve(contentDir, path);
      case TEMPLATES -> resolve(templatesDir, path);
      case ABSOLUTE -> {
        Path abs = Path.of(path);
        Path cwd = Path.of("").toAbsolutePath();
        yield abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs) : abs;
      }
    };
    return file.toString().replace('\\', '/');
  }

  private static Path resolve(Path dir, String rel) {
    return rel.isEmpty() ? dir : dir.resolve(rel);
  }

  private static void summary(PrintWriter err, List<Problem> problems) {
    long errors = problems.stream().filter(Problem::isError).count();
    long warnings = problems.size() - errors;
    if (!problems.isEmpty()) {
      err.println(errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning" + (warnings == 1 ? "" : "s"));
    }
    err.flush();
  }
}
