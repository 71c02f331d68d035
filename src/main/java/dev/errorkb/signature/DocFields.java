package dev.errorkb.signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which words of an entry's signatures and titles BM25 counts (docs/matching.md §3.4), for
 * {@link DocTerms} and the browser search data alike. Two kinds of words are left out because they
 * are the author's own values rather than the error: an errno text inside a longer signature (C's
 * {@code %m}: "could not open file "x": <em>Permission denied</em>"; {@link SoftTokens}), and the
 * values of a title that is a signature copied again (a pasted path or host name in the title
 * would otherwise match any paste that happens to hold the same value). Such a title is counted as
 * its signature's template, values masked.
 */
public final class DocFields {

  private DocFields() {}

  /**
   * The literal tokens of {@code template} for BM25 (placeholders left out), and which of them are
   * a soft errno text: those count with frequency 0, so that they still count for the word's
   * document frequency (and so for every weight taken from it) but earn this entry nothing.
   */
  public record Words(List<String> words, boolean[] uncounted) {}

  /** {@link Words} of a signature template. */
  public static Words signatureWords(String template, Supplier<Set<String>> prose) {
    List<String> toks = Normalizer.tokenize(template);
    boolean[] soft = SoftTokens.errnoSoft(toks, prose);
    List<String> out = new ArrayList<>(toks.size());
    boolean[] unc = new boolean[toks.size()];
    for (int i = 0; i < toks.size(); i++) {
      String t = toks.get(i);
      if (!t.startsWith("<")) {
        unc[out.size()] = soft != null && soft[i];
        out.add(t);
      }
    }
    return new Words(out, java.util.Arrays.copyOf(unc, out.size()));
  }

  /** Whether a signature template may hold an errno text (its tokens' hashes against the texts' first words): the cheap test before {@link #signatureWords}. */
  static boolean mayHoldErrno(long[] tokenHashes) {
    for (long h : tokenHashes) {
      if (SoftTokens.isErrnoStart(h)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The words BM25 indexes for a title that repeats one of the entry's signatures (equal once
   * folded: the signature's template words) or the first line of a multi-line one (the title
   * masked), or null when the title is the author's own words, indexed as prose.
   */
  public static Words titleWords(IndexEntry e, String title, Supplier<Set<String>> prose) {
    int k = copied(e, title);
    if (k == NONE) {
      return null;
    }
    return k == FIRST_LINE ? signatureWords(Normalizer.mask(Normalizer.fold(title)), prose)
        : signatureWords(e.signatures().get(k).template(), prose);
  }

  /** Whether {@code title} repeats a signature or the first line of one (see {@link #titleWords}). */
  public static boolean copiesSignature(IndexEntry e, String title) {
    return copied(e, title) != NONE;
  }

  private static final int NONE = -1;
  private static final int FIRST_LINE = -2;

  /** The index of the signature {@code title} repeats, {@link #FIRST_LINE} or {@link #NONE}; raw comparisons first, each text folded at most once. */
  private static int copied(IndexEntry e, String title) {
    List<IndexSignature> sigs = e.signatures();
    String t = title.strip();
    for (int i = 0; i < sigs.size(); i++) {
      if (sigs.get(i).text().strip().equals(t)) {
        return i;
      }
    }
    for (IndexSignature s : sigs) {
      int nl = s.text().indexOf('\n');
      if (nl > 0 && s.text().substring(0, nl).strip().equals(t)) {
        return FIRST_LINE;
      }
    }
    String ft = Normalizer.fold(title);
    boolean firstLine = false;
    for (int i = 0; i < sigs.size(); i++) {
      String text = sigs.get(i).text();
      if (Normalizer.fold(text).equals(ft)) {
        return i;
      }
      int nl = text.indexOf('\n');
      firstLine |= nl > 0 && Normalizer.fold(text.substring(0, nl)).equals(ft);
    }
    return firstLine ? FIRST_LINE : NONE;
  }

  /** The entry's prose words (summary, cause, fix, own titles), made once and only when asked for. */
  public static Supplier<Set<String>> prose(IndexEntry e) {
    return new Supplier<>() {
      private Set<String> words;

      @Override
      public Set<String> get() {
        if (words == null) {
          words = SoftTokens.proseTokens(e);
        }
        return words;
      }
    };
  }
}
