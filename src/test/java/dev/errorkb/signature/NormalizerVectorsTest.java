package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The shared vectors that the browser port must pass too; Java is checked against them here. */
class NormalizerVectorsTest {

  private static JsonNode vectors() throws IOException {
    try (InputStream in = NormalizerVectorsTest.class.getResourceAsStream("/vectors/normalizer.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void vectorsAreForThisVersionAndCoverEveryPlaceholder() throws IOException {
    JsonNode v = vectors();
    assertEquals(Normalizer.NORMALIZER_VERSION, v.get("normalizerVersion").asText());
    assertTrue(v.get("cases").size() >= 40, "at least 40 cases");
    String all = v.get("cases").toString();
    for (Placeholder p : Placeholder.values()) {
      assertTrue(all.contains(p.token()), "a vector shows " + p.token());
    }
  }

  @TestFactory
  Stream<DynamicTest> eachVector() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : vectors().get("cases")) {
      tests.add(
          DynamicTest.dynamicTest(
              c.get("name").asText(),
              () -> {
                Normalizer.Normalized n = Normalizer.normalize(c.get("input").asText());
                assertEquals(c.get("text").asText(), n.text(), "folded text");
                assertEquals(c.get("masked").asText(), n.masked(), "masked text");
                List<String> tokens = new ArrayList<>();
                c.get("tokens").forEach(t -> tokens.add(t.asText()));
                assertEquals(tokens, n.tokens(), "tokens");
              }));
    }
    return tests.stream();
  }
}
