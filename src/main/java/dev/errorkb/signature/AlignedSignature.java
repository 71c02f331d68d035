package dev.errorkb.signature;

import java.util.ArrayList;
import java.util.List;

/**
 * What the alignment (docs/matching.md §3.3) reads of one signature: its template's tokens,
 * placeholders included, cut at {@link Ranking#MAX_SIG_TOKENS}, and which of them are soft
 * ({@link SoftTokens}). One derivation for {@link ErrorIndex} and the browser search data, so that
 * search.js aligns exactly the same tokens.
 *
 * @param soft per token, or null when no token is soft
 * @param maybeSoft per token, whether it is a word that a soft token can be (an errno text's or a
 *     short signature's): what a lower bound of the signature's weight must count as soft
 * @param cut whether the template had more tokens than the alignment reads
 */
public record AlignedSignature(List<String> tokens, boolean[] soft, boolean[] maybeSoft, boolean cut) {

  /** Every signature of {@code entries}, in entry then signature order. */
  public static List<AlignedSignature> of(List<IndexEntry> entries) {
    List<List<String>> all = new ArrayList<>();
    List<IndexEntry> owner = new ArrayList<>();
    for (IndexEntry e : entries) {
      for (IndexSignature s : e.signatures()) {
        all.add(Normalizer.tokenize(s.template()));
        owner.add(e);
      }
    }
    SoftTokens soft = new SoftTokens(all);
    java.util.Set<String> candidates = new java.util.HashSet<>(SoftTokens.errnoTokens());
    for (List<String> t : all) {
      if (t.size() <= SoftTokens.MAX_KNOWN_TOKENS && t.stream().noneMatch(x -> x.startsWith("<"))) {
        candidates.addAll(t);
      }
    }
    List<AlignedSignature> out = new ArrayList<>(all.size());
    for (int k = 0; k < all.size(); k++) {
      List<String> toks = all.get(k);
      IndexEntry own = owner.get(k);
      boolean[] s = soft.soft(toks, () -> SoftTokens.proseTokens(own));
      int n = Math.min(toks.size(), Ranking.MAX_SIG_TOKENS);
      boolean[] maybe = new boolean[n];
      for (int i = 0; i < n; i++) {
        maybe[i] = candidates.contains(toks.get(i));
      }
      out.add(new AlignedSignature(List.copyOf(toks.subList(0, n)), s == null ? null : java.util.Arrays.copyOf(s, n),
          maybe, toks.size() > n));
    }
    return out;
  }

  /** Whether token {@code i} is soft. */
  public boolean isSoft(int i) {
    return soft != null && soft[i];
  }
}
