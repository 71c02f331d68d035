package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The signature rules that span entries: {@code signature-inside} (a signature whose tokens occur
 * in a row inside another entry's signature: specific beats generic, so an author learns that the
 * shorter one ranks first only when the longer ones do not match) and {@code signature-duplicate};
 * and the same problems whether the checks compile the signatures or take the index build's results.
 */
class SignatureChecksTest {
  private static KnowledgeBase kb() {
    return new TestKb()
        .entry("generic-permission-denied").sig(Lang.EN, "Permission denied").doc(Lang.EN, "Permission denied", "s", "c", "f").add()
        .entry("docker-socket").sig(Lang.EN, "dial unix /var/run/docker.sock: connect: permission denied")
        .doc(Lang.EN, "Docker socket", "s", "c", "f").add()
        .entry("ssh-publickey").sig(Lang.EN, "git@github.com: Permission denied (publickey).")
        .doc(Lang.EN, "SSH key", "s", "c", "f").add()
        // The same words, not in a row: not inside.
        .entry("denied-then-permission").sig(Lang.EN, "access denied: no permission to write the cache")
        .doc(Lang.EN, "Cache", "s", "c", "f").add()
        // An entry's own longer signature does not make its shorter one "inside".
        .entry("quota").sig(Lang.EN, "disk quota exceeded").sig(Lang.EN, "write failed: disk quota exceeded for user")
        .doc(Lang.EN, "Quota", "s", "c", "f").add()
        .entry("quota-copy").sig(Lang.EN, "Disk quota exceeded").doc(Lang.EN, "Quota again", "s", "c", "f").add()
        .build();
  }

  private static List<String> inside(List<Problem> problems) {
    return problems.stream().filter(p -> p.rule().equals("signature-inside")).map(Object::toString).toList();
  }

  @Test
  void aSignatureInsideOtherEntriesSignaturesIsWarnedAndNamesThem() {
    KnowledgeBase kb = kb();
    List<Problem> problems = SignatureChecks.check(kb, () -> ErrorIndex.of(ErrorIndexWriter.build(kb, UnaryOperator.identity(), "t")));
    List<String> inside = inside(problems);
    assertEquals(2, inside.size(), inside.toString());
    assertTrue(inside.get(0).startsWith("p/generic-permission-denied/entry.yaml:5:5: warning: this signature lies inside signatures of 2"
        + " other entries, e.g. 'docker-socket', 'ssh-publickey'"), inside.get(0));
    // quota-copy's signature lies inside quota's second one; quota's own first one lies inside only its own.
    assertTrue(inside.get(1).startsWith("p/quota-copy/entry.yaml:5:5: warning: this signature lies inside the signature of 'quota'"),
        inside.get(1));
    assertTrue(problems.stream().anyMatch(p -> p.rule().equals("signature-duplicate")), "quota and quota-copy share a template");
  }

  @Test
  void theIndexBuildsCompileResultsGiveTheSameProblems() {
    KnowledgeBase kb = kb();
    SignatureChecks.Compilations compiled = new SignatureChecks.Compilations(kb);
    IndexDocument doc = ErrorIndexWriter.build(kb, UnaryOperator.identity(), "t", compiled);
    assertEquals(SignatureChecks.check(kb, () -> ErrorIndex.of(doc)), SignatureChecks.check(kb, () -> ErrorIndex.of(doc), compiled));
    assertEquals(SignatureChecks.check(kb, () -> ErrorIndex.of(doc)),
        SignatureChecks.check(kb, () -> ErrorIndex.of(doc), new SignatureChecks.Compilations(kb)), "an empty record: compiled again");
  }
}
