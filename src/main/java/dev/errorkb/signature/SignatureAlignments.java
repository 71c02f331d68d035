package dev.errorkb.signature;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the alignment (docs/matching.md §3.3) reads of each signature, as BM25 term ids and weights.
 * Its own class because it is derived lazily, signature by signature, for the few that a paste
 * makes candidates, and the ranking, its bounds and its explanation all read the same data.
 */
final class SignatureAlignments {

  /**
   * One signature's alignment data (§3.3), derived the first time it is scored: only candidates
   * need it. {@code total} is the weight of all its tokens, {@code need} that of its tokens that are
   * not soft: the author's errno text is a value, so a paste without it (or with another) can
   * still cover the whole signature. {@code sub} is what each token earns when a value stands in
   * its place ({@link Alignment#substitutes}).
   */
  record SigAlign(int[] ids, double[] w, boolean[] soft, double[] sub, double total, double need) {}

  private final SignatureTable table;
  private final AtomicReferenceArray<SigAlign> sigAlign;
  private final java.util.function.IntFunction<SigAlign> stored; // a sidecar's, or null
  private volatile SoftTokens softTokens;

  SignatureAlignments(SignatureTable table) {
    this(table, null);
  }

  /** Alignment data as a sidecar stored it ({@link IndexSidecar}: what {@link #get} derives), or derived when {@code stored} is null. */
  SignatureAlignments(SignatureTable table, java.util.function.IntFunction<SigAlign> stored) {
    this.table = table;
    this.stored = stored;
    this.sigAlign = new AtomicReferenceArray<>(table.size());
  }

  /**
   * The alignment data of signature {@code k} (tokens as term ids, placeholders as slots, weights with
   * soft tokens reduced, total weight), derived on first use exactly as {@link AlignedSignature#of}.
   */
  SigAlign get(int k, Bm25 bm) {
    if (stored != null) {
      return stored.apply(k);
    }
    SigAlign a = sigAlign.get(k);
    if (a == null) {
      a = derive(k, bm);
      sigAlign.set(k, a);
    }
    return a;
  }

  /** What {@link #get} derives for signature {@code k}, without keeping it (a sidecar writes every signature's). */
  SigAlign derive(int k, Bm25 bm) {
    SoftTokens st = softTokens();
    List<String> toks = Normalizer.tokenize(table.sig(k).template());
    IndexEntry own = table.entryOf(k);
    boolean[] soft = st.soft(toks, () -> SoftTokens.proseTokens(own));
    int n = Math.min(toks.size(), Ranking.MAX_SIG_TOKENS);
    int[] ids = new int[n];
    double[] w = new double[n];
    double sum = 0;
    double need = 0;
    for (int i = 0; i < n; i++) {
      String tok = toks.get(i);
      if (tok.startsWith("<")) {
        ids[i] = Alignment.PLACEHOLDER;
        continue;
      }
      int id = bm.termIds().get(TokenTable.hash(tok), -1);
      ids[i] = id < 0 ? Alignment.UNKNOWN - 1 : id; // never equal to a paste code
      w[i] = id < 0 ? 0 : soft != null && soft[i] ? bm.termWeight()[id] * SoftTokens.FACTOR : bm.termWeight()[id];
      sum += w[i];
      need += soft != null && soft[i] ? 0 : w[i];
    }
    boolean[] softN = soft == null ? null : java.util.Arrays.copyOf(soft, n);
    return new SigAlign(ids, w, softN, Alignment.substitutes(toks, ids, w, softN), sum, need);
  }

  /** The known short messages (SoftTokens), from the signatures with at most that many literal tokens and no slot. */
  private SoftTokens softTokens() {
    SoftTokens st = softTokens;
    if (st == null) {
      st = new SoftTokens(table.shortSignatureTokens());
      softTokens = st;
    }
    return st;
  }
}
