package dev.errorkb.cli;

import dev.errorkb.gaps.Gaps;
import dev.errorkb.gaps.GapsFormat;
import dev.errorkb.gaps.GapsReport;
import dev.errorkb.signature.ErrorIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code errorkb gaps}: the errors in logs that the knowledge base does not know yet, mined into templates. */
@Command(
    name = "gaps",
    mixinStandardHelpOptions = true,
    description = {
      "Count the known errors in log files and mine the unknown ones into templates, most frequent and widespread first.",
      "Files are streamed ('-' reads standard input; gzip is read directly). By default only lines that look like"
          + " errors or warnings are clustered; --all clusters every line.",
      "Exit status: 0 report written, 2 usage, 3 I/O."
    })
final class GapsCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log files; '-' for standard input; .gz read directly.")
  List<Path> files;

  @ArgGroup(exclusive = true)
  MatchCommand.IndexSource source = new MatchCommand.IndexSource();

  @Option(names = "--all", description = "Cluster every line not known, not only error-looking ones.")
  boolean all;

  @Option(names = "--top", paramLabel = "N", description = "Templates shown (default: 20 for text and html, all for json; 0 = all).")
  Integer top;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|html",
      description = "text, json (clusters with their line numbers; what 'new --from-gap' reads) or html (one self-contained page); default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--out", paramLabel = "REPORT", description = "Write the report to this file instead of standard output.")
  Path out;

  @Option(names = "--max-clusters", paramLabel = "N", defaultValue = "10000",
      description = "Templates kept in memory; lines that fit none beyond are only counted (default: ${DEFAULT-VALUE}).")
  int maxClusters;

  enum Format { text, json, html }

  @Override
  public Integer call() throws IOException {
    if (top != null && top < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--top must be 0 (all) or more");
    }
    if (maxClusters < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-clusters must be at least 1");
    }
    if (files.stream().map(Path::toString).distinct().count() < files.size()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "a FILE is given twice; give each log once");
    }
    for (Path f : files) {
      if (f.toString().equals("-")) {
        continue;
      }
      if (Files.isDirectory(f)) {
        throw new CommandLine.ParameterException(spec.commandLine(), f + " is a folder; give the log files in it (e.g. " + f + "/*.log)");
      }
      if (!Files.isRegularFile(f)) {
        throw new java.nio.file.NoSuchFileException(f.toString());
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    ErrorIndex index = source.load(err);
    Gaps.Options opts = new Gaps.Options(all, maxClusters, Gaps.Options.DEFAULT.maxLinesPerCluster(), Gaps.Options.DEFAULT.examples());
    Gaps gaps = Gaps.against(index, opts);
    for (Path file : files) {
      String name = file.toString();
      try (InputStream in = name.equals("-") ? Gaps.stream(System.in) : Gaps.openBytes(file)) {
        gaps.add(name, in);
      } catch (java.util.zip.ZipException e) {
        err.println("errorkb: " + name + ": not a valid gzip file: " + e.getMessage());
        return ExitCodes.IO;
      }
    }
    GapsReport report = gaps.report();
    int n = top != null ? top : format == Format.json ? 0 : 20;
    String text = switch (format) {
      case text -> GapsFormat.text(report, n);
      case json -> GapsFormat.json(report, n);
      case html -> GapsFormat.html(report, n);
    };
    if (out != null) {
      Files.writeString(out, text, StandardCharsets.UTF_8);
      spec.commandLine().getOut().println(GapsFormat.summary(report));
      spec.commandLine().getOut().println("report written to " + out);
    } else {
      spec.commandLine().getOut().print(text);
    }
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
