package dev.errorkb.signature;

import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Problem;
import dev.errorkb.model.Signature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The signature rules of {@code errorkb check}: every signature compiles and is specific enough,
 * two entries do not share a template, and every example finds its own entry first ("signatures
 * are tested like code").
 */
public final class SignatureChecks {

  private SignatureChecks() {}

  /**
   * All signature problems of {@code kb}, matching examples against {@code index}, an index of the
   * document already built from it (the build builds the document once for errors.json, search
   * data and these checks, and the index once for these checks and errors.idx); it is asked for
   * only when some signature has examples.
   */
  public static List<Problem> check(KnowledgeBase kb, java.util.function.Supplier<ErrorIndex> index) {
    return check(kb, index, null);
  }

  /** The same, with each signature's compile results taken from {@code done} where it has them all. */
  public static List<Problem> check(KnowledgeBase kb, java.util.function.Supplier<ErrorIndex> index, Compilations done) {
    List<Problem> problems = new ArrayList<>();
    Map<String, String> templateOwner = new HashMap<>();
    // Each signature compiled once for both rules (a cold 10,000-entry build spent 5 % of its CPU
    // compiling them twice here), entries in parallel, results in entry order.
    // Only what the rules read is kept (a whole Result per signature held regexes and anchors of
    // 20,000 signatures while the search data was at its peak: +40 MB resident at 10,000 entries).
    List<List<Compiled>> compiled = done == null ? null : done.all();
    if (compiled == null) {
      compiled = kb.entries().parallelStream()
          .map(e -> e.signatures().stream().map(s -> Compiled.of(SignatureCompiler.compile(e.id(), s))).toList()).toList();
    }
    int ei = 0;
    for (Entry e : kb.entries()) {
      List<Compiled> results = compiled.get(ei++);
      int si = 0;
      for (Signature s : e.signatures()) {
        Compiled r = results.get(si++);
        problems.addAll(r.problems());
        if (r.anchoredTemplate() != null) {
          String other = templateOwner.putIfAbsent(r.anchoredTemplate(), e.id());
          if (other != null && !other.equals(e.id())) {
            problems.add(
                Problem.warning(
                    s.pos(),
                    "signature-duplicate",
                    "entry '" + other + "' has a signature with the same template '"
                        + r.anchoredTemplate() + "'; a paste cannot tell the two apart"));
          }
        }
      }
    }
    problems.addAll(inside(kb, compiled));
    if (kb.entries().stream().allMatch(e -> e.signatures().stream().allMatch(s -> s.examples().isEmpty()))) {
      return problems;
    }
    ErrorIndex matching = index.get();
    for (Entry e : kb.entries()) {
      for (Signature s : e.signatures()) {
        int n = 0;
        for (String example : s.examples()) {
          n++;
          List<ErrorIndex.Match> top = matching.match(example, new ErrorIndex.MatchOptions(java.util.Optional.empty(), 1));
          if (top.isEmpty()) {
            problems.add(
                Problem.error(
                    s.pos(), "signature-example", "example " + n + " of this signature finds no entry"));
          } else if (!top.get(0).entry().id().equals(e.id())) {
            ErrorIndex.Match m = top.get(0);
            problems.add(
                Problem.error(
                    s.pos(),
                    "signature-example",
                    "example " + n + " of this signature finds '" + m.entry().id() + "' first"
                        + m.signature().map(x -> " (its signature '" + x.template() + "' matched)").orElse("")
                        + ", not this entry; make the signature more specific or fix the example"));
          }
        }
      }
    }
    return problems;
  }

  /** Whether {@code part} occurs in {@code whole} as a run of consecutive elements. */
  private static boolean contains(int[] whole, int[] part) {
    outer:
    for (int i = 0; i + part.length <= whole.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (whole[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** Other entries named in a {@code signature-inside} warning at most. */
  private static final int NAMED = 3;

  /** What the rules need of a compiled signature: its problems, and its template if it has anchors (else null). */
  public record Compiled(List<Problem> problems, String anchoredTemplate) {
    public Compiled {
      problems = List.copyOf(problems);
    }

    static Compiled of(SignatureCompiler.Result r) {
      return new Compiled(r.problems(),
          r.signature().filter(c -> !c.anchors().isEmpty()).map(IndexSignature::template).orElse(null));
    }
  }

  /**
   * What {@link ErrorIndexWriter#build(KnowledgeBase, java.util.function.UnaryOperator, String, Compilations)}
   * learnt compiling each entry's signatures, kept for {@link #check(KnowledgeBase, java.util.function.Supplier, Compilations)}:
   * a build compiles every signature once for both (it compiled them twice; 4 % of a one-edit
   * rebuild's CPU at 10,000 entries). Entries in the knowledge base's order.
   */
  public static final class Compilations {
    private final java.util.concurrent.atomic.AtomicReferenceArray<List<Compiled>> byEntry;

    public Compilations(KnowledgeBase kb) {
      this.byEntry = new java.util.concurrent.atomic.AtomicReferenceArray<>(kb.entries().size());
    }

    void put(int entry, List<Compiled> compiled) {
      byEntry.set(entry, List.copyOf(compiled));
    }

    /** Every entry's results, or null if one is missing (then the checks compile for themselves). */
    List<List<Compiled>> all() {
      List<List<Compiled>> out = new ArrayList<>(byEntry.length());
      for (int i = 0; i < byEntry.length(); i++) {
        List<Compiled> c = byEntry.get(i);
        if (c == null) {
          return null;
        }
        out.add(c);
      }
      return out;
    }
  }

  /**
   * {@code signature-inside} (a warning): a signature whose template's tokens occur, in a row, inside
   * another entry's signature. A paste of the longer error contains the shorter one, and the longer
   * entry wins (docs/matching.md §3, "specific beats generic"): the shorter one ranks first only when
   * no longer one matches. Right for a generic entry ("Permission denied"); a surprise otherwise.
   */
  static List<Problem> inside(KnowledgeBase kb, List<List<Compiled>> compiled) {
    // Tokens as numbers and entries by position: the containment test below compares int arrays
    // (comparing token strings and entry ids was 7 % of a one-edit rebuild's CPU at 10,000 entries).
    record Sig(int entry, Signature source, int[] tokens, boolean[] literal) {}
    List<Sig> all = new ArrayList<>();
    List<String> entryIds = new ArrayList<>();
    Map<String, Integer> ids = new HashMap<>();
    List<List<Integer>> byToken = new ArrayList<>();
    int ei = 0;
    for (Entry e : kb.entries()) {
      List<Compiled> results = compiled.get(ei);
      entryIds.add(e.id());
      int si = 0;
      for (Signature s : e.signatures()) {
        Compiled r = results.get(si++);
        if (r.anchoredTemplate() == null) {
          continue;
        }
        List<String> toks = Normalizer.tokenize(r.anchoredTemplate());
        int[] t = new int[toks.size()];
        boolean[] literal = new boolean[toks.size()];
        int idx = all.size();
        for (int i = 0; i < t.length; i++) {
          String tok = toks.get(i);
          Integer id = ids.get(tok);
          if (id == null) {
            id = ids.size();
            ids.put(tok, id);
            byToken.add(new ArrayList<>());
          }
          t[i] = id;
          literal[i] = !tok.startsWith("<");
          List<Integer> holding = byToken.get(id);
          if (holding.isEmpty() || holding.get(holding.size() - 1) != idx) { // each signature once per token
            holding.add(idx);
          }
        }
        all.add(new Sig(ei, s, t, literal));
      }
      ei++;
    }
    List<Problem> out = new ArrayList<>();
    for (Sig a : all) {
      // The signatures sharing a's rarest literal token are the only ones that can hold it.
      int rarest = -1;
      for (int i = 0; i < a.tokens().length; i++) {
        int t = a.tokens()[i];
        if (a.literal()[i] && (rarest < 0 || byToken.get(t).size() < byToken.get(rarest).size())) {
          rarest = t;
        }
      }
      if (rarest < 0) {
        continue;
      }
      java.util.TreeSet<String> holders = new java.util.TreeSet<>();
      for (int bi : byToken.get(rarest)) {
        Sig b = all.get(bi);
        if (b.tokens().length > a.tokens().length && contains(b.tokens(), a.tokens())
            && !entryIds.get(b.entry()).equals(entryIds.get(a.entry()))) {
          holders.add(entryIds.get(b.entry()));
        }
      }
      if (!holders.isEmpty()) {
        List<String> named = new ArrayList<>(holders).subList(0, Math.min(NAMED, holders.size()));
        out.add(Problem.warning(a.source().pos(), "signature-inside",
            "this signature lies inside " + (holders.size() == 1 ? "the signature of" : "signatures of " + holders.size()
                + " other entries, e.g.") + " '" + String.join("', '", named) + "'; a paste of "
                + (holders.size() == 1 ? "that error" : "those errors") + " finds " + (holders.size() == 1 ? "it" : "them")
                + " first, and this entry only when none matches (fine for a generic entry)"));
      }
    }
    return out;
  }
}
