package dev.errorkb.cli;

import dev.errorkb.build.Build;
import dev.errorkb.build.BuildOptions;
import dev.errorkb.model.Problem;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code errorkb check}: every problem in one run, nothing written. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Validate content and templates; print every problem as path:line:column; write nothing.")
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SiteOptions site;

  @Option(names = "--timings", description = "Print how long each build step took (to stderr).")
  boolean timings;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|github",
      description = "text (path:line:column: level: message [rule] on stderr) or github (workflow annotations on stdout"
          + " on the offending lines, for a KB's pull requests); default: ${DEFAULT-VALUE}.")
  Format format;

  enum Format { text, github }

  @Override
  public Integer call() {
    site.requireTemplates(spec);
    Build build = new Build(new BuildOptions(site.content, site.templates, site.out, Optional.ofNullable(site.baseUrl)));
    Build.Rendered r = build.check();
    if (timings) {
      spec.commandLine().getErr().print("timings:\n" + build.timings().describe());
    }
    if (format == Format.github) {
      ProblemPrinter.printGithub(spec.commandLine().getOut(), spec.commandLine().getErr(), r.problems(), site.content, site.templates);
    } else {
      ProblemPrinter.print(spec.commandLine().getErr(), r.problems(), site.content, site.templates);
    }
    boolean errors = r.problems().stream().anyMatch(Problem::isError);
    if (!errors) {
      spec.commandLine().getOut().println("ok: " + r.kb().entries().size() + " entries checked");
    }
    return errors ? ExitCodes.PROBLEMS : ExitCodes.OK;
  }
}
