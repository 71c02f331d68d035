package dev.errorkb.load;

import dev.errorkb.util.Sha256;
import java.util.Optional;

/**
 * Where a language file's front matter lies, found one way for the loader, for {@code errorkb
 * translated}/{@code new} (which rewrite one field as text) and for body hashes: a first line
 * {@code ---} (after an optional byte order mark, before an optional CR) up to the next line that
 * is {@code ---} but for trailing blanks.
 */
public final class FrontMatter {
  private FrontMatter() {}

  /**
   * The block's offsets in the text.
   *
   * @param start where its YAML starts (after the opening line)
   * @param end where the closing {@code ---} line starts (the YAML ends there)
   * @param body where the body starts (after the closing line; the text's length when none follows)
   */
  public record Block(int start, int end, int body) {}

  /** The front matter at the start of {@code text}; empty when there is none or it is not closed. */
  public static Optional<Block> find(String text) {
    int first = text.indexOf('\n');
    int bom = text.startsWith("\uFEFF") ? 1 : 0;
    if (first < 0 || !stripCr(text.substring(bom, first)).equals("---")) {
      return Optional.empty();
    }
    int i = first + 1;
    while (i < text.length()) {
      int nl = text.indexOf('\n', i);
      String line = nl < 0 ? text.substring(i) : text.substring(i, nl);
      if (line.stripTrailing().equals("---")) {
        return Optional.of(new Block(first + 1, i, nl < 0 ? text.length() : nl + 1));
      }
      if (nl < 0) {
        break;
      }
      i = nl + 1;
    }
    return Optional.empty();
  }

  /** The text after the front matter; all of it when there is none. */
  public static String body(String text) {
    return find(text).map(b -> text.substring(b.body())).orElse(text);
  }

  /** The body hash {@code translated-from} records: the first 12 hex digits of its SHA-256. */
  public static String bodyHash(String body) {
    return Sha256.hex(body).substring(0, 12);
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
