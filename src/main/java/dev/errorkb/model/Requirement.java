package dev.errorkb.model;

import java.util.Map;
import java.util.Optional;

/**
 * Something that must be in place, e.g. kind {@code iam-action}, value {@code signin:CreateOAuth2Token}.
 *
 * @param note the note as written when it is one text for every language, else the default
 *     language's (or any) translation
 * @param notes per-language notes when entry.yaml gives {@code note: {ja: …, en: …}}
 */
public record Requirement(String kind, String value, Optional<String> note, Map<Lang, String> notes) {
  public Requirement {
    notes = Map.copyOf(notes);
  }

  /** A requirement whose note (if any) is the same in every language. */
  public Requirement(String kind, String value, Optional<String> note) {
    this(kind, value, note, Map.of());
  }

  /** The note to show on a page in {@code lang}. */
  public Optional<String> noteFor(Lang lang) {
    String n = notes.get(lang);
    return n != null ? Optional.of(n) : note;
  }
}
