package dev.errorkb.signature;

import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Problem;
import dev.errorkb.model.Signature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The signature rules of {@code errorkb check}: every signature compiles and is specific enough,
 * two entries do not share a template, and every example finds its own entry first ("signatures
 * are tested like code").
 */
public final class SignatureChecks {

  private SignatureChecks() {}

  /** {@link #check(KnowledgeBase, UnaryOperator)} with bodies indexed as raw Markdown. */
  public static List<Problem> check(KnowledgeBase kb) {
    return check(kb, UnaryOperator.identity());
  }

  /**
   * All signature problems of {@code kb}, located at the signatures in entry.yaml.
   *
   * @param plainText Markdown to plain text, as used for errors.json (affects ranking of bodies)
   */
  public static List<Problem> check(KnowledgeBase kb, UnaryOperator<String> plainText) {
    return check(kb, ErrorIndexWriter.build(kb, plainText, "errorkb check"));
  }

  /**
   * All signature problems of {@code kb}, matching examples against an index already built from
   * it (the build builds the index once for errors.json, search data and these checks).
   */
  public static List<Problem> check(KnowledgeBase kb, IndexDocument built) {
    List<Problem> problems = new ArrayList<>();
    Map<String, String> templateOwner = new HashMap<>();
    for (Entry e : kb.entries()) {
      for (Signature s : e.signatures()) {
        SignatureCompiler.Result r = SignatureCompiler.compile(e.id(), s);
        problems.addAll(r.problems());
        r.signature()
            .filter(c -> !c.anchors().isEmpty())
            .ifPresent(
                c -> {
                  String other = templateOwner.putIfAbsent(c.template(), e.id());
                  if (other != null && !other.equals(e.id())) {
                    problems.add(
                        Problem.warning(
                            s.pos(),
                            "signature-duplicate",
                            "entry '" + other + "' has a signature with the same template '"
                                + c.template() + "'; a paste cannot tell the two apart"));
                  }
                });
      }
    }
    if (kb.entries().stream().allMatch(e -> e.signatures().stream().allMatch(s -> s.examples().isEmpty()))) {
      return problems;
    }
    ErrorIndex index = ErrorIndex.of(built);
    for (Entry e : kb.entries()) {
      for (Signature s : e.signatures()) {
        int n = 0;
        for (String example : s.examples()) {
          n++;
          List<ErrorIndex.Match> top = index.match(example, new ErrorIndex.MatchOptions(java.util.Optional.empty(), 1));
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
}
