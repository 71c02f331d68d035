package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ErrorIndexWriterTest {

  static KnowledgeBase kb(boolean baseUrl) {
    TestKb t = new TestKb();
    if (baseUrl) {
      t.baseUrl("https://kb.example.com/");
    }
    return t.entry("zz-last")
        .sig(Lang.EN, "zeta failure in module \"m\"")
        .doc(Lang.EN, "Zeta", "Sum **bold**.", "Cause *md*.", "Fix `code`.")
        .add()
        .entry("aa-first")
        .sig(Lang.EN, "alpha broke at 10:00 with code 5")
        .sig(Lang.JA, "アルファが壊れました(コード5)")
        .pattern(null, "alpha exit 137", "alpha exit (13[79])")
        .doc(Lang.JA, "アルファ", "要約", "原因", "対処")
        .doc(Lang.EN, "Alpha", "Summary", "Cause", "Fix")
        .add()
        .build();
  }

  static final UnaryOperator<String> STRIP_MD = s -> s.replaceAll("[*`]", "");

  /** Validates {@code json} against the schema resource and returns the messages. */
  static Set<ValidationMessage> validate(byte[] json) throws IOException {
    JsonSchemaFactory f = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).locale(Locale.ROOT).build();
    try (InputStream s = ErrorIndexWriter.class.getResourceAsStream(ErrorIndexWriter.SCHEMA_RESOURCE)) {
      JsonSchema schema = f.getSchema(s, config);
      return schema.validate(new ObjectMapper().readTree(json));
    }
  }

  @Test
  void outputIsDeterministicSortedAndValid() throws IOException {
    byte[] a = ErrorIndexWriter.toJson(ErrorIndexWriter.build(kb(false), STRIP_MD, "errorkb test"));
    byte[] b = ErrorIndexWriter.toJson(ErrorIndexWriter.build(kb(false), STRIP_MD, "errorkb test"));
    assertArrayEquals(a, b);
    assertEquals(Set.of(), validate(a));
    assertEquals(Set.of(), validate(ErrorIndexWriter.toJson(ErrorIndexWriter.build(kb(true), STRIP_MD, "errorkb test"))));
    String s = new String(a, StandardCharsets.UTF_8);
    assertTrue(s.startsWith("{\"entries\":[{\"cause\":{\"en\":\"Cause\",\"ja\":\"原因\"}"), s);
    assertTrue(s.endsWith("\"normalizerVersion\":\"3\",\"rankingVersion\":\"6\",\"regexDialect\":\"re2\",\"schemaVersion\":\"1.2.0\"}\n"), s);
  }

  @Test
  void fieldsAreAsDocumented() throws IOException {
    JsonNode root = new ObjectMapper().readTree(ErrorIndexWriter.toJson(ErrorIndexWriter.build(kb(true), STRIP_MD, "errorkb test")));
    assertEquals("https://kb.example.com/", root.get("baseUrl").asText());
    JsonNode zz = root.get("entries").get(1);
    assertEquals("zz-last", zz.get("id").asText());
    assertEquals("en/zz-last/", zz.get("url").get("en").asText());
    assertEquals(null, zz.get("url").get("ja"), "no page in a language the entry is not written in");
    assertEquals("https://kb.example.com/en/zz-last/", zz.get("absoluteUrl").get("en").asText());
    assertEquals("Sum bold.", zz.get("summary").get("en").asText());
    assertEquals("Fix code.", zz.get("fix").get("en").asText());
    assertEquals("2026-01-02", zz.get("updated").asText());
    JsonNode sig = zz.get("signatures").get(0);
    assertEquals("zeta failure in module <q>", sig.get("template").asText());
    assertTrue(sig.get("id").asText().matches("zz-last#[0-9a-f]{8}"));
    JsonNode aa = root.get("entries").get(0);
    assertEquals(3, aa.get("signatures").size());
    assertEquals("any", aa.get("signatures").get(2).get("lang").asText());
    // Schema 1.2.0: every signature says how many lines it spans.
    for (JsonNode e : root.get("entries")) {
      for (JsonNode x : e.get("signatures")) {
        assertEquals(x.get("text").asText().split("\n", -1).length, x.get("lines").asInt(), x.toString());
      }
    }
  }

  @Test
  void schemaRejectsABrokenIndex() throws IOException {
    String bad = new String(ErrorIndexWriter.toJson(ErrorIndexWriter.build(kb(false), STRIP_MD, "t")), StandardCharsets.UTF_8)
        .replace("\"regexDialect\":\"re2\"", "\"regexDialect\":\"pcre\"");
    assertTrue(!validate(bad.getBytes(StandardCharsets.UTF_8)).isEmpty());
  }

  @Test
  void roundTripGivesTheSameDocument() throws IOException {
    IndexDocument built = ErrorIndexWriter.build(kb(true), STRIP_MD, "errorkb test");
    ErrorIndex loaded = ErrorIndex.load(
        new ByteArrayInputStream(ErrorIndexWriter.toJson(built)), "mem", ErrorIndex.Limits.DEFAULT);
    assertEquals(built, loaded.document());
    assertEquals("aa-first", loaded.match("Alpha broke at 23:59 with code 77").get(0).entry().id());
  }

  @Test
  void loadingEnforcesLimitsAndVersion() {
    byte[] json = ErrorIndexWriter.toJson(ErrorIndexWriter.build(kb(false), STRIP_MD, "t"));
    IOException big = assertThrows(IndexFormatException.class, () ->
        ErrorIndex.load(new ByteArrayInputStream(json), "errors.json", new ErrorIndex.Limits(100, 32, 10)));
    assertTrue(big.getMessage().startsWith("errors.json: "), big.getMessage());
    assertThrows(IndexFormatException.class, () ->
        ErrorIndex.load(new ByteArrayInputStream(json), "x", new ErrorIndex.Limits(1 << 20, 3, 10)));
    assertThrows(IndexFormatException.class, () ->
        ErrorIndex.load(new ByteArrayInputStream(json), "x", new ErrorIndex.Limits(1 << 20, 32, 1)));
    byte[] v2 = new String(json, StandardCharsets.UTF_8).replace("\"1.2.0\"", "\"2.0.0\"").getBytes(StandardCharsets.UTF_8);
    IOException e = assertThrows(IndexFormatException.class, () ->
        ErrorIndex.load(new ByteArrayInputStream(v2), "x", ErrorIndex.Limits.DEFAULT));
    assertTrue(e.getMessage().contains("schemaVersion 2.0.0"), e.getMessage());
    assertThrows(IndexFormatException.class, () ->
        ErrorIndex.load(new ByteArrayInputStream("[1]".getBytes(StandardCharsets.UTF_8)), "x", ErrorIndex.Limits.DEFAULT));
  }

  @Test
  void checksReportExamplesThatFindAnotherEntry() {
    KnowledgeBase k = new TestKb()
        .entry("a").sig(Lang.EN, "disk quota exceeded for user \"u\"", "disk quota exceeded for user \"bob\"").doc(Lang.EN, "A", "", "", "").add()
        .entry("b").sig(Lang.EN, "connection reset by peer", "disk quota exceeded for user \"x\"").doc(Lang.EN, "B", "", "", "").add()
        .entry("c").sig(Lang.EN, "\"x\": 12").doc(Lang.EN, "C", "", "", "").add()
        .build();
    List<String> p = SignatureChecks.check(k, () -> ErrorIndex.of(ErrorIndexWriter.build(k, UnaryOperator.identity(), "errorkb check"))).stream().map(Object::toString).toList();
    assertEquals(2, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("p/c/entry.yaml:5:5: error: signature is too general"), p.get(0));
    assertTrue(p.get(1).startsWith("p/b/entry.yaml:5:5: error: example 1 of this signature finds 'a' first"), p.get(1));
  }
}
