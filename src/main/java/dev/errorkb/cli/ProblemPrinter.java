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
      String path = p.pos().path();
      if (!path.startsWith("templates/") && !Path.of(path).isAbsolute()) {
        path = contentDir.resolve(path).toString().replace('\\', '/');
      }
      err.println(path + ":" + Math.max(1, p.pos().line()) + ":" + Math.max(1, p.pos().column()) + ": "
          + p.level().key() + ": " + p.message() + " [" + p.rule() + "]");
    }
    long errors = problems.stream().filter(Problem::isError).count();
    long warnings = problems.size() - errors;
    if (!problems.isEmpty()) {
      err.println(errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning" + (warnings == 1 ? "" : "s"));
    }
    err.flush();
  }
}
