package dev.errorkb.cli;

import dev.errorkb.check.FrontMatterField;
import dev.errorkb.check.Translations;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.Doc;
import dev.errorkb.model.Entry;
import dev.errorkb.model.Lang;
import dev.errorkb.util.RelPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code errorkb translated <id> <lang>}: records that a translation has caught up with its source
 * by writing the source's current body hash ({@code translated-from}) and the facts hash
 * ({@code translated-facts}) into the translation's front matter. Nothing else in the file changes.
 */
@Command(name = "translated", mixinStandardHelpOptions = true,
    description = "Mark the LANG file of entry ID as translated from the current version of the other language.")
final class TranslatedCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "Entry id.")
  String id;

  @Parameters(index = "1", paramLabel = "LANG", description = "The translation's language: ja or en.")
  String langCode;

  @Option(names = "--content", defaultValue = "content", description = "Content folder (default: ${DEFAULT-VALUE}).")
  Path content;

  @Override
  public Integer call() {
    Lang lang = Lang.find(langCode).orElseThrow(() -> new ParameterException(spec.commandLine(), "LANG must be ja or en, not '" + langCode + "'"));
    ContentLoader.Loaded loaded = new ContentLoader(content).load();
    Optional<Entry> found = loaded.kb().entries().stream().filter(e -> e.id().equals(id)).findFirst();
    if (found.isEmpty()) {
      // The entry may exist but fail to load; its problems say why.
      ProblemPrinter.print(spec.commandLine().getErr(), loaded.problems().stream().filter(p -> p.isError()).toList(), content);
      spec.commandLine().getErr().println("errorkb: no loadable entry with id '" + id + "' in " + content);
      return loaded.hasErrors() ? ExitCodes.PROBLEMS : ExitCodes.USAGE;
    }
    Entry e = found.get();
    Optional<Doc> doc = e.doc(lang);
    Optional<Doc> source = e.doc(lang.other());
    if (doc.isEmpty()) {
      spec.commandLine().getErr().println("errorkb: entry '" + id + "' has no " + lang.code() + ".md; write the translation first");
      return ExitCodes.USAGE;
    }
    if (source.isEmpty()) {
      spec.commandLine().getErr().println("errorkb: entry '" + id + "' has no " + lang.other().code() + ".md to be translated from");
      return ExitCodes.USAGE;
    }
    Path file = resolve(doc.get().path());
    try {
      String before = Files.readString(file, StandardCharsets.UTF_8);
      String after = FrontMatterField.set(before, Translations.FROM_KEY, source.get().bodyHash());
      after = FrontMatterField.set(after, Translations.FACTS_KEY, Translations.factsHash(e));
      if (!after.equals(before)) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".errorkb-tmp");
        Files.writeString(tmp, after, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IllegalArgumentException ex) {
      spec.commandLine().getErr().println("errorkb: " + file + ": " + ex.getMessage());
      return ExitCodes.PROBLEMS;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    spec.commandLine().getOut().println("marked " + file + " as translated from " + lang.other().code() + ".md ("
        + Translations.FROM_KEY + ": " + source.get().bodyHash() + ")");
    if (source.get().translatedFrom().isPresent()) {
      spec.commandLine().getErr().println("note: " + lang.other().code() + ".md also has '" + Translations.FROM_KEY
          + "'; if it is the source, remove that line from it");
    }
    return ExitCodes.OK;
  }

  private Path resolve(String rel) {
    return RelPath.resolve(content, rel);
  }
}
