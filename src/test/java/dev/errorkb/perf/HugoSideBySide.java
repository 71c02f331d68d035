package dev.errorkb.perf;

import java.io.IOException;
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
 * Issue 15's side-by-side benchmark: a cold errorkb build and a cold Hugo build of the same entries,
 * alternating, each a separate process measured by {@code /usr/bin/time}, so the two tools see the
 * same machine in the same minutes (a figure taken an hour apart on this shared VM says little).
 *
 * <p>Hugo gets each entry's {@code en.md} and {@code ja.md} as they are (their front matter is
 * YAML that Hugo reads too) in a two-language site with a minimal layout: a page per entry and
 * language, the lists Hugo makes by default, no search and no error index. errorkb also writes the
 * search data and errors.json, which is what the issue compares. Output and caches are removed
 * before every run.
 *
 * <p>Usage (after {@code mvn -o package -DskipTests test-compile}):
 * {@code java -cp target/test-classes:target/classes dev.errorkb.perf.HugoSideBySide SIZES PAIRS WORKDIR [JAVA OPTIONS...]},
 * for example {@code 1000,10000 3 /tmp/sbs -Xmx3g -XX:+UseParallelGC}. The KBs are generated once
 * under WORKDIR with {@link SyntheticKb}. Prints one row per run and a summary per size: the medians
 * and the errorkb/Hugo wall ratio of each pair.
 */
public final class HugoSideBySide {
  private HugoSideBySide() {}

  record Run(String tool, double wall, double user, double sys, long rssKb) {}

  public static void main(String[] args) throws Exception {
    int pairs = Integer.parseInt(args[1]);
    Path work = Path.of(args[2]).toAbsolutePath();
    List<String> jvm = args.length > 3 ? List.of(args).subList(3, args.length) : List.of("-Xmx3g", "-XX:+UseParallelGC");
    Path jar = Path.of("target/errorkb.jar").toAbsolutePath();
    Path templates = Path.of("templates").toAbsolutePath();
    StringBuilder rows = new StringBuilder("| entries | pair | tool | wall | user CPU | sys | peak RSS |\n|---|---|---|---|---|---|---|\n");
    StringBuilder summary = new StringBuilder(
        "| entries | errorkb wall (median) | Hugo wall (median) | errorkb/Hugo per pair | errorkb CPU | Hugo CPU | errorkb RSS | Hugo RSS |\n"
            + "|---|---|---|---|---|---|---|---|\n");
    for (String size : args[0].split(",")) {
      int n = Integer.parseInt(size.trim());
      Path kb = work.resolve("kb" + n);
      Path content = kb.resolve("content");
      if (!Files.isDirectory(content)) {
        SyntheticKb.write(n, content, SyntheticKb.readCorpus(Path.of("../shared/corpus")));
      }
      Path hugo = kb.resolve("hugo");
      writeHugoSite(content, hugo);
      List<Run> ours = new ArrayList<>();
      List<Run> theirs = new ArrayList<>();
      for (int i = 1; i <= pairs; i++) {
        for (String dir : List.of("site", ".site.cache", ".site.old", ".site.tmp")) {
          BuildBenchmark.deleteTree(kb.resolve(dir));
        }
        List<String> e = new ArrayList<>(List.of("java"));
        e.addAll(jvm);
        e.addAll(List.of("-jar", jar.toString(), "build", "--content", content.toString(), "--templates",
            templates.toString(), "--out", kb.resolve("site").toString()));
        Run a = time("errorkb", e, kb);
        BuildBenchmark.deleteTree(hugo.resolve("public"));
        BuildBenchmark.deleteTree(hugo.resolve("resources"));
        Run b = time("hugo", List.of("hugo", "--quiet", "--source", hugo.toString()), kb);
        ours.add(a);
        theirs.add(b);
        for (Run r : List.of(a, b)) {
          rows.append(String.format(Locale.ROOT, "| %,d | %d | %s | %.2f s | %.2f s | %.2f s | %d MB |%n", n, i, r.tool(),
              r.wall(), r.user(), r.sys(), r.rssKb() / 1024));
        }
      }
      StringBuilder ratios = new StringBuilder();
      for (int i = 0; i < pairs; i++) {
        ratios.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", ours.get(i).wall() / theirs.get(i).wall()));
      }
      summary.append(String.format(Locale.ROOT, "| %,d | %.2f s | %.2f s | %s | %.2f s | %.2f s | %d MB | %d MB |%n", n,
          median(ours, Run::wall), median(theirs, Run::wall), ratios,
          median(ours, r -> r.user() + r.sys()), median(theirs, r -> r.user() + r.sys()),
          (long) median(ours, r -> r.rssKb()) / 1024, (long) median(theirs, r -> r.rssKb()) / 1024));
    }
    System.out.println(rows);
    System.out.println(summary);
  }

  /** A two-language Hugo site whose pages are the entries' own Markdown files. */
  static void writeHugoSite(Path content, Path hugo) throws IOException {
    BuildBenchmark.deleteTree(hugo);
    Files.createDirectories(hugo.resolve("layouts/_default"));
    Files.writeString(hugo.resolve("config.toml"), """
        baseURL = "http://localhost/"
        title = "Synthetic KB"
        defaultContentLanguage = "ja"
        defaultContentLanguageInSubdir = true
        disableKinds = ["taxonomy", "term"]
        [languages.ja]
        contentDir = "content/ja"
        weight = 1
        [languages.en]
        contentDir = "content/en"
        weight = 2
        [markup.goldmark.renderer]
        unsafe = false
        """, StandardCharsets.UTF_8);
    Files.writeString(hugo.resolve("layouts/_default/baseof.html"), """
        <!DOCTYPE html>
        <html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
        <body><main>{{ block "main" . }}{{ end }}</main></body></html>
        """, StandardCharsets.UTF_8);
    Files.writeString(hugo.resolve("layouts/_default/single.html"), """
        {{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Summary }}</p>{{ .Content }}{{ end }}
        """, StandardCharsets.UTF_8);
    Files.writeString(hugo.resolve("layouts/_default/list.html"), """
        {{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
        """, StandardCharsets.UTF_8);
    try (Stream<Path> s = Files.walk(content)) {
      for (Path md : s.filter(p -> p.getFileName().toString().matches("(en|ja)\\.md")).sorted().toList()) {
        String lang = md.getFileName().toString().substring(0, 2);
        Path rel = content.relativize(md.getParent());
        Path target = hugo.resolve("content").resolve(lang).resolve(rel.toString() + ".md");
        Files.createDirectories(target.getParent());
        Files.copy(md, target);
      }
    }
  }

  private static Run time(String tool, List<String> cmd, Path dir) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-f", "TIME %e %U %S %M"));
    full.addAll(cmd);
    Path err = Files.createTempFile("sbs", ".err");
    Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectError(err.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    int code = p.waitFor();
    String text = Files.readString(err, StandardCharsets.UTF_8);
    Files.delete(err);
    Matcher m = Pattern.compile("TIME ([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9]+)").matcher(text);
    if (code != 0 || !m.find()) {
      throw new IllegalStateException(tool + " failed (exit " + code + "):\n" + text);
    }
    return new Run(tool, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
        Long.parseLong(m.group(4)));
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
