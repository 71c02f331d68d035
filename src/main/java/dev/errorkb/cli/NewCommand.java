package dev.errorkb.cli;

import dev.errorkb.check.FrontMatterField;
import dev.errorkb.check.Translations;
import dev.errorkb.model.Entry;
import dev.errorkb.model.Lang;
import dev.errorkb.util.Slug;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code errorkb new}: scaffolds an entry folder. Values to fill in start with {@code TODO}, which
 * {@code check} reports, so a half-written entry cannot be published by accident.
 */
@Command(name = "new", mixinStandardHelpOptions = true,
    description = "Create an entry folder with entry.yaml and one file per language, ready to fill in.")
final class NewCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "Entry id: lower-case letters, digits and hyphens.")
  String id;

  @Option(names = "--product", paramLabel = "P", description = "Product name; the entry goes into a folder named after it.")
  String product;

  @Option(names = "--lang", split = ",", defaultValue = "ja,en", paramLabel = "LANG", description = "Languages to create files for (default: ${DEFAULT-VALUE}).")
  List<String> langs;

  @Option(names = "--content", defaultValue = "content", description = "Content folder (default: ${DEFAULT-VALUE}).")
  Path content;

  @Option(names = "--from-gap", paramLabel = "REPORT.json#N",
      description = "Take the signature and its examples from cluster N of a report of 'errorkb gaps --format json'.")
  String fromGap;

  @Option(names = "--signature", paramLabel = "TEXT",
      description = "The signature text (e.g. a template from 'errorkb gaps'); placeholders such as <num> and <any> allowed.")
  String signature;

  Clock clock = Clock.systemUTC();

  /** The signature to write, when given: its text and example lines. */
  private record Seed(String text, List<String> examples) {}

  @Override
  public Integer call() {
    if (!Entry.isValidId(id)) {
      throw new ParameterException(spec.commandLine(), "id '" + id + "' must match " + Entry.ID_PATTERN + " (lower-case letters, digits, hyphens)");
    }
    if (dev.errorkb.load.ContentLoader.RESERVED_IDS.contains(id)) {
      throw new ParameterException(spec.commandLine(), dev.errorkb.load.ContentLoader.reservedMessage(id));
    }
    List<Lang> languages = new ArrayList<>();
    for (String l : langs) {
      Lang lang = Lang.find(l.strip()).orElseThrow(() -> new ParameterException(spec.commandLine(), "--lang takes ja and/or en, not '" + l + "'"));
      if (!languages.contains(lang)) {
        languages.add(lang);
      }
    }
    if (fromGap != null && signature != null) {
      throw new ParameterException(spec.commandLine(), "--from-gap and --signature exclude each other: give one");
    }
    Seed seed;
    try {
      seed = seed();
    } catch (dev.errorkb.gaps.GapsFormat.GapsReportException e) {
      spec.commandLine().getErr().println("errorkb: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path dir = product == null ? content.resolve(id) : content.resolve(Slug.folder(product)).resolve(id);
    Optional<Path> existing = findEntry(content, id);
    if (Files.exists(dir) || existing.isPresent()) {
      spec.commandLine().getErr().println("errorkb: id '" + id + "' is already used by "
          + existing.orElse(dir) + "; choose another id");
      return ExitCodes.USAGE;
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("entry.yaml"), entryYaml(seed), StandardCharsets.UTF_8);
      for (Lang l : languages) {
        Files.writeString(dir.resolve(l.code() + ".md"), scaffold(languages, l, seed), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    spec.commandLine().getOut().println("created " + dir + " — fill in every TODO, then run 'errorkb check'");
    if (languages.size() > 1) {
      spec.commandLine().getOut().println(languages.get(0).code() + ".md is the source; " + languages.get(1).code()
          + ".md is marked as its translation: once it is translated, run 'errorkb translated " + id + " "
          + languages.get(1).code() + "'");
    }
    return ExitCodes.OK;
  }

  /** The signature from --from-gap or --signature, or null for the TODO scaffold. */
  private Seed seed() throws IOException {
    if (signature != null) {
      if (signature.isBlank()) {
        throw new ParameterException(spec.commandLine(), "--signature needs the error text, not an empty string");
      }
      return new Seed(signature.strip(), List.of());
    }
    if (fromGap == null) {
      return null;
    }
    int hash = fromGap.lastIndexOf('#');
    if (hash < 1 || !fromGap.substring(hash + 1).matches("[0-9]{1,9}") || Integer.parseInt(fromGap.substring(hash + 1)) < 1) {
      throw new ParameterException(spec.commandLine(),
          "--from-gap takes REPORT.json#N, N the cluster's number (1 or more), not '" + fromGap + "'");
    }
    Path report = Path.of(fromGap.substring(0, hash));
    int n = Integer.parseInt(fromGap.substring(hash + 1));
    var gap = dev.errorkb.gaps.GapsFormat.readCluster(report, n).orElseThrow(() ->
        new dev.errorkb.gaps.GapsFormat.GapsReportException(report + ": no cluster #" + n + " in this report"));
    return new Seed(gap.template(), gap.examples());
  }

  /** An entry folder already using {@code id}, by folder name or by an explicit {@code id:} key. */
  static Optional<Path> findEntry(Path content, String id) {
    if (!Files.isDirectory(content)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.walk(content)) {
      return s.filter(p -> p.getFileName().toString().equals("entry.yaml")).filter(p -> {
        if (p.getParent().getFileName().toString().equals(id)) {
          return true;
        }
        try {
          return Files.readAllLines(p, StandardCharsets.UTF_8).stream().anyMatch(l -> l.strip().equals("id: " + id));
        } catch (IOException | java.io.UncheckedIOException e) {
          return false;
        }
      }).map(Path::getParent).sorted().findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The scaffold of {@code lang}. With two languages the first is the source and the second is
   * marked as its translation ({@code translated-from}: the body hash of the source scaffold), so
   * it shows as stale once the source is written, until {@code errorkb translated} (docs/translation.md).
   */
  private static String scaffold(List<Lang> languages, Lang lang, Seed seed) {
    String text = withExamples(lang == Lang.JA ? JA : EN, seed);
    if (languages.size() < 2 || lang == languages.get(0)) {
      return text;
    }
    String source = withExamples(languages.get(0) == Lang.JA ? JA : EN, seed);
    return FrontMatterField.set(text, Translations.FROM_KEY, Translations.bodyHashOfFile(source));
  }

  /** The example log lines in a code block under the Symptoms heading (the first section). */
  private static String withExamples(String text, Seed seed) {
    if (seed == null || seed.examples().isEmpty()) {
      return text;
    }
    int longest = 2;
    for (String e : seed.examples()) {
      var m = java.util.regex.Pattern.compile("`+").matcher(e);
      while (m.find()) {
        longest = Math.max(longest, m.end() - m.start());
      }
    }
    String fence = "`".repeat(longest + 1);
    String block = fence + "text\n" + String.join("\n", seed.examples()) + "\n" + fence + "\n\n";
    int at = text.indexOf("\n\n## ", text.indexOf("## ") + 1);
    return text.substring(0, at + 2) + block + text.substring(at + 2);
  }

  private String entryYaml(Seed seed) {
    return "# Facts about the error, the same in every language. See docs/authoring.md.\n"
        + "product: " + (product == null ? "TODO product name" : quote(product)) + "\n"
        + "# component: the sub-command or module\n"
        + "tags: []\n"
        + "severity: error\n"
        + "# versions: \">= 1.0\"\n"
        + "updated: " + LocalDate.now(clock) + "\n"
        + "signatures:\n"
        + (seed == null
            ? "  - text: |-\n"
                + "      TODO paste the exact error text users see\n"
                + "    lang: en\n"
                + "    examples: []\n"
            : "  # placeholders (<num>, <path>, <any> …) are explained in docs/matching.md\n"
                + "  - text: " + json(seed.text()) + "\n"
                + "    lang: any\n"
                + "    examples:" + (seed.examples().isEmpty() ? " []\n"
                    : "\n" + seed.examples().stream().map(e -> "      - " + json(e) + "\n").collect(java.util.stream.Collectors.joining())))
        + "requires: []\n"
        + "# verify:\n"
        + "#   command: the command that shows the fix worked\n"
        + "#   expect: what it prints\n"
        + "references: []\n";
  }

  /** A YAML double-quoted scalar (JSON's string syntax is YAML's). */
  private static String json(String s) {
    try {
      return MatchCommand.Json.MAPPER.writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static final String EN = """
      ---
      title: "TODO what the user sees, in a few words"
      summary: "TODO one line: the real cause and the fix"
      ---

      ## Symptoms

      TODO what happens and where the error appears.

      ## Cause

      TODO why it really happens.

      ## Fix

      TODO the steps that fix it.

      ## Verify

      TODO how to see that it worked.
      """;

  private static final String JA = """
      ---
      title: "TODO 利用者に見える現象を短く"
      summary: "TODO 本当の原因と対処を一行で"
      ---

      ## 症状

      TODO どこで何が起きるか。

      ## 原因

      TODO なぜ起きるのか。

      ## 対処

      TODO 解決の手順。

      ## 確認

      TODO 解決したことの確かめ方。
      """;
}
