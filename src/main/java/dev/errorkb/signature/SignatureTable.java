package dev.errorkb.signature;

import java.util.List;

/**
 * An index's signatures numbered in one array, entry then signature order, each with its owner
 * entry and its template keys. Its own type because the candidate filter, the regex matcher, the
 * BM25 postings, the ranker and the scanner all address signatures by this number.
 *
 * @param sigEntry per signature, the index of its entry
 * @param keys per signature, its template keys (as the load derived them)
 */
record SignatureTable(List<IndexEntry> entries, IndexSignature[] sigs, int[] sigEntry, TemplateInfo.Keys[] keys) {

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
    return new SignatureTable(entries, sigs, sigEntry, sigKeys);
  }

  /** How many signatures. */
  int size() {
    return sigs.length;
  }

  /** Signature {@code k}. */
  IndexSignature sig(int k) {
    return sigs[k];
  }

  /** The entry of signature {@code k}. */
  IndexEntry entryOf(int k) {
    return entries.get(sigEntry[k]);
  }

  /** Per signature, the hashes of its template's tokens, placeholders left out (what BM25 indexes). */
  long[][] tokenHashes() {
    long[][] h = new long[sigs.length][];
    for (int k = 0; k < sigs.length; k++) {
      h[k] = keys[k].tokenHashes();
    }
    return h;
  }
}
