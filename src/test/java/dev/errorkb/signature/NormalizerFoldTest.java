package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.Normalizer.Form;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Normalizer#fold}'s loops give what its regex steps (docs/matching.md §1) gave, on any text. */
class NormalizerFoldTest {
  private static final Pattern ANSI =
      Pattern.compile("\u001b\\[[0-?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(?:\u0007|\u001b\\\\)|\u001b[@-Z\\\\-_]");
  private static final Pattern INVISIBLE = Pattern.compile("[\u200b-\u200d\u2060\ufeff]");
  private static final Pattern SPACE =
      Pattern.compile("[\\x00-\\x20\\x7f-\\x9f\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+");

  /** The regex form of fold as it was before the loops (normaliser 3). */
  private static String oracle(String input) {
    String s = input;
    if (s.indexOf('\u001b') >= 0) {
      s = ANSI.matcher(s).replaceAll("");
    }
    s = java.text.Normalizer.normalize(s, Form.NFKC);
    s = INVISIBLE.matcher(s).replaceAll("");
    s = s.toLowerCase(Locale.ROOT);
    s = SPACE.matcher(s).replaceAll(" ");
    return s.replaceAll("^ +| +$", "");
  }

  @Test
  void randomTextsFoldAsTheRegexStepsDid() {
    String alphabet = " \t\n\r\u000b\u0000\u001f\u007f\u0085\u009f\u00a0\u1680\u2000\u2005\u200a\u200b\u200c\u200d\u2060\ufeff"
        + "\u2028\u2029\u202f\u205f\u3000\u3001aZé\u00c9\u0130\u03a3\u03c3ｱｶﾞ語かカ①ﬁ\u001b[31m";
    Random r = new Random(7);
    for (int t = 0; t < 30_000; t++) {
      StringBuilder b = new StringBuilder();
      int len = r.nextInt(30);
      for (int i = 0; i < len; i++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      if (r.nextInt(4) == 0) {
        b.append('語'); // never the ASCII path
      }
      String s = b.toString();
      assertEquals(oracle(s), Normalizer.fold(s), () -> s.chars().mapToObj(x -> String.format("%04x", x)).toList().toString());
    }
  }
}
