package dev.errorkb.cli;

import dev.errorkb.model.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Prints problems as {@code path:line:column: error|warning: message [rule]}, paths relative to the working folder. */
final class ProblemPrinter {
  private ProblemPrinter() {}

  /** Prints every problem; {@code contentDir} is prefixed to content-relative paths. */
  static void print(PrintWriter err, List<Problem> problems, Path contentDir) {
    for (Problem p : problems) {
      err.println(path(p, contentDir) + ":" + Math.max(1, p.pos().line()) + ":" + Math.max(1, p.pos().column()) + ": "
          + p.level().key() + ": " + p.message() + " [" + p.rule() + "]");
    }
    summary(err, problems);
  }

  /**
   * GitHub workflow annotations ({@code check --format github}), one per problem on the offending
   * line of the entry file, so a KB's own pull requests show them in the diff; then the summary.
   */
  static void printGithub(PrintWriter out, PrintWriter err, List<Problem> problems, Path contentDir) {
    for (Problem p : problems) {
      out.println("::" + (p.isError() ? "error" : "warning") + " file=" + ScanCommand.property(path(p, contentDir))
          + ",line=" + Math.max(1, p.pos().line()) + ",col=" + Math.max(1, p.pos().column())
          + ",title=" + ScanCommand.property("errorkb " + p.rule()) + "::" + ScanCommand.data(p.message()));
    }
    out.flush();
    summary(err, problems);
  }

  private static String path(Problem p, Path contentDir) {
    String path = p.pos().path();
    if (!path.startsWith("templates/") && !Path.of(path).isAbsolute()) {
      path = contentDir.resolve(path).toString().replace('\\', '/');
    }
    return path;
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
