package dev.errorkb.search;

import dev.errorkb.signature.CandidateKeys;
import dev.errorkb.signature.IndexEntry;
import dev.errorkb.signature.IndexSignature;
import java.util.ArrayList;
import java.util.List;

/**
 * A signature as the browser needs it: owner entry, regex, literal size, and the tokens that select
 * it as a candidate, chosen by {@link CandidateKeys} as {@code ErrorIndex} chooses them
 * (docs/matching.md §3.2): a signature is tried only when a key is among the paste's tokens, and
 * the paste must have its required tokens, all or all but one.
 *
 * @param keys tokens under which the signature is filed (empty: always tried, e.g. explicit patterns)
 * @param required tokens the paste must have, all or all but one
 */
record AnchoredSignature(int entry, int ordinal, IndexSignature signature, int literalChars, List<String> keys,
    List<String> required) {

  /**
   * {@code [entry index, ordinal in the entry, lang, regex, literal chars, required tokens]} for the
   * data files. An author's explicit pattern (no anchors) is sent only when it is proven linear in
   * a backtracking engine ({@link BrowserRegexSafety}); else it is sent empty: the browser's engine
   * could hang on it (RE2 does not), so the browser finds that entry by its words only. Derived
   * regexes are errorkb's own, unambiguous by construction.
   */
  List<Object> record() {
    boolean explicit = signature.anchors().isEmpty();
    String regex = explicit && !BrowserRegexSafety.linear(signature.regex()) ? "" : signature.regex();
    return List.of(entry, ordinal, signature.lang(), regex, literalChars, required);
  }

  /** Every signature of {@code entries}, in entry then signature order, with its keys. */
  static List<AnchoredSignature> of(List<IndexEntry> entries) {
    List<CandidateKeys> keys = CandidateKeys.of(entries);
    List<AnchoredSignature> out = new ArrayList<>(keys.size());
    for (int e = 0, k = 0; e < entries.size(); e++) {
      List<IndexSignature> list = entries.get(e).signatures();
      for (int i = 0; i < list.size(); i++, k++) {
        CandidateKeys c = keys.get(k);
        out.add(new AnchoredSignature(e, i, list.get(i), c.literalChars(), c.keys(), c.required()));
      }
    }
    return out;
  }
}
