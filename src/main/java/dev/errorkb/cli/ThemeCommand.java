package dev.errorkb.cli;

import dev.errorkb.render.Theme;
import dev.errorkb.util.RelPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code errorkb theme}: the built-in theme; {@code theme export DIR} copies it out for customisation. */
@Command(name = "theme", mixinStandardHelpOptions = true,
    description = "The built-in theme (templates, message bundles, static files).",
    subcommands = {ThemeCommand.Export.class})
final class ThemeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: try 'errorkb theme export templates'");
  }

  /** Copies the built-in theme into a folder, without search.js (which is always the jar's own). */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Copy the built-in theme into DIR to customise it; pass DIR as --templates (the default 'templates' is found"
          + " by itself). Keep only the files you change: the others fall back to the built-in theme.")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder to copy the theme into; must not exist or be empty.")
    Path dir;

    @Override
    public Integer call() {
      try {
        if (Files.exists(dir) && (!Files.isDirectory(dir) || Files.list(dir).findAny().isPresent())) {
          spec.commandLine().getErr().println("errorkb: " + dir + " already exists and is not empty; choose a new folder");
          return ExitCodes.USAGE;
        }
        int n = 0;
        for (Map.Entry<String, Path> f : Theme.builtin().builtinFiles().entrySet()) {
          if (f.getKey().equals(Theme.SEARCH_JS)) {
            continue;
          }
          Path target = RelPath.resolve(dir, f.getKey());
          Files.createDirectories(target.toAbsolutePath().getParent());
          Files.write(target, Files.readAllBytes(f.getValue()));
          n++;
        }
        spec.commandLine().getOut().println("exported " + n + " theme files into " + dir
            + " (not " + Theme.SEARCH_JS + ": the search engine always comes from errorkb itself)");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return ExitCodes.OK;
    }
  }
}
