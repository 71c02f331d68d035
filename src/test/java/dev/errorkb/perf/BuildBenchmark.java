package dev.errorkb.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The build benchmark of issue 7: for each size, a synthetic KB ({@link SyntheticKb}) is built
 * by separate {@code java -jar target/errorkb.jar build} processes, as a user runs them, each
 * measured with {@code /usr/bin/time}: a cold full build into an empty folder, a rebuild with
 * nothing changed (the build cache), a rebuild after one entry's English file changed, and a full
 * rebuild with {@code --no-cache} over the existing site. Prints a Markdown table.
 *
 * <p>Usage (after {@code mvn -o package -DskipTests test-compile}):
 * {@code java -cp target/test-classes:target/classes dev.errorkb.perf.BuildBenchmark 1000,10000,50000 [WORKDIR] [JAVA OPTIONS...]}
 * — KBs are generated once under WORKDIR (default {@code target/bench/build}); the JVM options
 * default to the launcher's {@code -Xmx1g -XX:+UseParallelGC}.
 */
public final class BuildBenchmark {
  private BuildBenchmark() {}

  /** One measured process. */
  record Run(String what, double wall, double user, double sys, long rssKb, String timings, String stdout) {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 1 ? args[1] : "target/bench/build").toAbsolutePath();
    List<String> jvm = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("-Xmx1g", "-XX:+UseParallelGC");
    Path jar = Path.of("target/errorkb.jar").toAbsolutePath();
    Path templates = Path.of("templates").toAbsolutePath();
    StringBuilder table = new StringBuilder();
    table.append("| entries | run | wall | user CPU | sys | peak RSS | files written |\n|---|---|---|---|---|---|---|\n");
    StringBuilder details = new StringBuilder();
    for (String size : args[0].split(",")) {
      int n = Integer.parseInt(size.trim());
      Path kb = work.resolve("kb" + n);
      Path content = kb.resolve("content");
      if (!Files.isDirectory(content)) {
        SyntheticKb.write(n, content, SyntheticKb.readCorpus(Path.of("../shared/corpus")));
      }
      Path out = kb.resolve("site");
      deleteTree(out);
      deleteTree(kb.resolve(".site.cache"));
      // The previous generation kept beside the site since issue 12's swap: a cold build has none.
      deleteTree(kb.resolve(".site.old"));
      List<Run> runs = new ArrayList<>();
      runs.add(build("cold full build", jar, jvm, content, templates, out));
      runs.add(build("rebuild, nothing changed", jar, jvm, content, templates, out));
      Path en = firstEnglishFile(content);
      String before = Files.readString(en, StandardCharsets.UTF_8);
      Files.writeString(en, before.replaceFirst("\n## ", "\nEdited for the benchmark at " + System.nanoTime() + ".\n\n## "), StandardCharsets.UTF_8);
      runs.add(build("rebuild, one entry changed", jar, jvm, content, templates, out));
      Files.writeString(en, before, StandardCharsets.UTF_8);
      runs.add(build("rebuild, that entry changed back", jar, jvm, content, templates, out));
      runs.add(build("full rebuild --no-cache over the site", jar, jvm, content, templates, out, "--no-cache"));
      for (Run r : runs) {
        table.append(String.format(Locale.ROOT, "| %,d | %s | %.2f s | %.2f s | %.2f s | %d MB | %s |%n",
            n, r.what(), r.wall(), r.user(), r.sys(), r.rssKb() / 1024, written(r.stdout())));
        details.append("## ").append(n).append(" entries: ").append(r.what()).append('\n').append(r.timings()).append('\n');
      }
      long[] size2 = treeSize(out);
      details.append(String.format(Locale.ROOT, "## %d entries: output %,d files, %,d bytes; %s%n%n", n, size2[0], size2[1],
          runs.get(0).stdout().lines().filter(l -> l.startsWith("search data:")).findFirst().orElse("")));
    }
    System.out.println(table);
    System.out.println(details);
  }

  private static Run build(String what, Path jar, List<String> jvm, Path content, Path templates, Path out, String... extra)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "TIME %e %U %S %M", "java"));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-jar", jar.toString(), "build", "--timings", "--content", content.toString(),
        "--templates", templates.toString(), "--out", out.toString()));
    cmd.addAll(List.of(extra));
    Path log = Files.createTempFile("errorkb-bench", ".err");
    Path stdout = Files.createTempFile("errorkb-bench", ".out");
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).redirectOutput(stdout.toFile()).start();
    int code = p.waitFor();
    String err = Files.readString(log, StandardCharsets.UTF_8);
    String outText = Files.readString(stdout, StandardCharsets.UTF_8);
    Files.delete(log);
    Files.delete(stdout);
    Matcher m = Pattern.compile("TIME ([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9]+)").matcher(err);
    if (code != 0 || !m.find()) {
      throw new IllegalStateException(what + " failed (exit " + code + "):\n" + tail(err));
    }
    StringBuilder timings = new StringBuilder();
    boolean in = false;
    for (String l : err.lines().toList()) {
      if (l.equals("timings:")) {
        in = true;
      } else if (in && l.startsWith("  ")) {
        timings.append(l).append('\n');
      } else {
        in = false;
      }
    }
    return new Run(what, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
        Long.parseLong(m.group(4)), timings.toString(), outText);
  }

  private static String written(String stdout) {
    Matcher m = Pattern.compile("built (\\d+) files .*\\((\\d+) written").matcher(stdout);
    return m.find() ? m.group(2) + " of " + m.group(1) : "?";
  }

  private static String tail(String s) {
    List<String> l = s.lines().toList();
    return String.join("\n", l.subList(Math.max(0, l.size() - 20), l.size()));
  }

  private static Path firstEnglishFile(Path content) throws IOException {
    try (Stream<Path> s = Files.walk(content)) {
      return s.filter(p -> p.getFileName().toString().equals("en.md")).sorted().findFirst().orElseThrow();
    }
  }

  private static long[] treeSize(Path root) throws IOException {
    long[] r = new long[2];
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(Files::isRegularFile).forEach(p -> {
        r[0]++;
        try {
          r[1] += Files.size(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return r;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
