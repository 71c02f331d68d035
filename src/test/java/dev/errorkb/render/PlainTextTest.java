package dev.errorkb.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one-pass blank normaliser gives what the two regex replacements it replaced gave. */
class PlainTextTest {
  private static final Pattern BLANKS = Pattern.compile("[ \\t\\x0B\\f\\r]+");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

  private static String oracle(String text) {
    return BLANK_LINES.matcher(BLANKS.matcher(text).replaceAll(" ")).replaceAll("\n\n").strip();
  }

  @Test
  void examples() {
    assertEquals("a b", PlainText.normaliseText("  a \t\r b \u000B"));
    assertEquals("a\n\nb", PlainText.normaliseText("a\n\n\n\n\nb"));
    assertEquals("a\n \n \nb", PlainText.normaliseText("a\n\t\n  \nb"));
    assertEquals("a\n\nb", PlainText.normaliseText("a\n\nb"));
    assertEquals("", PlainText.normaliseText("\u3000 \n\n\n "));
  }

  @Test
  void randomTextsEqualTheRegexForm() {
    char[] alphabet = {' ', '\t', '\u000B', '\f', '\r', '\n', '\n', '\n', 'a', 'é', '語', '\u3000', '\u00A0', '\u2028'};
    Random r = new Random(42);
    for (int t = 0; t < 20_000; t++) {
      char[] c = new char[r.nextInt(40)];
      for (int i = 0; i < c.length; i++) {
        c[i] = alphabet[r.nextInt(alphabet.length)];
      }
      String s = new String(c);
      assertEquals(oracle(s), PlainText.normaliseText(s), () -> s.chars().mapToObj(x -> String.format("%04x", x)).toList().toString());
    }
  }
}
