package dev.errorkb.signature;

import java.util.List;
import java.util.Optional;

/**
 * The whole errors.json: format facts plus entries sorted by id.
 *
 * @param schemaVersion SemVer of the file format; minor versions only add fields
 * @param baseUrl the site's absolute base URL, when known
 */
public record IndexDocument(
    String schemaVersion,
    String normalizerVersion,
    String regexDialect,
    String generator,
    Optional<String> baseUrl,
    List<IndexEntry> entries) {

  /** The format version this code writes. */
  public static final String SCHEMA_VERSION = "1.2.0";

  public IndexDocument {
    entries = List.copyOf(entries);
  }
}
