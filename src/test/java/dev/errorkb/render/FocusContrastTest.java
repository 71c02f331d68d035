package dev.errorkb.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * WCAG 1.4.11 (non-text contrast, issue 13): the built-in theme's focus ring has at least 3:1
 * against every background it is drawn on (the old #f2b01e had 1.8–1.9:1 on light backgrounds).
 */
class FocusContrastTest {
  static double luminance(String hex) {
    double[] c = new double[3];
    for (int i = 0; i < 3; i++) {
      double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
      c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  static double contrast(String a, String b) {
    double x = luminance(a);
    double y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }

  static String var(String css, String name) {
    Matcher m = Pattern.compile("--" + name + ":\\s*(#[0-9a-fA-F]{6})").matcher(css);
    assertTrue(m.find(), "--" + name + " in style.css");
    return m.group(1);
  }

  @Test
  void theFocusRingHasThreeToOneOnEveryBackground() throws Exception {
    String css = Files.readString(Fixture.repoTemplates().resolve("static/style.css"), StandardCharsets.UTF_8);
    String search = Files.readString(Fixture.repoTemplates().resolve("static/search.css"), StandardCharsets.UTF_8);
    String focus = var(css, "focus");
    // Page, header, highlighted boxes, and the dark code blocks the copy buttons sit on.
    for (String bg : new String[] {var(css, "bg"), var(css, "soft"), var(css, "accent-soft"), var(css, "warn-soft"), "#0f1720"}) {
      double r = contrast(focus, bg);
      assertTrue(r >= 3.0, "focus " + focus + " on " + bg + ": " + String.format(java.util.Locale.ROOT, "%.2f", r) + ":1");
    }
    // Every focus ring uses it; no hard-coded ring colour is left behind.
    for (String s : new String[] {css, search}) {
      Matcher m = Pattern.compile(":focus(?:-visible)?\\s*\\{[^}]*outline:[^;}]*").matcher(s);
      while (m.find()) {
        assertTrue(m.group().contains("var(--focus"), m.group());
      }
    }
  }
}
