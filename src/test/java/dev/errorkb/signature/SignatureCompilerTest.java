package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.Signature;
import dev.errorkb.model.SourcePos;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignatureCompilerTest {

  private static Signature sig(String text) {
    return new Signature(text, Optional.of(Lang.EN), Optional.empty(), List.of(), new SourcePos("a/x/entry.yaml", 7, 5));
  }

  /** Issue 12, items 15 and 17: deep nesting and huge programs are located problems, never a StackOverflowError. */
  @Test
  void deepNestingAndHugeProgramsAreLocatedProblems() {
    for (String pattern : List.of("(".repeat(5_000) + "a" + ")".repeat(5_000), "a{1000}".repeat(300))) {
      Signature s = new Signature("fatal: something specific went wrong", Optional.of(Lang.EN), Optional.of(pattern), List.of(),
          new SourcePos("a/x/entry.yaml", 7, 5));
      SignatureCompiler.Result r = SignatureCompiler.compile("x", s);
      assertTrue(r.signature().isEmpty());
      assertEquals(List.of("a/x/entry.yaml:7:5 signature-pattern"), r.problems().stream().map(p -> p.pos() + " " + p.rule()).toList());
    }
    // At the limit RE2/J still compiles it (no overflow).
    String atLimit = "(".repeat(RegexGuard.MAX_NESTING - 1) + "a" + ")".repeat(RegexGuard.MAX_NESTING - 1);
    assertTrue(RegexGuard.acceptable("(?i)" + atLimit));
    Pattern.compile("(?i)" + atLimit);
  }

  @Test
  void derivesTemplateRegexAndAnchors() {
    IndexSignature s =
        SignatureCompiler.compile("x", sig("could not open file \"/tmp/a\": Permission denied")).signature().orElseThrow();
    assertEquals("could not open file <q>: permission denied", s.template());
    assertEquals(List.of("could", "not", "open", "file", ":", "permission", "denied"), s.anchors());
    Pattern p = Pattern.compile(s.regex());
    assertTrue(p.matcher(Normalizer.fold("LOG: could not open file \"/var/x y\": permission denied")).find());
    // line break lost without a space
    assertTrue(p.matcher(Normalizer.fold("could not open file 'z':permission\ndenied")).find());
    assertTrue(!p.matcher(Normalizer.fold("could not open directory \"/x\": permission denied")).find());
  }

  @Test
  void regexHasWordBoundariesAndQuotesMetacharacters() {
    IndexSignature s = SignatureCompiler.compile("x", sig("error (code 5) [x]")).signature().orElseThrow();
    assertEquals("\\berror ?\\(code ?([0-9]+(?:[.,][0-9]+)*)\\) ?\\[x\\]", s.regex());
    assertTrue(Pattern.compile(s.regex()).matcher("error (code 42) [x]").find());
    assertTrue(!Pattern.compile(s.regex()).matcher("terror (code 42) [x]").find());
  }

  @Test
  void tooGeneralSignatureIsALocatedError() {
    SignatureCompiler.Result r = SignatureCompiler.compile("x", sig("\"%s\": 5"));
    assertTrue(r.signature().isEmpty());
    Problem p = r.problems().get(0);
    assertEquals("signature-too-general", p.rule());
    assertEquals("a/x/entry.yaml:7:5", p.pos().toString());
  }

  @Test
  void invalidExplicitPatternIsALocatedError() {
    Signature s = new Signature("x", Optional.empty(), Optional.of("(a(?=b)"), List.of(), new SourcePos("e.yaml", 3, 9));
    SignatureCompiler.Result r = SignatureCompiler.compile("x", s);
    assertTrue(r.signature().isEmpty());
    assertEquals("signature-pattern", r.problems().get(0).rule());
    assertEquals(3, r.problems().get(0).pos().line());
  }

  /** RE2 is linear on it, the browser is not: a located warning, and the signature still works here. */
  @Test
  void nestedRepetitionInAPatternIsAWarning() {
    Signature s = new Signature("host unreachable", Optional.empty(), Optional.of("host ([a-z0-9]+\\.)+example unreachable"),
        List.of(), new SourcePos("e.yaml", 4, 11));
    SignatureCompiler.Result r = SignatureCompiler.compile("x", s);
    assertTrue(r.signature().isPresent());
    assertEquals(1, r.problems().size());
    assertEquals("signature-pattern-backtracking", r.problems().get(0).rule());
    assertTrue(!r.problems().get(0).isError());
    assertEquals("e.yaml:4:11", r.problems().get(0).pos().toString());
    assertTrue(Pattern.compile(r.signature().get().regex()).matcher("host db.eu.example unreachable").find());
  }

  @Test
  void explicitPatternReplacesDerivedRegexAndIsCaseInsensitive() {
    Signature s = new Signature("Exit code 137", Optional.empty(), Optional.of("Exit code (13[79])"), List.of(), new SourcePos("e.yaml", 3, 9));
    IndexSignature c = SignatureCompiler.compile("oom", s).signature().orElseThrow();
    assertEquals("(?i)Exit code (13[79])", c.regex());
    assertEquals(List.of(), c.anchors());
    assertTrue(Pattern.compile(c.regex()).matcher("exit code 139").find());
  }

  @Test
  void idDependsOnlyOnEntryLanguageAndText() {
    String a = SignatureCompiler.signatureId("e", "en", "boom");
    assertEquals(a, SignatureCompiler.signatureId("e", "en", "boom"));
    assertTrue(a.matches("e#[0-9a-f]{8}"));
    assertNotEquals(a, SignatureCompiler.signatureId("e", "ja", "boom"));
    assertNotEquals(a, SignatureCompiler.signatureId("e", "en", "boom!"));
  }

  @Test
  void wordsGluedToASlotAreNotAnchorTokens() {
    TemplateInfo t = TemplateInfo.of("segment<num> is missing <q>を開けません");
    assertEquals(List.of("is", "missing", "を開", "開け", "けま", "ませ", "せん"), t.anchorTokens());
    assertEquals(List.of(Placeholder.NUM, Placeholder.Q), t.slots());
  }

  @Test
  void literalOrderCheckIsANecessaryConditionOfTheRegex() {
    String template = "could not open file <q> for reading: <any>";
    TemplateInfo t = TemplateInfo.of(template);
    Pattern p = Pattern.compile(SignatureCompiler.deriveRegex(template));
    for (String text : List.of(
        "could not open file \"x\" for reading: denied",
        "could notopen file 'x' for reading:denied",
        "open file could not \"x\" for reading: y",
        "could not open file \"x\" for writing: y",
        "x could not could not open file `a` b for reading: c")) {
      boolean regex = p.matcher(text).find();
      assertTrue(!regex || t.literalsInOrder(text), text);
    }
    assertTrue(t.literalsInOrder("could not open file \"x\" for reading: denied"));
    assertTrue(!t.literalsInOrder("open file could not \"x\" for reading: y"));
    assertTrue(!t.literalsInOrder("could not open the file \"x\" for reading: y"));
  }
}
