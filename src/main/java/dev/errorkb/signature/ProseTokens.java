package dev.errorkb.signature;

/**
 * Token hashes of prose, exactly as {@code TokenTable.hash} of each token of
 * {@code Normalizer.tokenize(Normalizer.fold(text))}, computed in one pass without creating
 * strings — for texts made only of characters that folding maps to a single character without
 * looking at their neighbours (ASCII, full-width ASCII, kana, the common ideographs, CJK
 * punctuation). Tokenising titles and bodies was most of the cost of loading an index
 * (every entry's prose, at every load); most prose, English or Japanese, is made of such
 * characters. Other texts (half-width katakana, combining marks, ANSI escapes, zero-width
 * characters, a literal {@code <placeholder>}, …) are left to the normaliser: {@link #hashes}
 * returns -1 for them.
 */
final class ProseTokens {

  private ProseTokens() {}

  // Kinds of a character on the fast path.
  private static final int OTHER = 0; // not on the fast path
  private static final int SEP = 1; // separates tokens, dropped
  private static final int WORD = 2; // ASCII letter, digit or underscore
  private static final int CJK = 3; // Han, Hiragana, Katakana or U+30FC

  /**
   * Writes the token hashes of {@code text} into {@code buf[0]} (replaced when too small) and returns
   * their number, or -1 when the text has a character this fast path does not cover (what was
   * written to {@code buf[0]} is then meaningless).
   */
  static int hashes(String text, long[][] buf) {
    int n = text.length();
    if (buf[0].length <= n) { // at most one token per character: no growing inside the loop
      buf[0] = new long[Math.max(n + 1, buf[0].length * 2)];
    }
    long[] out = buf[0];
    int count = 0;
    long h = TokenTable.SEED;
    boolean inWord = false;
    char prevCjk = 0;
    int cjkRun = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      int k = kind(c);
      if (k == WORD) {
        if (cjkRun == 1) { // a one-character run is a unigram
          out[count++] = TokenTable.step(TokenTable.SEED, prevCjk);
        }
        cjkRun = 0;
        h = TokenTable.step(h, fold(c));
        inWord = true;
        continue;
      }
      if (inWord) {
        out[count++] = h;
        h = TokenTable.SEED;
        inWord = false;
      }
      if (k == CJK) {
        if (cjkRun > 0) { // overlapping bigrams
          out[count++] = TokenTable.step(TokenTable.step(TokenTable.SEED, prevCjk), c);
        }
        prevCjk = c;
        cjkRun++;
        continue;
      }
      if (k == OTHER) {
        return -1;
      }
      if (cjkRun == 1) {
        out[count++] = TokenTable.step(TokenTable.SEED, prevCjk);
      }
      cjkRun = 0;
    }
    if (inWord) {
      out[count++] = h;
    }
    if (cjkRun == 1) {
      out[count++] = TokenTable.step(TokenTable.SEED, prevCjk);
    }
    return count;
  }

  /**
   * What folding makes of a character that is not {@code OTHER}: full-width ASCII (U+FF01–U+FF5E,
   * common in Japanese prose) becomes ASCII, as NFKC does, and ASCII capitals lower case.
   */
  static char fold(char c) {
    char a = c >= 0xff01 && c <= 0xff5e ? (char) (c - 0xfee0) : c;
    return a >= 'A' && a <= 'Z' ? (char) (a + 32) : a;
  }

  /**
   * The kind of {@code c}; every character not {@code OTHER} folds to the single character
   * {@link #fold} gives, is not zero-width and composes with nothing. ProseTokensTest checks every
   * such character against the normaliser.
   */
  static int kind(char c) {
    if (c >= 0xff01 && c <= 0xff5e) {
      c = (char) (c - 0xfee0);
    }
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
        return WORD;
      }
      // ESC starts an ANSI sequence; '<' may start a placeholder token such as <path>.
      return c == 0x1b || c == '<' ? OTHER : SEP;
    }
    if ((c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fa) || c == 0x30fc || c == 0x3005
        || (c >= 0x4e00 && c <= 0x9fef)) {
      return CJK;
    }
    // ideographic space 、。〈〉《》「」『』【】 and the katakana middle dot
    if ((c >= 0x3000 && c <= 0x3002) || (c >= 0x3008 && c <= 0x3011) || c == 0x30fb) {
      return SEP;
    }
    return OTHER;
  }
}
