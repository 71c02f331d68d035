package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The repository's own content: its signatures compile, its examples pass, aws login 400 is found. */
class ContentSignaturesTest {
  // Bodies only affect word ranking here; raw Markdown keeps this test independent of the renderer.
  static final java.util.function.UnaryOperator<String> PLAIN = java.util.function.UnaryOperator.identity();
  static ContentLoader.Loaded loaded;
  static ErrorIndex index;

  @BeforeAll
  static void load() {
    Path content = Path.of("content");
    assumeTrue(Files.isDirectory(content), "no content/ folder in the working directory");
    loaded = new ContentLoader(content).load();
    index = ErrorIndex.of(loaded.kb(), PLAIN);
  }

  @Test
  void signatureChecksPass() {
    List<Problem> errors = SignatureChecks.check(loaded.kb(), () -> ErrorIndex.of(ErrorIndexWriter.build(loaded.kb(), PLAIN, "errorkb check"))).stream()
        .filter(Problem::isError).toList();
    assertEquals(List.of(), errors);
  }

  @Test
  void builtIndexValidatesAgainstSchema() throws Exception {
    byte[] json = ErrorIndexWriter.toJson(ErrorIndexWriter.build(loaded.kb(), PLAIN, "errorkb test"));
    assertEquals(Set.of(), ErrorIndexWriterTest.validate(json));
  }

  static final String AWS_400 = """
      400 Bad Request
      You may have typed the address incorrectly or you may have used an outdated link.
      Please clear your cookies and try the request again. If the problem persists, please contact Support. We apologize for the inconvenience.
      """;

  @Test
  void awsLogin400PageTextFindsItsEntryFirst() {
    assumeTrue(loaded.kb().entries().stream().anyMatch(e -> e.id().equals("aws-login-400")));
    assertTop("aws-login-400", AWS_400);
    assertTop("aws-login-400", AWS_400.replace("\n", " "));
    assertTop("aws-login-400", AWS_400.replace("\n", ""));
    assertTop("aws-login-400", "aws login を実行したらブラウザに次のように表示されました。\n" + AWS_400);
  }

  private static void assertTop(String id, String paste) {
    List<ErrorIndex.Match> r = index.match(paste);
    assertTrue(!r.isEmpty(), "nothing found for " + paste);
    assertEquals(id, r.get(0).entry().id(), paste);
    assertTrue(r.get(0).fullMatch(), "full signature match for " + paste);
  }
}
