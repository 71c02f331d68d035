package dev.errorkb.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One troubleshooting entry: the language-neutral facts of entry.yaml plus its language files.
 *
 * @param dir the entry folder relative to the content root ('/'-separated)
 * @param docs language files by language, in {@link Lang} order
 * @param assets other files of the folder, relative to it, sorted
 * @param contentHash sha256 (hex) of all the entry's sources, for caches and consumers
 */
public record Entry(
    String id,
    String dir,
    String product,
    Optional<String> component,
    List<String> tags,
    Severity severity,
    Optional<String> versions,
    Optional<LocalDate> updated,
    List<Signature> signatures,
    List<Requirement> requires,
    Optional<Verify> verify,
    List<Reference> references,
    SortedMap<Lang, Doc> docs,
    List<String> assets,
    String contentHash,
    SourcePos pos) {
  public Entry {
    tags = List.copyOf(tags);
    signatures = List.copyOf(signatures);
    requires = List.copyOf(requires);
    references = List.copyOf(references);
    docs = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(docs));
    assets = List.copyOf(assets);
  }

  /** The language file for {@code lang}, if the entry is written in it. */
  public Optional<Doc> doc(Lang lang) {
    return Optional.ofNullable(docs.get(lang));
  }

  /** The language file to show for {@code lang}: that language, else the other one. */
  public Doc docOrFallback(Lang lang) {
    Doc d = docs.get(lang);
    return d != null ? d : docs.get(lang.other());
  }
}
