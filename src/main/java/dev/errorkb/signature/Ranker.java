package dev.errorkb.signature;

import dev.errorkb.model.Lang;
import dev.errorkb.signature.ErrorIndex.Explained;
import dev.errorkb.signature.ErrorIndex.Kind;
import dev.errorkb.signature.ErrorIndex.Match;
import dev.errorkb.signature.ErrorIndex.MatchOptions;
import dev.errorkb.signature.ExactMatcher.Hit;
import dev.errorkb.signature.SignatureAlignments.SigAlign;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Ranks entries for a pasted error on one scale (docs/matching.md §3): exact evidence from the
 * candidates' regexes, BM25 word evidence, graded signature evidence from the alignment; entries
 * are scored in the order of an upper bound of their score until no bound can make the list, and
 * a result whose evidence lies inside a stronger result's never ranks above it. Its own class
 * because this is all of {@link ErrorIndex#match} and {@link ErrorIndex#explain}, and none of scan.
 * Over 450 lines because pruning is exact only while the bounds, the scores and the heap change
 * together: {@code rank}'s best-first loop and the bound functions beside it are read and kept in
 * step as one unit, with search.js's copy of them (docs/matching.md §3).
 */
final class Ranker {

  /** The results, and per result why it ranks where it does (only when asked). */
  record Ranked(List<Match> matches, List<Explained> explained) {}

  /**
   * The paste as the alignment reads it: term codes, which tokens are value-like, the term ids it
   * has (a replaced signature token is one it lacks), and how many tokens are read.
   */
  private record Paste(int[] codes, boolean[] value, BitSet terms, int m) {
    Alignment.Result align(Alignment aligner, SigAlign sa) {
      return aligner.align(sa.ids(), sa.w(), sa.soft(), Alignment.absentOnly(sa.sub(), sa.ids(), terms), codes, value, m);
    }

    List<Alignment.Step> trace(SigAlign sa) {
      return Alignment.trace(sa.ids(), sa.w(), sa.soft(), Alignment.absentOnly(sa.sub(), sa.ids(), terms), codes, value, m);
    }
  }

  /** One entry's evidence while ranking. */
  private static final class Scored {
    final int entry;
    double score;
    double words;
    double evidence;
    double aligned;
    double coverage;
    int sig = -1;
    boolean exact;
    int start;
    int end;
    Hit hit;

    Scored(int entry) {
      this.entry = entry;
    }

    Kind kind() {
      return exact ? Kind.EXACT : sig >= 0 && coverage >= Ranking.STRONG_COVERAGE ? Kind.STRONG : Kind.RELATED;
    }
  }

  private static final Comparator<Scored> SCORE_ORDER =
      (a, b) -> a.score != b.score ? Double.compare(b.score, a.score) : Integer.compare(a.entry, b.entry);

  private final SignatureTable table;
  private final CandidateFilter filter;
  private final ExactMatcher matcher;
  private final SignatureAlignments aligns;
  private final Bm25.Lazy bm25;
  private final byte[] entryLangs; // bit 0: en, bit 1: ja

  /** @param entryLangs per entry, its languages: bit 0 en, bit 1 ja */
  Ranker(SignatureTable table, CandidateFilter filter, ExactMatcher matcher, SignatureAlignments aligns,
      Bm25.Lazy bm25, byte[] entryLangs) {
    this.table = table;
    this.filter = filter;
    this.matcher = matcher;
    this.aligns = aligns;
    this.bm25 = bm25;
    this.entryLangs = entryLangs;
  }

  Ranked rank(String text, MatchOptions options, boolean explain) {
    List<IndexEntry> entries = table.entries();
    int[] sigEntry = table.sigEntry();
    // Folded only: the alignment masks its own quote-free copy (alignTokens), nothing uses the mask of the text as it is.
    Bm25 bm0 = bm25.get();
    text = GluedWords.split(text, w -> bm0.termIds().get(TokenTable.hash(w), -1) >= 0);
    String folded = Normalizer.fold(text);
    String lang = options.lang().map(Lang::code).orElseGet(() -> LangDetect.detectLang(folded));
    int langBit = lang.equals("ja") ? 2 : 1;

    // Exact evidence: a signature's regex matches (candidates as in §3.2).
    List<String> plain = Normalizer.tokenize(folded);
    long[] hashes = new long[plain.size()];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = TokenTable.hash(plain.get(i));
    }
    BitSet cand = new BitSet(table.size());
    filter.addCandidates(hashes, hashes.length, cand, false, new LongSet(64));
    Map<Integer, Hit> exactHits = new HashMap<>();
    for (int k = cand.nextSetBit(0); k >= 0; k = cand.nextSetBit(k + 1)) {
      Hit h = matcher.tryMatch(k, folded, lang);
      if (h != null) {
        exactHits.put(k, h);
      }
    }

    Bm25 bm = bm25.get();
    // Word evidence: BM25 over every entry sharing a word with the paste.
    float[] acc = new float[entries.size()];
    int distinctWords = 0;
    // Folded, not masked, tokens: as prose is indexed, and a message quoted whole (a JSON log's
    // "msg", a Python tuple) still counts.
    LinkedHashSet<String> words = new LinkedHashSet<>(plain);
    for (String t : words) {
      distinctWords += t.startsWith("<") ? 0 : 1;
    }
    double damp = distinctWords <= Ranking.WORDS_FULL ? 1.0 : Math.sqrt(Ranking.WORDS_FULL / distinctWords);
    for (String t : words) {
      if (t.startsWith("<")) {
        continue;
      }
      addPostings(bm, t, acc, 1f);
    }
    // An errno the paste names only by symbol or number: its strerror text's words it lacks, as
    // word evidence at ERRNO_FACTOR (never signature evidence), after the paste's own words.
    List<String> errnoWords = new ArrayList<>();
    for (String t : ErrnoWords.words(folded, lang)) {
      if (words.contains(t)) {
        continue;
      }
      errnoWords.add(t);
      addPostings(bm, t, acc, Ranking.ERRNO_FACTOR);
    }
    // The paste as term codes for the alignment, and an upper bound of each signature's evidence.
    List<String> toks = alignTokens(folded);
    int m = Math.min(toks.size(), Ranking.MAX_PASTE_TOKENS);
    int[] paste = new int[m];
    boolean[] value = new boolean[m];
    double[] ub = new double[table.size()];
    int[] present = new int[table.size()]; // per signature, its token positions whose word the paste has
    int[] ubSigs = new int[64];
    int nUb = 0;
    BitSet seen = new BitSet();
    BitSet afterValue = new BitSet(); // terms right after a value-like token: where a replaced token can end
    for (int j = 0; j < m; j++) {
      String t = toks.get(j);
      if (t.startsWith("<")) {
        paste[j] = Alignment.PLACEHOLDER;
        value[j] = true;
        continue;
      }
      long h = TokenTable.hash(t);
      int id = bm.termIds().get(h, -1);
      paste[j] = id < 0 ? Alignment.UNKNOWN : id;
      value[j] = Alignment.valueLike(t, paste[j]);
      if (id >= 0 && j > 0 && value[j - 1]) {
        afterValue.set(id);
      }
      if (id >= 0 && !seen.get(id)) {
        seen.set(id);
        int[] post = bm.sigPostings(id);
        double w = bm.termWeight()[id];
        for (int i = 0; i < post.length; i += 2) {
          if (ub[post[i]] == 0) {
            if (nUb == ubSigs.length) {
              ubSigs = java.util.Arrays.copyOf(ubSigs, nUb * 2);
            }
            ubSigs[nUb++] = post[i];
          }
          ub[post[i]] += post[i + 1] * w;
          present[post[i]] += post[i + 1];
        }
      }
    }
    // Per signature, its token positions whose word comes right after a value-like paste token.
    int[] presentAfter = new int[table.size()];
    for (int id = afterValue.nextSetBit(0); id >= 0; id = afterValue.nextSetBit(id + 1)) {
      int[] post = bm.sigPostings(id);
      for (int i = 0; i < post.length; i += 2) {
        presentAfter[post[i]] += post[i + 1];
      }
    }
    Paste pasted = new Paste(paste, value, seen, m);
    int values = 0; // value-like paste tokens: each replaced signature token stands against one
    for (boolean v : value) {
      values += v ? 1 : 0;
    }
    // Per entry: the bound of its score, then entries in bound order until no bound can beat the
    // last result kept.
    int nE = entries.size();
    double[] bound = new double[nE];
    double[] boost = new double[nE];
    boolean[] touched = new boolean[nE];
    for (int d = 0; d < nE; d++) {
      boost[d] = ((entryLangs[d] & langBit) != 0 ? Ranking.LANG_BOOST : 1.0) * damp;
      if (acc[d] != 0f) {
        touched[d] = true;
      }
    }
    // First bounds count every found token but one as possibly followed by a replaced one (cheap);
    // an entry taken from the heap gets its tight bound (replaceBound) and goes back once.
    double[] sigBound = new double[nE];
    for (int i = 0; i < nUb; i++) {
      // Signatures sharing a word with the paste, then those whose regex matched.
      int k = ubSigs[i];
      sigBound[sigEntry[k]] = Math.max(sigBound[sigEntry[k]],
          evidenceBound(k, ub[k], looseReplaceBound(k, present[k], presentAfter[k], values, bm), bm, exactHits.containsKey(k)));
      touched[sigEntry[k]] = true;
    }
    for (int k : exactHits.keySet()) {
      sigBound[sigEntry[k]] = Math.max(sigBound[sigEntry[k]],
          evidenceBound(k, ub[k], looseReplaceBound(k, present[k], presentAfter[k], values, bm), bm, true));
      touched[sigEntry[k]] = true;
    }
    boolean[] tight = new boolean[nE];
    int count = 0;
    int[] order = new int[nE];
    for (int d = 0; d < nE; d++) {
      if (touched[d]) {
        bound[d] = Ranking.LAMBDA * sigBound[d] + acc[d] * boost[d];
        order[count++] = d;
      }
    }
    // Entries in bound order (higher first, then smaller index), taken from a heap: only the few
    // that can still make the list are ever ordered.
    EntryHeap heap = new EntryHeap(order, count, bound);
    int want = options.top() + Ranking.EXTRA;
    List<Scored> kept = new ArrayList<>();
    Alignment aligner = Alignment.LOCAL.get();
    int[] firstSig = table.firstSig();
    while (heap.size() > 0) {
      int d = heap.pop();
      if (kept.size() >= want && bound[d] * (1 + 1e-9) < kept.get(kept.size() - 1).score) {
        break;
      }
      if (!tight[d]) {
        tight[d] = true;
        double sb = 0;
        for (int k = firstSig[d]; k < firstSig[d + 1]; k++) {
          boolean exact = exactHits.containsKey(k);
          if (exact || ub[k] > 0) {
            sb = Math.max(sb, evidenceBound(k, ub[k], replaceBound(k, bm, seen, afterValue, values), bm, exact));
          }
        }
        double b = Ranking.LAMBDA * sb + acc[d] * boost[d];
        if (b < bound[d]) {
          bound[d] = b;
          heap.push(d);
          continue;
        }
      }
      Scored sc = new Scored(d);
      sc.words = acc[d] * boost[d];
      for (int k = firstSig[d]; k < firstSig[d + 1]; k++) {
        Hit hit = exactHits.get(k);
        if (hit == null && ub[k] <= 0) {
          continue;
        }
        SigAlign sa = aligns.get(k, bm);
        Alignment.Result r = pasted.align(aligner, sa);
        double total = sa.total();
        double aligned = hit != null ? Math.max(total, r.score()) : r.score();
        // Coverage is of the tokens that are not soft: soft ones still earn their weight when found.
        double coverage = sa.need() > 0 ? Math.min(1.0, aligned / sa.need()) : 0;
        double e = hit != null ? aligned * Ranking.EXACT : aligned * coverage * coverage;
        boolean better = sc.sig < 0 || e > sc.evidence
            || (e == sc.evidence && hit != null && !sc.exact);
        if (better && (e > 0 || hit != null)) {
          sc.sig = k;
          sc.evidence = e;
          sc.aligned = aligned;
          sc.coverage = coverage;
          sc.exact = hit != null;
          sc.hit = hit;
          sc.start = r.start();
          sc.end = r.end();
        }
      }
      sc.score = Ranking.LAMBDA * sc.evidence + sc.words;
      insert(kept, sc, want);
    }
    specificFirst(kept, bm, pasted);
    List<Match> out = new ArrayList<>();
    List<Explained> ex = new ArrayList<>();
    for (Scored sc : kept) {
      if (out.size() >= options.top()) {
        break;
      }
      IndexEntry e = entries.get(sc.entry);
      Match mt;
      Optional<IndexSignature> best = sc.sig >= 0 ? Optional.of(table.sig(sc.sig)) : Optional.empty();
      if (sc.exact) {
        mt = new Match(sc.score, e, best, Optional.of(sc.hit.span()), sc.hit.slots(), displayLang(e, lang), Kind.EXACT, best, sc.coverage);
      } else {
        mt = new Match(sc.score, e, Optional.empty(), Optional.empty(), List.of(), displayLang(e, lang), sc.kind(), best, sc.coverage);
      }
      out.add(mt);
      if (explain) {
        ex.add(new Explained(mt, sc.words, Ranking.LAMBDA * sc.evidence,
            sc.sig >= 0 ? String.join(" ", toks.subList(Math.min(sc.start, m), Math.min(sc.end, m))) : "",
            sc.sig >= 0 ? describe(sc.sig, bm, pasted, toks) : "", List.copyOf(errnoWords)));
      }
    }
    return new Ranked(out, ex);
  }

  /**
   * The paste's tokens for the alignment: masked, but with quote characters read as spaces first, so
   * that a whole message in quotes (a JSON log's {@code msg="…"}, a Python tuple) keeps its words; a
   * signature's {@code <q>} slot takes a quoted value's words like any other slot.
   */
  static List<String> alignTokens(String folded) {
    StringBuilder b = new StringBuilder(folded.length());
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      b.append(QUOTES.indexOf(c) >= 0 ? ' ' : c);
    }
    return Normalizer.tokenize(Normalizer.mask(b.toString()));
  }

  /** The characters that open or close a quoted value (matching.md §1.2, rule 1). */
  static final String QUOTES = "\"'`\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f";

  /**
   * An upper bound of signature {@code k}'s evidence from its words present in the paste ({@code u},
   * the sum of their full weights), what its replaced tokens can earn ({@code replaced}) and a lower
   * bound of its total weight: aligned weight ≤ u plus what its slots and soft tokens can earn (SLOT
   * each, once on a path) plus {@code replaced}, coverage ≤ that over the total.
   */
  private double evidenceBound(int k, double u, double replaced, Bm25 bm, boolean exact) {
    double up = u + Ranking.SLOT * bm.loose()[k] + replaced; // what slots, soft and replaced tokens can earn
    if (exact) {
      return Math.max(aligns.get(k, bm).total(), up) * Ranking.EXACT;
    }
    double low = bm.lowTotal()[k];
    double c = low > 0 ? Math.min(1.0, up / low) : 1.0;
    return up * c * c;
  }

  /**
   * A cheaper bound of what signature {@code k}'s replaced tokens can earn: each follows a found token
   * or a slot and precedes a found token that comes right after a value-like paste token, so there
   * are at most {@code present - 1} of them ({@code present} with slots), at most {@code after} (its
   * positions whose word follows a value in the paste) and at most {@code values}; each earns at
   * most {@link Ranking#SUB_CAP}.
   */
  private static double looseReplaceBound(int k, int present, int after, int values, Bm25 bm) {
    int n = Math.min(Math.min(values, after), Math.max(0, present - (bm.loose()[k] > 0 ? 0 : 1)));
    return Ranking.SUB_CAP * n;
  }

  /**
   * An upper bound of what signature {@code k}'s replaced tokens can earn against a paste with the
   * terms {@code seen} and {@code values} value-like tokens: a replaced token is a word the paste
   * lacks, after a found word or a slot and before a word that the paste has right after a value-like
   * token (Alignment), so only such literal
   * positions count, each at most its credit, and all together at most {@code values} credits.
   */
  private static double replaceBound(int k, Bm25 bm, BitSet seen, BitSet afterValue, int values) {
    int[] ids = bm.sigIds(k);
    boolean before = bm.loose()[k] > 0; // a slot may stand anywhere before: count every position
    double sum = 0;
    int n = 0;
    for (int i = 0; i + 1 < ids.length; i++) {
      int id = ids[i];
      boolean has = id >= 0 && seen.get(id);
      if (!has && before && id >= 0 && ids[i + 1] >= 0 && afterValue.get(ids[i + 1])) {
        sum += Math.min(Ranking.SUB * bm.termWeight()[id], Ranking.SUB_CAP);
        n++;
      }
      before |= has;
    }
    return n > values ? Math.min(sum, values * Ranking.SUB_CAP) : sum;
  }

  /** Keeps {@code kept} sorted by score (then entry) and at most {@code want} long. */
  private static void insert(List<Scored> kept, Scored sc, int want) {
    int pos = kept.size();
    while (pos > 0 && SCORE_ORDER.compare(sc, kept.get(pos - 1)) < 0) {
      pos--;
    }
    if (pos < want) {
      kept.add(pos, sc);
      if (kept.size() > want) {
        kept.remove(kept.size() - 1);
      }
    }
  }

  /**
   * Specific beats generic: a result whose aligned paste tokens lie inside those of a lower-ranked
   * exact or strong result that aligns more weight ("Permission denied" inside "…docker.sock:
   * connect: permission denied") moves just below it.
   */
  private void specificFirst(List<Scored> kept, Bm25 bm, Paste paste) {
    Map<Scored, List<Alignment.Step>> traces = new HashMap<>();
    for (int guard = 0; guard < kept.size() * kept.size(); guard++) {
      boolean moved = false;
      outer:
      for (int i = 0; i < kept.size(); i++) {
        Scored a = kept.get(i);
        if (a.sig < 0 || a.end <= a.start) {
          continue;
        }
        for (int j = i + 1; j < kept.size(); j++) {
          Scored b = kept.get(j);
          if (b.sig >= 0 && b.kind() != Kind.RELATED && b.start <= a.start && a.end <= b.end
              && (b.start < a.start || a.end < b.end)
              && inside(trace(a, traces, bm, paste), a.start, a.end, a.exact, trace(b, traces, bm, paste))) {
            kept.remove(j);
            kept.add(i, b); // the specific one takes the generic one's place
            moved = true;
            break outer;
          }
        }
      }
      if (!moved) {
        return;
      }
    }
  }

  private List<Alignment.Step> trace(Scored s, Map<Scored, List<Alignment.Step>> memo, Bm25 bm, Paste paste) {
    return memo.computeIfAbsent(s, x -> {
      return paste.trace(aligns.get(x.sig, bm));
    });
  }

  /**
   * Every paste token that {@code a} found is one that {@code b} found, or took in a slot or soft
   * token's place when {@code a} matched exactly (a whole known message standing where {@code b}'s
   * author had a value; a slot or errno text that swallows part of another message is no evidence
   * against that message), and {@code b} found words of its own outside {@code a}'s region (a slot
   * that takes a prompt in front of the error is no evidence).
   */
  private static boolean inside(List<Alignment.Step> a, int aStart, int aEnd, boolean aExact, List<Alignment.Step> b) {
    java.util.Set<Integer> taken = new java.util.HashSet<>();
    boolean own = false;
    for (Alignment.Step s : b) {
      if (s.move() == Alignment.Move.MATCH || (aExact && s.move() != Alignment.Move.MISSING && s.move() != Alignment.Move.GAP)) {
        taken.add(s.pasteIndex());
      }
      if (s.move() == Alignment.Move.MATCH && (s.pasteIndex() < aStart || s.pasteIndex() >= aEnd)) {
        own = true;
      }
    }
    if (!own) {
      return false;
    }
    for (Alignment.Step s : a) {
      if (s.move() == Alignment.Move.MATCH && !taken.contains(s.pasteIndex())) {
        return false;
      }
    }
    return true;
  }

  /** The alignment of signature {@code k} in words: which tokens matched, which were missing. */
  private String describe(int k, Bm25 bm, Paste paste, List<String> toks) {
    List<String> sigToks = Normalizer.tokenize(table.sig(k).template());
    StringBuilder b = new StringBuilder();
    SigAlign sa = aligns.get(k, bm);
    List<Alignment.Step> steps = paste.trace(sa);
    java.util.Set<Integer> found = new java.util.HashSet<>();
    Map<Integer, String> replaced = new HashMap<>();
    int gaps = 0;
    for (Alignment.Step s : steps) {
      if (s.move() == Alignment.Move.MATCH) {
        found.add(s.sigIndex());
      } else if (s.move() == Alignment.Move.REPLACED) {
        replaced.put(s.sigIndex(), toks.get(s.pasteIndex()));
      } else if (s.move() == Alignment.Move.GAP) {
        gaps++;
      }
    }
    for (int i = 0; i < Math.min(sigToks.size(), sa.ids().length); i++) {
      String t = sigToks.get(i);
      if (t.startsWith("<")) {
        b.append(t);
      } else if (found.contains(i)) {
        b.append(t);
      } else if (replaced.containsKey(i)) {
        b.append('[').append(t).append('→').append(replaced.get(i)).append(']');
      } else {
        b.append('[').append(t).append(']');
      }
      b.append(' ');
    }
    return String.format(Locale.ROOT, "%s (%d paste words skipped inside; [missing], [replaced→by])", b.toString().strip(), gaps);
  }

  private static String displayLang(IndexEntry e, String lang) {
    if (e.title().containsKey(lang) || e.title().isEmpty()) {
      return lang;
    }
    return e.title().firstKey();
  }

  /** Adds word {@code t}'s BM25 weight in every entry that has it, times {@code factor}, to {@code acc}. */
  private static void addPostings(Bm25 bm, String t, float[] acc, float factor) {
    int term = bm.termIds().get(TokenTable.hash(t), -1);
    if (term < 0) {
      return;
    }
    int[] docs = bm.docs(term);
    float[] weights = bm.weights(term);
    for (int i = 0; i < docs.length; i++) {
      acc[docs[i]] += weights[i] * factor;
    }
  }
}
