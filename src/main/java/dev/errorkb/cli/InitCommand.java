package dev.errorkb.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code errorkb init}: starts a knowledge base in a folder: site.yaml, one complete example entry
 * in both languages (it passes {@code check}), a .gitignore for the output and the build cache,
 * and a short README. The pages come from the built-in theme, so nothing else is needed.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Start a new knowledge base in DIR (default: the current folder): content/site.yaml, one example entry in ja and en, .gitignore, README.md.")
final class InitCommand implements Callable<Integer> {
  /** The files written, as resource name (below dev/errorkb/init/) → path in the new folder. */
  static final List<String[]> FILES = List.of(
      new String[] {"content/site.yaml", "content/site.yaml"},
      new String[] {"content/docker/docker-daemon-not-running/entry.yaml", "content/docker/docker-daemon-not-running/entry.yaml"},
      new String[] {"content/docker/docker-daemon-not-running/en.md", "content/docker/docker-daemon-not-running/en.md"},
      new String[] {"content/docker/docker-daemon-not-running/ja.md", "content/docker/docker-daemon-not-running/ja.md"},
      new String[] {"gitignore", ".gitignore"},
      new String[] {"README.md", "README.md"});

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = ".", description = "Folder to create the knowledge base in (default: the current folder).")
  Path dir;

  @Override
  public Integer call() {
    for (String[] f : FILES) {
      Path target = dir.resolve(f[1]);
      if (Files.exists(target)) {
        spec.commandLine().getErr().println("errorkb: " + target + " already exists; init only starts a new knowledge base"
            + " (use 'errorkb new' to add an entry)");
        return ExitCodes.USAGE;
      }
    }
    if (Files.isDirectory(dir.resolve("content")) && !isEmpty(dir.resolve("content"))) {
      spec.commandLine().getErr().println("errorkb: " + dir.resolve("content") + " already holds files; init only starts a new knowledge base");
      return ExitCodes.USAGE;
    }
    try {
      for (String[] f : FILES) {
        Path target = dir.resolve(f[1]);
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (InputStream in = InitCommand.class.getResourceAsStream("/dev/errorkb/init/" + f[0])) {
          if (in == null) {
            throw new IllegalStateException("dev/errorkb/init/" + f[0] + " is missing from the errorkb jar");
          }
          Files.write(target, in.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String cd = dir.toString().equals(".") ? "" : "cd " + dir + " && ";
    spec.commandLine().getOut().println("created a knowledge base in " + dir + " with one example entry; next: "
        + cd + "errorkb check && errorkb build (see README.md)");
    return ExitCodes.OK;
  }

  private static boolean isEmpty(Path folder) {
    try (Stream<Path> s = Files.list(folder)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
