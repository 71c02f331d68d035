package dev.errorkb.signature;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens that select one signature as a candidate for the exact (regex) check (docs/matching.md
 * §3.2), chosen in one place for {@link ErrorIndex} and the browser search data
 * ({@code search.AnchoredSignature}), so that search.js tries exactly the signatures the Java
 * matcher tries. A signature's anchor tokens ({@code TemplateInfo}: words of the literal pieces,
 * without CJK unigrams and without a word glued to a placeholder) are sorted rarest first (fewest
 * signatures having them), longer first on a tie, then in string order; the first {@value
 * Ranking#MAX_REQ} are required (a paste may miss one of them when there are at least three, as a
 * lost line break can glue two words), and the first one, plus the second when at most {@value
 * Ranking#SECOND_KEY_MAX_DF} signatures have it, are keys: a signature is tried only when a key is
 * among the text's tokens.
 *
 * @param keys tokens under which the signature is filed (empty: always tried, e.g. explicit patterns)
 * @param required tokens the text must have, all or all but one; rarest first
 * @param literalChars the template's literal characters (among hits, the longer literal wins)
 */
public record CandidateKeys(List<String> keys, List<String> required, int literalChars) {

  public CandidateKeys {
    keys = List.copyOf(keys);
    required = List.copyOf(required);
  }

  /** Every signature of {@code entries}, in entry then signature order. */
  public static List<CandidateKeys> of(List<IndexEntry> entries) {
    List<IndexSignature> list = entries.stream().flatMap(e -> e.signatures().stream()).toList();
    IndexSignature[] sigs = list.toArray(new IndexSignature[0]);
    TemplateInfo.Keys[] keys = list.parallelStream().map(s -> TemplateInfo.keys(s.template()))
        .toArray(TemplateInfo.Keys[]::new);
    int[] literal = list.parallelStream().mapToInt(s -> TemplateInfo.of(s.template()).literalChars()).toArray();
    Picked p = pick(sigs, keys);
    List<CandidateKeys> out = new ArrayList<>(sigs.length);
    for (int k = 0; k < sigs.length; k++) {
      String[] req = p.requiredTokens()[k];
      out.add(new CandidateKeys(List.of(req).subList(0, p.keyCount()[k]), List.of(req), literal[k]));
    }
    return out;
  }

  /**
   * The choice for every signature of an index, as arrays.
   *
   * @param required per signature, the hashes of its required tokens, rarest first
   * @param requiredTokens the same tokens as text
   * @param keyCount per signature, how many of its required tokens are keys: the first ones (the
   *     tokens are sorted rarest first, so a key never follows a token that is not one)
   * @param anchorDf signatures per anchor token hash (explicit patterns not counted)
   */
  record Picked(long[][] required, String[][] requiredTokens, int[] keyCount, LongIntMap anchorDf) {}

  /** The choice for {@code sigs}, whose template keys are {@code keys}. */
  static Picked pick(IndexSignature[] sigs, TemplateInfo.Keys[] keys) {
    int n = sigs.length;
    LongIntMap df = new LongIntMap(n * 4);
    for (int k = 0; k < n; k++) {
      if (!sigs[k].anchors().isEmpty()) {
        for (long h : keys[k].anchorHashes()) {
          df.add(h, 1);
        }
      }
    }
    long[][] sigReq = new long[n][];
    String[][] reqTokens = new String[n][];
    int[] keyCount = new int[n];
    for (int k = 0; k < n; k++) {
      String[] cands = sigs[k].anchors().isEmpty() ? new String[0] : keys[k].anchorTokens();
      if (cands.length == 0) {
        sigReq[k] = new long[0];
        reqTokens[k] = new String[0];
        continue;
      }
      // The MAX_REQ rarest tokens, rarest first; among equally rare, longer first, then by text.
      String[] pick = new String[Math.min(Ranking.MAX_REQ, cands.length)];
      long[] pickHash = new long[pick.length];
      int[] pickDf = new int[pick.length];
      int picked = 0;
      long[] hashes = keys[k].anchorHashes();
      for (int ci = 0; ci < hashes.length; ci++) {
        String t = cands[ci];
        long h = hashes[ci];
        int f = df.get(h, 0);
        int pos = picked;
        while (pos > 0 && rarer(f, t, pickDf[pos - 1], pick[pos - 1])) {
          pos--;
        }
        if (pos >= pick.length) {
          continue;
        }
        int last = Math.min(picked, pick.length - 1);
        for (int j = last; j > pos; j--) {
          pick[j] = pick[j - 1];
          pickHash[j] = pickHash[j - 1];
          pickDf[j] = pickDf[j - 1];
        }
        pick[pos] = t;
        pickHash[pos] = h;
        pickDf[pos] = f;
        picked = Math.min(picked + 1, pick.length);
      }
      sigReq[k] = pickHash;
      reqTokens[k] = pick;
      // The rarest token is the key; the second rarest too when it is rare enough not to flood the
      // key's list, so that one glued word does not hide the signature.
      for (int i = 0; i < Math.min(Ranking.MAX_KEYS, pick.length); i++) {
        if (i == 0 || pickDf[i] <= Ranking.SECOND_KEY_MAX_DF) {
          keyCount[k]++;
        }
      }
    }
    return new Picked(sigReq, reqTokens, keyCount, df);
  }

  private static boolean rarer(int df, String t, int otherDf, String other) {
    if (df != otherDf) {
      return df < otherDf;
    }
    if (t.length() != other.length()) {
      return t.length() > other.length();
    }
    return t.compareTo(other) < 0;
  }
}
