package dev.errorkb.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
