package dev.errorkb.model;

import java.util.List;
import java.util.Optional;

/**
 * One verbatim error text that identifies an entry.
 *
 * @param text the error exactly as users see it
 * @param lang the language of the text; empty means {@code any}
 * @param pattern an explicit RE2 expression replacing the one derived from the text
 * @param examples real pasted texts that must find this entry first
 * @param pos where the signature starts in entry.yaml
 */
public record Signature(
    String text, Optional<Lang> lang, Optional<String> pattern, List<String> examples, SourcePos pos) {
  public Signature {
    examples = List.copyOf(examples);
  }

  /** {@code en}, {@code ja} or {@code any}, as written in entry.yaml and errors.json. */
  public String langKey() {
    return lang.map(Lang::code).orElse("any");
  }
}
