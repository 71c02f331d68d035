package dev.errorkb.search;

import java.util.List;
import java.util.Optional;

/**
 * What counting one entry's words for the search data (and writing its display record) gave in
 * an earlier build (issue 15): at
 * 10,000 entries the counting — folding and tokenising every title, summary, cause and fix — was
 * two thirds of the search-data step of a one-edit rebuild. {@link SearchDataWriter} asks by a
 * key that hashes everything the counting reads ({@link SearchDataWriter#countKey}); a memo that
 * forgets, or holds nothing, only costs time.
 */
public interface CountMemo {
  /**
   * One entry's BM25 counts: its terms with their weighted frequencies (0 for a word that counts
   * for the document frequency alone), its weighted length, and its language bits; and its
   * display record as UTF-8 JSON (what a result shows, written into the display chunks as it is;
   * bytes, not a string: 10,000 entries' records as Java strings of mixed English and Japanese
   * took a cold build's heap 40 MB up).
   */
  record Counts(List<String> terms, int[] tf, int length, int langs, byte[] display) {
    public Counts {
      terms = List.copyOf(terms);
      if (tf.length != terms.size()) {
        throw new IllegalArgumentException("one frequency per term");
      }
    }
  }

  /** The counts recorded under {@code key}, if any. Called from several threads. */
  Optional<Counts> recall(String key);

  /** Records what counting gave for {@code key}. Called from several threads. */
  void remember(String key, Counts counts);

  /**
   * The counts recorded under {@code key}, if any, without keeping them for the next build: a
   * patched search data reads an edited entry's old counts, which no build needs again.
   */
  default Optional<Counts> peek(String key) {
    return recall(key);
  }

  /**
   * Keeps the counts recorded under {@code key} for the next build without reading them (a
   * patched search data does not need an unchanged entry's counts); false if there are none.
   */
  default boolean keep(String key) {
    return false;
  }

  /** Remembers nothing: every entry is counted. */
  CountMemo NONE = new CountMemo() {
    @Override
    public Optional<Counts> recall(String key) {
      return Optional.empty();
    }

    @Override
    public void remember(String key, Counts counts) {}
  };
}
