package dev.errorkb.cli;

import dev.errorkb.check.FrontMatterField;
import dev.errorkb.check.Translations;
import dev.errorkb.model.Lang;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    if (!id.matches("[a-z0-9][a-z0-9-]*") || id.length() > 100) {
      throw new ParameterException(spec.commandLine(), "id '" + id + "' must match [a-z0-9][a-z0-9-]* (lower-case letters, digits, hyphens)");
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
    Path dir = product == null ? content.resolve(id) : content.resolve(slug(product)).resolve(id);
    Optional<Path> existing = findEntry(content, id);
    if (Files.exists(dir) || existing.isPresent()) {
      spec.commandLine().getErr().println("errorkb: id '" + id + "' is already used by "
          + existing.orElse(dir) + "; choose another id");
      return ExitCodes.USAGE;
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("entry.yaml"), entryYaml(), StandardCharsets.UTF_8);
      for (Lang l : languages) {
        Files.writeString(dir.resolve(l.code() + ".md"), scaffold(languages, l), StandardCharsets.UTF_8);
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
  private static String scaffold(List<Lang> languages, Lang lang) {
    String text = lang == Lang.JA ? JA : EN;
    if (languages.size() < 2 || lang == languages.get(0)) {
      return text;
    }
    String source = languages.get(0) == Lang.JA ? JA : EN;
    return FrontMatterField.set(text, Translations.FROM_KEY, Translations.bodyHashOfFile(source));
  }

  static String slug(String s) {
    String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return t.isEmpty() ? "misc" : t;
  }

  private String entryYaml() {
    return "# Facts about the error, the same in every language. See docs/authoring.md.\n"
        + "product: " + (product == null ? "TODO product name" : quote(product)) + "\n"
        + "# component: the sub-command or module\n"
        + "tags: []\n"
        + "severity: error\n"
        + "# versions: \">= 1.0\"\n"
        + "updated: " + LocalDate.now(clock) + "\n"
        + "signatures:\n"
        + "  - text: |-\n"
        + "      TODO paste the exact error text users see\n"
        + "    lang: en\n"
        + "    examples: []\n"
        + "requires: []\n"
        + "# verify:\n"
        + "#   command: the command that shows the fix worked\n"
        + "#   expect: what it prints\n"
        + "references: []\n";
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
