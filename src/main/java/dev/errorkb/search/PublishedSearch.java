package dev.errorkb.search;

import java.util.Optional;

/**
 * The search data of the published site, as a rebuild may reuse it (issue 15): the state its build
 * left, each file's hash in the site's manifest and its bytes (only when they still have that
 * hash), and a way to keep a file in the new site without writing it again.
 */
public interface PublishedSearch {
  /** The state the build of the published site left, if it was kept. */
  Optional<SearchState> state();

  /** The SHA-256 (hex) the published site's manifest gives the file at {@code rel}, if any. */
  Optional<String> hash(String rel);

  /** The published file's bytes, if it is there and still has its manifest hash. */
  Optional<byte[]> bytes(String rel);

  /** Keeps the published file at {@code rel} in the new site; false if it cannot be (then it must be written). */
  boolean keep(String rel);
}
