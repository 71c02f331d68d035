package dev.errorkb.signature;

/**
 * The language of a text from its scripts alone. Its own class because matching, scanning and the
 * multi-line window all ask it, and search.js detects a paste's language the same way.
 */
final class LangDetect {

  private LangDetect() {}

  /** {@code ja} when the text has kana, or Han and no Latin letters; else {@code en}. */
  static String detectLang(String folded) {
    boolean han = false;
    boolean latin = false;
    for (int i = 0; i < folded.length(); ) {
      int cp = folded.codePointAt(i);
      i += Character.charCount(cp);
      if (cp >= 'a' && cp <= 'z') {
        latin = true;
      } else if (cp >= 0x3040 && cp <= 0x30ff) {
        return "ja";
      } else if (cp >= 0x2e80 && Normalizer.isCjk(cp)) {
        han = true;
      }
    }
    return han && !latin ? "ja" : "en";
  }
}
