package dev.errorkb.search;

import dev.errorkb.signature.IndexEntry;
import dev.errorkb.signature.IndexSignature;
import dev.errorkb.signature.Normalizer;
import dev.errorkb.signature.Placeholder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A signature as the browser needs it: owner entry, regex, ranking facts (literal characters, slot
 * count) and its anchor token, chosen as {@code ErrorIndex} chooses it (docs/matching.md §3.2: the
 * rarest candidate token across all signatures, the longer one on a tie, the first one after that).
 * The candidate tokens follow {@code TemplateInfo}: words of the literal pieces, without CJK
 * unigrams and without a word glued to a placeholder.
 */
record AnchoredSignature(int entry, int ordinal, IndexSignature signature, int literalChars, int slots,
    Optional<String> anchorToken) {

  /** {@code [entry index, ordinal in the entry, lang, regex, literal chars, slots]} for the data files. */
  List<Object> record() {
    return List.of(entry, ordinal, signature.lang(), signature.regex(), literalChars, slots);
  }

  /** Every signature of {@code entries}, in entry then signature order, with its anchor token. */
  static List<AnchoredSignature> of(List<IndexEntry> entries) {
    List<int[]> owners = new ArrayList<>();
    List<IndexSignature> sigs = new ArrayList<>();
    List<Facts> facts = new ArrayList<>();
    Map<String, Integer> df = new HashMap<>();
    for (int e = 0; e < entries.size(); e++) {
      List<IndexSignature> list = entries.get(e).signatures();
      for (int k = 0; k < list.size(); k++) {
        IndexSignature s = list.get(k);
        Facts f = Facts.of(s.template());
        owners.add(new int[] {e, k});
        sigs.add(s);
        facts.add(f);
        if (!s.anchors().isEmpty()) {
          f.candidates().forEach(t -> df.merge(t, 1, Integer::sum));
        }
      }
    }
    List<AnchoredSignature> out = new ArrayList<>(sigs.size());
    for (int k = 0; k < sigs.size(); k++) {
      Facts f = facts.get(k);
      String best = null;
      if (!sigs.get(k).anchors().isEmpty()) {
        for (String t : f.candidates()) {
          if (best == null || df.get(t) < df.get(best)
              || (df.get(t).equals(df.get(best)) && t.length() > best.length())) {
            best = t;
          }
        }
      }
      out.add(new AnchoredSignature(owners.get(k)[0], owners.get(k)[1], sigs.get(k), f.literalChars(), f.slots(),
          Optional.ofNullable(best)));
    }
    return out;
  }

  /** Literal size, slot count and anchor candidates of one template. */
  private record Facts(int literalChars, int slots, List<String> candidates) {
    static Facts of(String template) {
      List<String> candidates = new ArrayList<>();
      int literal = 0;
      int slots = 0;
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
            slots++;
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
      return new Facts(literal, slots, candidates);
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
