package dev.errorkb.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.regex.Pattern;

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
  /** What an id (and the folder name it defaults to) may be: lower-case letters, digits, hyphens. */
  public static final String ID_PATTERN = "[a-z0-9][a-z0-9-]*";

  /** The longest id: it is a folder name and part of every URL of the entry. */
  public static final int MAX_ID_LENGTH = 100;

  private static final Pattern ID = Pattern.compile(ID_PATTERN);

  /** Whether {@code id} matches {@link #ID_PATTERN} and is at most {@link #MAX_ID_LENGTH} long. */
  public static boolean isValidId(String id) {
    return id.length() <= MAX_ID_LENGTH && ID.matcher(id).matches();
  }

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
