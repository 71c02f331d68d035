package dev.errorkb.signature;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One entry of errors.json. Per-language maps are keyed by language code ({@code en}, {@code ja})
 * and hold only the languages the entry is written in.
 *
 * @param url page URL per language relative to the site root ({@code <lang>/<id>/})
 * @param absoluteUrl page URL per language when the site's baseUrl is known, else empty
 * @param updated ISO date of the last update, if given
 * @param contentHash sha256 (hex) of the entry's sources
 */
public record IndexEntry(
    String id,
    SortedMap<String, String> title,
    SortedMap<String, String> summary,
    SortedMap<String, String> cause,
    SortedMap<String, String> fix,
    SortedMap<String, String> url,
    SortedMap<String, String> absoluteUrl,
    String product,
    List<String> tags,
    String severity,
    List<Requirement> requires,
    Optional<String> updated,
    String contentHash,
    List<IndexSignature> signatures) {

  public IndexEntry {
    title = frozen(title);
    summary = frozen(summary);
    cause = frozen(cause);
    fix = frozen(fix);
    url = frozen(url);
    absoluteUrl = frozen(absoluteUrl);
    tags = List.copyOf(tags);
    requires = List.copyOf(requires);
    signatures = List.copyOf(signatures);
  }

  private static SortedMap<String, String> frozen(Map<String, String> m) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(m));
  }

  /** A requirement ({@code kind}, {@code value}, optional {@code note}). */
  public record Requirement(String kind, String value, Optional<String> note) {}

  /** The value for {@code lang}, else the other language's, else empty. */
  public static String pick(Map<String, String> perLang, String lang) {
    String v = perLang.get(lang);
    if (v != null) {
      return v;
    }
    return perLang.values().stream().findFirst().orElse("");
  }
}
