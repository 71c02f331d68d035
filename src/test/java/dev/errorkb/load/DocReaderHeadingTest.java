package dev.errorkb.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Issue 12, item 13: the linear heading scan reads {@code {#id}} and closing hashes exactly as the regexes it replaced. */
class DocReaderHeadingTest {
  private static final Pattern OLD_ID = Pattern.compile("\\s*\\{\\s*#([A-Za-z0-9_-]+)[^}]*}\\s*$");

  @Test
  void sameAsTheOldRegexOnRandomHeadings() {
    Random random = new Random(12);
    String alphabet = "{}# \tab-_9x";
    for (int n = 0; n < 200_000; n++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(14);
      for (int i = 0; i < len; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String h = sb.toString();
      Matcher m = OLD_ID.matcher(h);
      int[] at = DocReader.headingId(h);
      String expected = m.find() ? m.group(1) + "|" + h.substring(0, m.start()).strip() : "none";
      String actual = at == null ? "none" : h.substring(at[1], at[2]) + "|" + h.substring(0, at[0]).strip();
      assertEquals(expected, actual, () -> "heading '" + h + "'");
      assertEquals(h.replaceAll("#+$", ""), DocReader.withoutTrailingHashes(h), h);
    }
  }

  @Test
  void hostileHeadingsAreLinear() {
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      DocReader.headingId("{#a ".repeat(200_000) + "}");
      DocReader.headingId("x" + " ".repeat(500_000) + "{#a}");
      DocReader.headingId("{ ".repeat(200_000) + "#");
      DocReader.withoutTrailingHashes("#".repeat(500_000) + "x");
    });
  }
}
