package dev.errorkb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.render.Markdown;
import dev.errorkb.signature.ErrorIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared ranking vectors (src/test/resources/vectors/ranking.json) against the Java matcher;
 * the browser test checks search.js against the same file.
 */
class RankingVectorsTest {
  /** The fixture KB the vectors are written for. */
  static final Path KB = Path.of("src/test/resources/vectors/ranking-kb");

  static JsonNode vectors() throws IOException {
    try (InputStream in = RankingVectorsTest.class.getResourceAsStream("/vectors/ranking.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  static KnowledgeBase kb() {
    ContentLoader.Loaded loaded = new ContentLoader(KB).load();
    assertEquals(List.of(), loaded.problems(), "the fixture KB loads cleanly");
    return loaded.kb();
  }

  /** The expected results of a case as {@code id:kind} (as both tests report them). */
  static List<String> expected(JsonNode c) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < c.get("expect").size(); i++) {
      out.add(c.get("expect").get(i).asText() + ":" + c.get("kinds").get(i).asText());
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> javaMatcherRanksAsTheVectorsSay() throws IOException {
    JsonNode v = vectors();
    int top = v.get("top").asInt();
    ErrorIndex index = ErrorIndex.of(kb(), new Markdown(Set.of())::plainText);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : v.get("cases")) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
        List<String> got = new ArrayList<>();
        for (ErrorIndex.Match m : index.match(c.get("query").asText(), new ErrorIndex.MatchOptions(Optional.empty(), top))) {
          got.add(m.entry().id() + ":" + m.kind().key());
        }
        assertEquals(expected(c), got);
      }));
    }
    return tests.stream();
  }
}
