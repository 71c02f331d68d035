package dev.errorkb.model;

import java.util.List;
import java.util.Optional;

/**
 * One language file of an entry ({@code en.md} or {@code ja.md}).
 *
 * @param path path relative to the content root
 * @param intro Markdown before the first section heading (may be empty)
 * @param translatedFrom the {@code translated-from} hash of the source file's body, if this is a
 *     translation
 * @param bodyHash first 12 hex digits of the sha256 of this file's body (after front matter)
 * @param bodyLine the file's line where the body starts
 * @param translatedFacts the {@code translated-facts} hash of the source entry's facts, if recorded
 * @param translatedFromLine the line of {@code translated-from} (1 when absent), where translation
 *     problems are reported
 * @param translatedFactsLine the line of {@code translated-facts}, else {@code translatedFromLine}
 */
public record Doc(
    Lang lang,
    String path,
    String title,
    String summary,
    String intro,
    List<Section> sections,
    Optional<String> translatedFrom,
    String bodyHash,
    int bodyLine,
    Optional<String> translatedFacts,
    int translatedFromLine,
    int translatedFactsLine) {
  public Doc {
    sections = List.copyOf(sections);
  }

  /** The first section of a kind, if present. */
  public Optional<Section> section(SectionKind kind) {
    return sections.stream().filter(s -> s.kind() == kind).findFirst();
  }
}
