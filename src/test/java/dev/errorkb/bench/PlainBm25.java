package dev.errorkb.bench;

import dev.errorkb.model.Doc;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.SectionKind;
import dev.errorkb.model.Signature;
import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The issue-11 baseline: one field per entry (title + summary + cause + fix + signature texts, every
 * language), no masking, lower-cased words split at anything not a letter or digit (Han/kana runs:
 * character bigrams), BM25 with k1 = 1.2, b = 0.75, idf = ln(1 + (N − df + 0.5)/(df + 0.5)), each
 * query token counted once, ties to the smaller entry id.
 */
final class PlainBm25 {
  private final List<String> ids = new ArrayList<>();
  private final List<Map<String, Integer>> tf = new ArrayList<>();
  private final List<Integer> len = new ArrayList<>();
  private final Map<String, Integer> df = new HashMap<>();
  private final double avgLen;

  /** {@code plainText} turns the Markdown of summary, cause and fix into text (identity: raw Markdown). */
  PlainBm25(KnowledgeBase kb, UnaryOperator<String> plainText) {
    for (Entry e : kb.entries().stream().sorted(Comparator.comparing(Entry::id)).toList()) {
      StringBuilder b = new StringBuilder();
      for (Doc d : e.docs().values()) {
        b.append(d.title()).append('\n').append(plainText.apply(d.summary())).append('\n');
        for (SectionKind k : List.of(SectionKind.CAUSE, SectionKind.FIX)) {
          d.section(k).ifPresent(s -> b.append(plainText.apply(s.markdown())).append('\n'));
        }
      }
      e.signatures().stream().map(Signature::text).forEach(t -> b.append(t).append('\n'));
      Map<String, Integer> f = new HashMap<>();
      List<String> toks = tokens(b.toString());
      toks.forEach(t -> f.merge(t, 1, Integer::sum));
      f.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
      ids.add(e.id());
      tf.add(f);
      len.add(toks.size());
    }
    avgLen = len.stream().mapToInt(Integer::intValue).average().orElse(1);
  }

  /** The ids of the {@code k} best-scoring entries (score > 0). */
  List<String> top(String query, int k) {
    int n = ids.size();
    double[] score = new double[n];
    for (String t : new LinkedHashSet<>(tokens(query))) {
      Integer d = df.get(t);
      if (d == null) {
        continue;
      }
      double idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      for (int i = 0; i < n; i++) {
        Integer f = tf.get(i).get(t);
        if (f != null) {
          score[i] += idf * f * 2.2 / (f + 1.2 * (1 - 0.75 + 0.75 * len.get(i) / avgLen));
        }
      }
    }
    return IntStream.range(0, n).filter(i -> score[i] > 0).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -score[i]).thenComparing(ids::get))
        .limit(k).map(ids::get).toList();
  }

  /** Lower-cased runs of letters and digits; a run of Han/Hiragana/Katakana gives its character bigrams. */
  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    int[] cps = text.toLowerCase(Locale.ROOT).codePoints().toArray();
    for (int i = 0; i < cps.length; ) {
      boolean cjk = cjk(cps[i]);
      int j = i;
      while (j < cps.length && Character.isLetterOrDigit(cps[j]) && cjk(cps[j]) == cjk) {
        j++;
      }
      if (j == i) {
        i++;
        continue;
      }
      if (!cjk || j - i == 1) {
        out.add(new String(cps, i, j - i));
      } else {
        for (int p = i; p + 1 < j; p++) {
          out.add(new String(cps, p, 2));
        }
      }
      i = j;
    }
    return out;
  }

  private static boolean cjk(int cp) {
    UnicodeScript s = UnicodeScript.of(cp);
    return s == UnicodeScript.HAN || s == UnicodeScript.HIRAGANA || s == UnicodeScript.KATAKANA || cp == 0x30FC;
  }
}
