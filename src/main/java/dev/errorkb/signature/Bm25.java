package dev.errorkb.signature;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * BM25 postings: per term (dense id), the entries that have it and their weights; and what the
 * signature alignment needs (§3.3): each signature's template tokens as term ids, their weights
 * (the terms' idf), the signature's total weight, and per term the signatures that have it with
 * how many times (for an upper bound of a signature's evidence before aligning it), a lower
 * bound of each signature's total weight, and each signature's literal tokens as term ids in order
 * (-1 for a word no entry has; placeholders left out), for a bound of what replaced tokens earn. Its own type because it is built apart from the rest of
 * the index: on another core while a load keys the signatures, or on the first match that ranks
 * words ({@link Lazy}); scan never needs it.
 */
final class Bm25 {

  /**
   * Where the per-term and per-signature lists come from when they are not held as arrays: a
   * sidecar index ({@link IndexSidecar}) decodes each list the first time a paste needs it, and
   * checks it; a list it cannot trust throws {@link IndexSidecar.Broken}.
   */
  interface Lists {
    int[] docs(int term);

    float[] weights(int term);

    int[] sigPostings(int term);

    int[] sigIds(int sig);
  }

  private final LongIntMap termIds;
  private final int[][] postingDocs; // null when lists is set
  private final float[][] postingWeights;
  private final int[][] sigPostings;
  private final int[][] sigIds;
  private final Lists lists;
  private final double[] termWeight;
  private final double[] lowTotal;
  private final int[] loose;

  Bm25(LongIntMap termIds, int[][] postingDocs, float[][] postingWeights,
      double[] termWeight, int[][] sigPostings, double[] lowTotal, int[] loose, int[][] sigIds) {
    this.termIds = termIds;
    this.postingDocs = postingDocs;
    this.postingWeights = postingWeights;
    this.termWeight = termWeight;
    this.sigPostings = sigPostings;
    this.lowTotal = lowTotal;
    this.loose = loose;
    this.sigIds = sigIds;
    this.lists = null;
  }

  /** Postings whose lists come from {@code lists} (a sidecar), the rest as arrays. */
  Bm25(LongIntMap termIds, double[] termWeight, double[] lowTotal, int[] loose, Lists lists) {
    this.termIds = termIds;
    this.postingDocs = null;
    this.postingWeights = null;
    this.sigPostings = null;
    this.sigIds = null;
    this.termWeight = termWeight;
    this.lowTotal = lowTotal;
    this.loose = loose;
    this.lists = lists;
  }

  /** Term hash → dense term id. */
  LongIntMap termIds() {
    return termIds;
  }

  /** How many terms. */
  int terms() {
    return termWeight.length;
  }

  /** The entries that have term {@code t}, in entry order. */
  int[] docs(int t) {
    return lists != null ? lists.docs(t) : postingDocs[t];
  }

  /** Their BM25 weights for term {@code t}, in the order of {@link #docs}. */
  float[] weights(int t) {
    return lists != null ? lists.weights(t) : postingWeights[t];
  }

  /** Per term, its idf. */
  double[] termWeight() {
    return termWeight;
  }

  /** Pairs (signature, times) of the signatures whose template has term {@code t}. */
  int[] sigPostings(int t) {
    return lists != null ? lists.sigPostings(t) : sigPostings[t];
  }

  /** Per signature, a lower bound of its total weight. */
  double[] lowTotal() {
    return lowTotal;
  }

  /** Per signature, its slots plus its tokens that may be soft. */
  int[] loose() {
    return loose;
  }

  /** Signature {@code k}'s literal tokens as term ids, in order (-1: no entry has the word). */
  int[] sigIds(int k) {
    return lists != null ? lists.sigIds(k) : sigIds[k];
  }

  private static final int[] EMPTY = new int[0];

  /**
   * The postings of {@code all} (the entries' terms, in document order) and of {@code sigs} (the
   * index's signatures, with {@code sigHashes} their template token hashes).
   */
  static Bm25 build(DocTerms[] all, IndexSignature[] sigs, long[][] sigHashes) {
    return build(all, sigHashes, placeholderCounts(sigs), softCandidates(sigs, sigHashes));
  }

  /**
   * @param sigHashes per signature, the hashes of its template's literal tokens in order (what the
   *     load derived for the keys), placeholders left out
   * @param placeholders per signature, how many slots its template has
   * @param softCandidates hashes of every word that a soft token can be (SoftTokens)
   */
  private static Bm25 build(DocTerms[] all, long[][] sigHashes, int[] placeholders, LongSet softCandidates) {
    List<long[]> sigList = List.of(sigHashes);
    int nDocs = all.length;
    LongIntMap termIds = new LongIntMap(1 << 16);
    // Terms get dense ids so that frequencies are counted in arrays, not boxed in maps.
    int nextId = 0;
    int[][] docTerms = new int[nDocs][];
    float[] len = new float[nDocs];
    int[] df = new int[1024];
    double total = 0;
    for (int d = 0; d < nDocs; d++) {
      DocTerms t = all[d];
      int[] local = new int[t.size()];
      for (int i = 0; i < t.size(); i++) {
        long name = t.hashes()[i];
        int id = termIds.get(name, -1);
        if (id < 0) {
          id = nextId++;
          termIds.put(name, id);
          if (id == df.length) {
            df = java.util.Arrays.copyOf(df, id * 2);
          }
        }
        local[i] = id;
        df[id]++;
      }
      docTerms[d] = local;
      len[d] = t.length();
      total += len[d];
    }
    double avg = nDocs == 0 ? 1 : Math.max(1e-6, total / nDocs);
    int nTerms = nextId;
    int[][] pDocs = new int[nTerms][];
    float[][] pW = new float[nTerms][];
    int[] fill = new int[nTerms];
    for (int t = 0; t < nTerms; t++) {
      pDocs[t] = new int[df[t]];
      pW[t] = new float[df[t]];
    }
    for (int d = 0; d < nDocs; d++) {
      float norm = (float) (Ranking.K1 * (1 - Ranking.B + Ranking.B * len[d] / avg));
      float[] tf = all[d].tf();
      for (int i = 0; i < docTerms[d].length; i++) {
        int t = docTerms[d][i];
        double idf = Math.log(1 + (nDocs - df[t] + 0.5) / (df[t] + 0.5));
        float f = tf[i];
        int at = fill[t]++;
        pDocs[t][at] = d;
        pW[t][at] = (float) (idf * f * (Ranking.K1 + 1) / (f + norm));
      }
    }
    double[] termWeight = new double[nTerms];
    for (int t = 0; t < nTerms; t++) {
      termWeight[t] = Ranking.idf(nDocs, df[t]);
    }
    // Per literal token the signatures that have it and how many times (from the template hashes the
    // load already made), for an upper bound of each signature's evidence before aligning it.
    int[] postCount = new int[nTerms];
    int nSigs = sigList.size();
    int[][] sigIds = new int[nSigs][];
    for (int k = 0; k < nSigs; k++) {
      long[] h = sigHashes[k];
      int nh = h.length; // all of them, as the browser's signature postings (uncut): the same "has evidence" test
      int[] ids = new int[nh];
      for (int i = 0; i < nh; i++) {
        ids[i] = termIds.get(h[i], -1);
        if (ids[i] >= 0 && firstAt(ids, i, ids[i])) {
          postCount[ids[i]] += 2;
        }
      }
      sigIds[k] = ids;
    }
    int[][] sigPostings = new int[nTerms][];
    int[] pfill = new int[nTerms];
    for (int t = 0; t < nTerms; t++) {
      sigPostings[t] = postCount[t] == 0 ? EMPTY : new int[postCount[t]];
    }
    for (int k = 0; k < nSigs; k++) {
      int[] ids = sigIds[k];
      for (int i = 0; i < ids.length; i++) {
        int id = ids[i];
        if (id >= 0 && firstAt(ids, i, id)) {
          int mult = 0;
          for (int x : ids) {
            mult += x == id ? 1 : 0;
          }
          sigPostings[id][pfill[id]++] = k;
          sigPostings[id][pfill[id]++] = mult;
        }
      }
    }
    // A lower bound of the weight each signature's coverage is taken of (its tokens that are not
    // soft), known before its alignment data: every token that could be soft (a word of an errno
    // text or of a short signature) left out.
    double[] lowTotal = new double[nSigs];
    int[] loose = new int[nSigs];
    for (int k = 0; k < nSigs; k++) {
      loose[k] = placeholders[k];
      for (long h : sigHashes[k]) {
        loose[k] += softCandidates.contains(h) ? 1 : 0;
      }
      if (sigIds[k].length + placeholders[k] > Ranking.MAX_SIG_TOKENS) {
        continue; // cut by the alignment: 0 is a safe bound
      }
      double sum = 0;
      for (int i = 0; i < sigIds[k].length; i++) {
        int id = sigIds[k][i];
        if (id >= 0) {
          sum += softCandidates.contains(sigHashes[k][i]) ? 0 : termWeight[id]; // of the coverage's denominator
        }
      }
      lowTotal[k] = sum * (1 - 1e-9);
    }
    return new Bm25(termIds, pDocs, pW, termWeight, sigPostings, lowTotal, loose, sigIds);
  }

  /** How many slots each signature's template has. */
  private static int[] placeholderCounts(IndexSignature[] all) {
    int[] out = new int[all.length];
    for (int k = 0; k < all.length; k++) {
      String t = all[k].template();
      for (int i = t.indexOf('<'); i >= 0; i = t.indexOf('<', i + 1)) {
        out[k] += Placeholder.lengthAt(t, i) > 0 ? 1 : 0;
      }
    }
    return out;
  }

  /** Hashes of the words a soft token can be: those of the errno texts and of short signatures without slots. */
  private static LongSet softCandidates(IndexSignature[] all, long[][] hashes) {
    List<Long> out = new ArrayList<>(SoftTokens.errnoTokenHashes());
    for (int k = 0; k < all.length; k++) {
      if (hashes[k].length <= SoftTokens.MAX_KNOWN_TOKENS && all[k].template().indexOf('<') < 0) {
        for (long h : hashes[k]) {
          out.add(h);
        }
      }
    }
    LongSet set = new LongSet(out.size());
    set.fill(out.stream().mapToLong(Long::longValue).toArray(), out.size());
    return set;
  }

  /** True when {@code ids[i]} is the first occurrence of {@code id}. */
  private static boolean firstAt(int[] ids, int i, int id) {
    for (int j = 0; j < i; j++) {
      if (ids[j] == id) {
        return false;
      }
    }
    return true;
  }

  /**
   * The postings of one index, built once: on another core during a load, or by the first match
   * that ranks words. Scan never needs them.
   */
  static final class Lazy {
    // The BM25 postings (Bm25) once built; before: the per-entry terms to build them from on first
    // need (DocTerms[]), or their build on another core (Future, from load). Scan never needs them.
    private final AtomicReference<Object> bm25 = new AtomicReference<>();
    private final SignatureTable table;

    /**
     * @param terms the entries' terms, to build the postings from on first need
     * @param build the postings being built elsewhere, or null to build them on first need
     */
    Lazy(DocTerms[] terms, Future<Bm25> build, SignatureTable table) {
      this.table = table;
      bm25.set(build != null ? build : terms);
    }

    /** Postings already there (a sidecar's). */
    Lazy(Bm25 built, SignatureTable table) {
      this.table = table;
      bm25.set(built);
    }

    Bm25 get() {
      if (bm25.get() instanceof Bm25 b) {
        return b;
      }
      synchronized (bm25) {
        Object o = bm25.get();
        if (o instanceof Bm25 b) {
          return b;
        }
        Bm25 b = o instanceof Future<?> f ? (Bm25) IndexLoader.join(f) : build((DocTerms[]) o, table.sigs(), table.tokenHashes());
        bm25.set(b);
        return b;
      }
    }
  }
}
