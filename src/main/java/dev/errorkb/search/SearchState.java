package dev.errorkb.search;

import java.util.List;

/**
 * What a rebuild needs to know of the search data a published build wrote, besides the files
 * themselves, to patch them for a few edited entries instead of writing them all again (issue 15,
 * decision 35): the counts of entries, shards and signatures that fix the file list, the term
 * bytes that fix the shard count, a hash of every signature, and per entry the key of its counts,
 * its weighted length and its language bits (meta.js's {@code dl} and {@code lang}).
 *
 * @param version the data version of those files ({@link SearchDataWriter#version}); a state
 *     whose version is not that of the published files describes another build and is not used
 * @param signatureHash {@link SearchDataWriter#signatureHash} of the index
 * @param keys {@link SearchDataWriter#countKey} of each entry, in index order
 */
public record SearchState(int entries, int shards, int signatures, long termBytes, String signatureHash,
    List<String> keys, int[] length, int[] langs, String version) {

  public SearchState {
    keys = List.copyOf(keys);
    length = length.clone();
    langs = langs.clone();
    if (keys.size() != entries || length.length != entries || langs.length != entries) {
      throw new IllegalArgumentException("one key, length and language set per entry");
    }
  }

  @Override
  public int[] length() {
    return length.clone();
  }

  @Override
  public int[] langs() {
    return langs.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SearchState s && entries == s.entries && shards == s.shards && signatures == s.signatures
        && termBytes == s.termBytes && signatureHash.equals(s.signatureHash) && keys.equals(s.keys)
        && java.util.Arrays.equals(length, s.length) && java.util.Arrays.equals(langs, s.langs) && version.equals(s.version);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(entries, shards, version);
  }

  /** Every file path of such search data, relative to the site root, in path order. */
  List<String> paths() {
    return SearchDataWriter.paths(entries, shards, signatures);
  }
}
