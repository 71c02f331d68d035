package dev.errorkb.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Plain text for errors.json and search data: readable, and robust on every Markdown shape. */
class MarkdownPlainTextTest {
  private final Markdown md = new Markdown(Set.of());

  @Test
  void fencedCodeInsideAListItemKeepsItsText() {
    // flexmark's TextCollectingVisitor fails an internal assertion on exactly this shape.
    String text = md.plainText("1. Point `JAVA_HOME` at it:\n\n   ```\n   export JAVA_HOME=/usr/lib/jvm/jdk-17\n   ```\n\n2. Run *again*.\n");
    assertEquals("Point JAVA_HOME at it:\n\nexport JAVA_HOME=/usr/lib/jvm/jdk-17\n\nRun again.", text);
  }

  @Test
  void inlineMarkupIsDroppedAndLinksKeepTheirText() {
    assertEquals("Attach the SignInLocalDevelopmentAccess policy (see the guide).",
        md.plainText("Attach the **`SignInLocalDevelopmentAccess`** policy\n(see [the guide](https://example.com/)).\n"));
  }

  @Test
  void rawHtmlStaysAsText() {
    assertEquals("Press <kbd>Ctrl</kbd>", md.plainText("Press <kbd>Ctrl</kbd>"));
  }

  @Test
  void plainProseSkipsTheParserWithTheSameResult() {
    assertTrue(PlainText.isPlainProse("The IAM identity lacks two signin actions; attach the policy."));
    assertTrue(PlainText.isPlainProse("原因と対処の要約です。"));
    assertFalse(PlainText.isPlainProse("Run `make`."));
    assertFalse(PlainText.isPlainProse("1. first"));
    assertFalse(PlainText.isPlainProse("see www.example.com"));
    assertFalse(PlainText.isPlainProse(" leading blank"));
    // Every string the shortcut accepts must give what the parser gives.
    String alphabet = "aZ9 .,;'\"()?/%$^{}\\`*_[]<>!&#~|-+=:@\t\n\r\u000bwW日本語。、　\u00a0\u2028é\uD83D\uDE00";
    Random random = new Random(5);
    int accepted = 0;
    for (int i = 0; i < 100_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + random.nextInt(14);
      for (int j = 0; j < n; j++) {
        sb.append(random.nextInt(3) == 0 ? "word" : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
      }
      String s = sb.toString();
      if (PlainText.isPlainProse(s)) {
        accepted++;
        assertEquals(md.parsedPlainText(s), md.plainText(s), () -> "plain text of " + s);
      }
    }
    assertTrue(accepted > 1000, "accepted " + accepted);
  }
}
