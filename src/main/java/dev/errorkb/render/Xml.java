package dev.errorkb.render;

/** The one XML escaper of the site's XML files (feeds, sitemap). */
final class Xml {
  private Xml() {}

  /** XML text and attribute escaping; characters XML 1.0 cannot carry (most controls, U+FFFE/U+FFFF, lone surrogates) are dropped. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        default -> {
          // XML 1.0 forbids most control characters even when escaped, U+FFFE and U+FFFF, and
          // surrogates that are not a pair (issue 12: a feed reader refuses the whole feed).
          if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if ((c >= 0x20 || c == '\n' || c == '\t') && c != 0xFFFE && c != 0xFFFF && !Character.isSurrogate(c)) {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
