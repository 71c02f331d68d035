package dev.errorkb.check;

import dev.errorkb.load.FrontMatter;
import java.util.Optional;

/**
 * Reads and rewrites one top-level scalar field of a language file's front matter as text, so a
 * tool can change {@code translated-from} while every other byte of the file stays as the author
 * wrote it (comments, quoting, key order, line ends).
 */
public final class FrontMatterField {
  private FrontMatterField() {}

  /** A field found in the front matter: its unquoted value and 1-based line. */
  public record Found(String value, int line) {}

  /** The value of {@code key} if the text starts with front matter that has it on a line of its own. */
  public static Optional<Found> find(String text, String key) {
    Optional<FrontMatter.Block> found = FrontMatter.find(text);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    FrontMatter.Block b = found.get();
    int i = b.start();
    int line = 2;
    while (i < b.end()) {
      int nl = text.indexOf('\n', i);
      int lineEnd = nl < 0 ? text.length() : nl;
      String l = stripCr(text.substring(i, lineEnd));
      if (l.startsWith(key + ":")) {
        return Optional.of(new Found(unquote(stripComment(l.substring(key.length() + 1)).strip()), line));
      }
      i = lineEnd + 1;
      line++;
    }
    return Optional.empty();
  }

  /**
   * The text with {@code key: value} set: the value of an existing line is replaced, otherwise a
   * line is added just before the closing {@code ---}. Everything else is kept byte for byte.
   *
   * @throws IllegalArgumentException if the text does not start with a closed front matter block
   */
  public static String set(String text, String key, String value) {
    FrontMatter.Block b = FrontMatter.find(text)
        .orElseThrow(() -> new IllegalArgumentException("the file does not start with front matter ('---' lines)"));
    String nlStyle = text.indexOf('\n') > 0 && text.charAt(text.indexOf('\n') - 1) == '\r' ? "\r\n" : "\n";
    int i = b.start();
    while (i < b.end()) {
      int nl = text.indexOf('\n', i);
      int lineEnd = nl < 0 ? text.length() : nl;
      int contentEnd = lineEnd > i && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
      if (text.startsWith(key + ":", i)) {
        return text.substring(0, i) + key + ": " + value + text.substring(contentEnd);
      }
      i = lineEnd + 1;
    }
    return text.substring(0, b.end()) + key + ": " + value + nlStyle + text.substring(b.end());
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static String stripComment(String s) {
    int h = s.indexOf(" #");
    return h < 0 ? s : s.substring(0, h);
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }
}
