package dev.errorkb.signature;

import java.util.ArrayList;
import java.util.List;

/**
 * An index's signatures numbered in one array, entry then signature order, each with its owner
 * entry and its template keys. Its own type because the candidate filter, the regex matcher, the
 * BM25 postings, the ranker and the scanner all address signatures by this number. Loaded from a
 * sidecar ({@link IndexSidecar}) it holds no signatures and no keys: a signature is taken from its
 * entry, which is parsed from errors.json the first time it is needed.
 */
final class SignatureTable {

  private final List<IndexEntry> entries;
  private final IndexSignature[] sigs; // null: from sigSource
  private final java.util.function.IntFunction<IndexSignature> sigSource; // a sidecar's, decoding on demand
  private final int[] sigEntry;
  private final int[] firstSig;
  private final TemplateInfo.Keys[] keys; // null when loaded from a sidecar
  private final List<List<String>> shortTokens; // null: derived from the keys on first need
  private volatile List<List<String>> shortMemo;

  private SignatureTable(List<IndexEntry> entries, IndexSignature[] sigs, int[] sigEntry, TemplateInfo.Keys[] keys,
      List<List<String>> shortTokens, java.util.function.IntFunction<IndexSignature> sigSource) {
    this.entries = entries;
    this.sigs = sigs;
    this.sigSource = sigSource;
    this.sigEntry = sigEntry;
    this.keys = keys;
    this.shortTokens = shortTokens;
    this.firstSig = firstSigs(sigEntry, entries.size());
  }

  /** The signatures of {@code entries}, whose template keys are in {@code prep} (one per entry, in order). */
  static SignatureTable of(List<IndexEntry> entries, List<IndexLoader.Prepared> prep) {
    int n = 0;
    for (IndexEntry e : entries) {
      n += e.signatures().size();
    }
    IndexSignature[] sigs = new IndexSignature[n];
    int[] sigEntry = new int[n];
    TemplateInfo.Keys[] sigKeys = new TemplateInfo.Keys[n];
    for (int e = 0, k = 0; e < entries.size(); e++) {
      TemplateInfo.Keys[] keys = prep.get(e).keys();
      for (int i = 0; i < keys.length; i++, k++) {
        sigs[k] = entries.get(e).signatures().get(i);
        sigEntry[k] = e;
        sigKeys[k] = keys[i];
      }
    }
    return new SignatureTable(entries, sigs, sigEntry, sigKeys, null, null);
  }

  /**
   * A table over entries that are parsed on demand: {@code sigEntry} (non-decreasing, checked by
   * the caller) says whose each signature is, {@code sigSource} gives signature k (the same as
   * its entry's, which the entry checks when it is parsed), {@code shortTokens} is {@link
   * #shortSignatureTokens}.
   */
  static SignatureTable lazy(List<IndexEntry> entries, int[] sigEntry, java.util.function.IntFunction<IndexSignature> sigSource,
      List<List<String>> shortTokens) {
    return new SignatureTable(entries, null, sigEntry, null, shortTokens, sigSource);
  }

  private static int[] firstSigs(int[] sigEntry, int nEntries) {
    int[] f = new int[nEntries + 1];
    for (int e : sigEntry) {
      f[e + 1]++;
    }
    for (int d = 0; d < nEntries; d++) {
      f[d + 1] += f[d];
    }
    return f;
  }

  List<IndexEntry> entries() {
    return entries;
  }

  /** Every signature (a table made by {@link #of} only). */
  IndexSignature[] sigs() {
    return sigs;
  }

  /** Per signature, the index of its entry. */
  int[] sigEntry() {
    return sigEntry;
  }

  /** Per signature, its template keys (a table made by {@link #of} only). */
  TemplateInfo.Keys[] keys() {
    return keys;
  }

  /** Index of each entry's first signature; entry d has signatures [first[d], first[d + 1]). */
  int[] firstSig() {
    return firstSig;
  }

  /** How many signatures. */
  int size() {
    return sigEntry.length;
  }

  /** Signature {@code k}. */
  IndexSignature sig(int k) {
    if (sigs != null) {
      return sigs[k];
    }
    return sigSource.apply(k);
  }

  /** The entry of signature {@code k}. */
  IndexEntry entryOf(int k) {
    return entries.get(sigEntry[k]);
  }

  /** Per signature, the hashes of its template's tokens, placeholders left out (what BM25 indexes). */
  long[][] tokenHashes() {
    long[][] h = new long[keys.length][];
    for (int k = 0; k < keys.length; k++) {
      h[k] = keys[k].tokenHashes();
    }
    return h;
  }

  /**
   * The tokens of every signature template with at most {@link SoftTokens#MAX_KNOWN_TOKENS}
   * literal tokens and no slot, in signature order: the known short messages ({@link SoftTokens}).
   */
  List<List<String>> shortSignatureTokens() {
    if (shortTokens != null) {
      return shortTokens;
    }
    List<List<String>> m = shortMemo;
    if (m == null) {
      List<List<String>> shortOnes = new ArrayList<>();
      for (int k = 0; k < sigs.length; k++) {
        String t = sigs[k].template();
        if (keys[k].tokenHashes().length <= SoftTokens.MAX_KNOWN_TOKENS && t.indexOf('<') < 0) {
          shortOnes.add(Normalizer.tokenize(t));
        }
      }
      m = List.copyOf(shortOnes);
      shortMemo = m;
    }
    return m;
  }
}
