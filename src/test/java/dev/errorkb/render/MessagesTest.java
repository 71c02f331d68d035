package dev.errorkb.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.testing.Fixture;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UI strings come from per-language bundles, and the two bundles stay in step. */
class MessagesTest {

  @Test
  void shippedBundlesHaveTheSameKeysAndRealJapanese() {
    List<Problem> problems = new ArrayList<>();
    Messages m = Messages.load(Fixture.repoTemplates(), problems);
    assertEquals(List.of(), problems);
    assertEquals(m.of(Lang.JA).keySet(), m.of(Lang.EN).keySet());
    assertEquals("原因", m.get(Lang.JA, "entry.cause"));
    assertEquals("Cause", m.get(Lang.EN, "entry.cause"));
  }

  @Test
  void aKeyMissingInOneLanguageIsAProblem() throws Exception {
    FileSystem fs = Fixture.unix();
    Path t = fs.getPath("/t");
    Files.createDirectories(t.resolve("messages"));
    Files.writeString(t.resolve("messages/en.properties"), "a=A\nb=B\n");
    Files.writeString(t.resolve("messages/ja.properties"), "a=エー\n");
    List<Problem> problems = new ArrayList<>();
    Messages.load(t, problems);
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).toString().startsWith("templates/messages/ja.properties:1:1: error: message 'b' is missing in ja"),
        problems.get(0).toString());
  }
}
