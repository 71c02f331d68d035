package dev.errorkb.search;

import dev.errorkb.signature.IndexEntry;
import dev.errorkb.signature.IndexSignature;
import dev.errorkb.signature.Normalizer;
import dev.errorkb.signature.Placeholder;
import dev.errorkb.signature.RegexGuard;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A signature as the browser needs it: owner entry, regex, literal size, and the tokens that select
 * it as a candidate, chosen as {@code ErrorIndex} chooses them (docs/matching.md §3.2): its anchor
 * candidates sorted rarest first (fewest signatures having them), longer first on a tie, then in
 * string order; the first {@value #MAX_REQ} are required (a paste may miss one of them when there
 * are at least three, as a lost line break can glue two words), and the first one, plus the second
 * when at most {@value #SECOND_KEY_MAX_DF} signatures have it, are keys: a signature is tried only
 * when a key is among the paste's tokens. The candidates follow {@code TemplateInfo}: words of the
 * literal pieces, without CJK unigrams and without a word glued to a placeholder.
 *
 * @param keys tokens under which the signature is filed (empty: always tried, e.g. explicit patterns)
 * @param required tokens the paste must have, all or all but one
 */
record AnchoredSignature(int entry, int ordinal, IndexSignature signature, int literalChars, List<String> keys,
    List<String> required) {

  static final int MAX_KEYS = dev.errorkb.signature.Ranking.MAX_KEYS;
  static final int MAX_REQ = dev.errorkb.signature.Ranking.MAX_REQ;
  static final int SECOND_KEY_MAX_DF = dev.errorkb.signature.Ranking.SECOND_KEY_MAX_DF;

  /**
   * {@code [entry index, ordinal in the entry, lang, regex, literal chars, required tokens]} for the
   * data files. An author's explicit pattern (no anchors) that nests unbounded repetitions is sent
   * empty: the browser's backtracking engine could hang on it (RE2 does not), so the browser finds
   * that entry by its words only. Derived regexes are errorkb's own, unambiguous by construction.
   */
  List<Object> record() {
    boolean explicit = signature.anchors().isEmpty();
    String regex = explicit && RegexGuard.nestedUnboundedRepeat(signature.regex()) ? "" : signature.regex();
    return List.of(entry, ordinal, signature.lang(), regex, literalChars, required);
  }

  /** Every signature of {@code entries}, in entry then signature order, with its keys. */
  static List<AnchoredSignature> of(List<IndexEntry> entries) {
    List<int[]> owners = new ArrayList<>();
    List<IndexSignature> sigs = new ArrayList<>();
    for (int e = 0; e < entries.size(); e++) {
      List<IndexSignature> list = entries.get(e).signatures();
      for (int k = 0; k < list.size(); k++) {
        owners.add(new int[] {e, k});
        sigs.add(list.get(k));
      }
    }
    List<Facts> facts = sigs.parallelStream().map(s -> Facts.of(s.template())).toList();
    Map<String, Integer> df = new HashMap<>();
    for (int k = 0; k < sigs.size(); k++) {
      if (!sigs.get(k).anchors().isEmpty()) {
        facts.get(k).candidates().forEach(t -> df.merge(t, 1, Integer::sum));
      }
    }
    Comparator<String> rarestFirst =
        Comparator.<String>comparingInt(df::get).thenComparing(t -> -t.length()).thenComparing(t -> t);
    List<AnchoredSignature> out = new ArrayList<>(sigs.size());
    for (int k = 0; k < sigs.size(); k++) {
      Facts f = facts.get(k);
      List<String> cands = new ArrayList<>(sigs.get(k).anchors().isEmpty() ? List.of() : f.candidates());
      cands.sort(rarestFirst);
      List<String> req = List.copyOf(cands.subList(0, Math.min(MAX_REQ, cands.size())));
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < Math.min(MAX_KEYS, req.size()); i++) {
        if (i == 0 || df.get(req.get(i)) <= SECOND_KEY_MAX_DF) {
          keys.add(req.get(i));
        }
      }
      out.add(new AnchoredSignature(owners.get(k)[0], owners.get(k)[1], sigs.get(k), f.literalChars(),
          List.copyOf(keys), req));
    }
    return out;
  }

  /** Literal size and anchor candidates of one template. */
  private record Facts(int literalChars, List<String> candidates) {
    static Facts of(String template) {
      List<String> candidates = new ArrayList<>();
      int literal = 0;
      StringBuilder piece = new StringBuilder();
      boolean gluedLeft = false;
      int n = template.length();
      int i = 0;
      while (i <= n) {
        Optional<Placeholder> p = i < n ? Placeholder.at(template, i) : Optional.empty();
        if (i == n || p.isPresent() || template.charAt(i) == ' ') {
          if (piece.length() > 0) {
            addCandidates(piece.toString(), gluedLeft, p.isPresent(), candidates);
            piece.setLength(0);
          }
          gluedLeft = p.isPresent();
          if (p.isPresent()) {
            i += p.get().token().length();
          } else {
            i++;
          }
          continue;
        }
        piece.append(template.charAt(i));
        literal++;
        i++;
      }
      return new Facts(literal, candidates);
    }

    private static void addCandidates(String piece, boolean gluedLeft, boolean gluedRight, List<String> out) {
      List<String> tokens = Normalizer.tokenize(piece);
      int from = 0;
      int to = tokens.size();
      // A word touching a slot may be glued to the slot's value in a real text ("file12").
      if (gluedLeft && to > 0 && isLatinWord(piece.codePointAt(0))) {
        from++;
      }
      if (gluedRight && to > from && isLatinWord(piece.codePointBefore(piece.length()))) {
        to--;
      }
      for (String t : tokens.subList(from, to)) {
        boolean cjkUnigram = t.codePointCount(0, t.length()) == 1 && isCjk(t.codePointAt(0));
        if (!cjkUnigram && !out.contains(t)) {
          out.add(t);
        }
      }
    }

    private static boolean isLatinWord(int cp) {
      List<String> t = Normalizer.tokenize(new String(Character.toChars(cp)));
      return !t.isEmpty() && !isCjk(cp);
    }

    private static boolean isCjk(int cp) {
      if (cp < 0x2e80) {
        return false;
      }
      if (cp == 0x30fc) {
        return true;
      }
      Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
      return sc == Character.UnicodeScript.HAN || sc == Character.UnicodeScript.HIRAGANA
          || sc == Character.UnicodeScript.KATAKANA;
    }
  }
}
