package dev.errorkb.signature;

import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one definition of "the same error text", specified in docs/matching.md and shared with the
 * browser search through src/test/resources/vectors/normalizer.json. Pure and thread-safe.
 *
 * <p>Three stages: {@link #fold} (ANSI, NFKC, case, whitespace) gives the text regexes run on;
 * {@link #mask} replaces variable parts by typed placeholders; {@link #tokenize} splits masked
 * text into search tokens.
 */
public final class Normalizer {

  /** Bumped whenever any rule changes output; recorded in errors.json as normalizerVersion. */
  public static final String NORMALIZER_VERSION = "3";

  /** Quoted values longer than this are not masked (an unmatched quote must not eat a page). */
  static final int MAX_QUOTED = 200;

  private static final Pattern ANSI =
      Pattern.compile("\u001b\\[[0-?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(?:\u0007|\u001b\\\\)|\u001b[@-Z\\\\-_]");

  // Characters of a URL, ARN or path body, and the ones it may not end with.
  private static final String BODY = "[^ \"'`<>\u3000-\u309f]";
  private static final String TAIL = "[^ \"'`<>\u3000-\u309f.,;:!?)\\]}]";

  // Features of a string that rules need; a rule is skipped when the string lacks them. Placeholders
  // inserted by earlier rules only remove features, so testing the input once is safe.
  static final int F_DIGIT = 1;
  static final int F_QUOTE = 2;
  static final int F_SCHEME = 4; // "://"
  static final int F_ARN = 8; // "arn:"
  static final int F_SLASH = 16; // '/' or '\\'
  static final int F_AT = 32;
  static final int F_HYPHEN = 64;
  static final int F_IP6 = 128; // '[' or "::" or 7+ colons
  static final int F_COLON = 256;
  static final int F_DOT = 512;

  /**
   * A letter of a word that a value cannot be glued to: any letter but Japanese (Han, Hiragana,
   * Katakana, the long-vowel mark), which is written without spaces around values
   * ({@code ディレクトリ/srv/pgdataを作成しています}, {@code "\\q"でdb01.internalを抜けます}).
   * The same string works in Java's and JavaScript's (u) regexes.
   */
  static final String LETTER = "[^\\P{L}\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30fc]";

  /**
   * Bare host names: dotted names ending in a common top-level or internal domain, so that an
   * author's {@code db01.internal} and a reader's {@code github.com} are the same slot. Class and
   * file names ({@code java.lang.String}, {@code index.js}) do not end in one.
   */
  static final String TLDS = "com|net|org|io|dev|app|cloud|ai|co|info|biz|edu|gov|us|uk|de|fr|jp|cn|ru|br|au|ca|nl|se|ch|es|pl|kr|tw|eu|internal|local|localdomain|lan|corp|home|intra|intranet|example|test|invalid";

  static final String HOST = "(?<![\\p{N}_.@/-])(?<!" + LETTER + ")(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:" + TLDS + ")(?![\\p{N}_-]|" + LETTER + "|\\.[\\p{L}\\p{N}])";

  /** The masking rules in the order they apply. */
  static final List<Rule> RULES =
      List.of(
          new Rule(
              Placeholder.Q,
              "\"[^\"]{0,200}\"|“[^”]{0,200}”|「[^」]{0,200}」|『[^』]{0,200}』|`[^`]{0,200}`|‘[^’]{0,200}’"
                  + "|(?<![\\p{N}])(?<!" + LETTER + ")'[^']{0,200}'(?![\\p{N}]|" + LETTER + ")",
              F_QUOTE, 0),
          new Rule(Placeholder.URL, "[a-z][a-z0-9+.-]*://" + BODY + "*" + TAIL, F_SCHEME, 0),
          new Rule(
              Placeholder.ARN,
              "arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:" + BODY + "*" + TAIL,
              F_ARN, 0),
          new Rule(
              Placeholder.PATH,
              "(?<![\\p{N}_./\\\\~-])(?<!" + LETTER + ")(?:[a-z]:\\\\|\\\\\\\\|~/|\\.{1,2}/|/)" + BODY + "*" + TAIL,
              F_SLASH, 0),
          new Rule(Placeholder.EMAIL, "[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)+", F_AT | F_DOT, 0),
          new Rule(Placeholder.HOST, HOST, F_DOT, 0),
          new Rule(
              Placeholder.UUID,
              "(?<![0-9a-z])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-z])",
              F_HYPHEN, 0),
          new Rule(
              Placeholder.TIME,
              "(?<![0-9a-z:.])(?:[0-9]{4}[-/][0-9]{2}[-/][0-9]{2}"
                  + "(?:[t ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[.,][0-9]+)?)?"
                  + "|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[.,][0-9]+)?)"
                  + "(?: ?(?:z|utc|gmt|jst|[+-][0-9]{2}(?::?[0-9]{2})?))?(?![0-9a-z]|[.:][0-9])",
              F_DIGIT, F_COLON | F_HYPHEN | F_SLASH),
          new Rule(
              Placeholder.IP,
              "\\[[0-9a-f:.]*:[0-9a-f:.]*\\](?::[0-9]{1,5})?"
                  + "|(?<![0-9a-z.])[0-9]{1,3}(?:\\.[0-9]{1,3}){3}(?::[0-9]{1,5})?(?![0-9a-z]|\\.[0-9])"
                  + "|(?<![0-9a-z:.])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}"
                  + "|[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?"
                  + "|::[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)(?![0-9a-z]|:[0-9a-f])",
              0, F_IP6 | F_DIGIT),
          new Rule(
              Placeholder.HEX,
              "(?<![0-9a-z_])(?:0x[0-9a-f]+|(?=[0-9a-f]*[0-9])[0-9a-f]{8,})(?![0-9a-z_])",
              F_DIGIT, 0),
          new Rule(
              Placeholder.DUR,
              "(?<![0-9a-z_])(?<![0-9a-z_]\\.)[0-9]+(?:\\.[0-9]+)?"
                  + "(?:(?:ns|us|\u03bcs|ms|s|m|h|d)(?:[0-9]+(?:\\.[0-9]+)?(?:ns|us|\u03bcs|ms|s|m|h))*(?![0-9a-z_])"
                  + "| ?(?:milliseconds?|msecs?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)(?![a-z])"
                  + "| ?(?:ミリ秒|秒|分|時間|日))",
              F_DIGIT, 0),
          new Rule(
              Placeholder.NUM,
              "(?<![0-9a-z_])(?<![0-9a-z_]\\.)[0-9]+(?:[.,][0-9]+)*(?![0-9a-z_])",
              F_DIGIT, 0));

  private Normalizer() {}

  /** One masking rule: what it masks as, its pattern, and the features it needs (all of {@code needs}, and one of {@code needsAny} when non-zero). */
  record Rule(Placeholder placeholder, Pattern pattern, int needs, int needsAny) {
    Rule(Placeholder placeholder, String regex, int needs, int needsAny) {
      this(placeholder, Pattern.compile(regex), needs, needsAny);
    }

    boolean applies(int features) {
      return (features & needs) == needs && (needsAny == 0 || (features & needsAny) != 0);
    }
  }

  static int features(String s) {
    int f = 0;
    int colons = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> f |= F_DIGIT;
        case '"', '\'', '`', '“', '‘', '「', '『' -> f |= F_QUOTE;
        case '/', '\\' -> f |= F_SLASH;
        case '@' -> f |= F_AT;
        case '-' -> f |= F_HYPHEN;
        case '[' -> f |= F_IP6;
        case '.' -> f |= F_DOT;
        case ':' -> {
          f |= F_COLON;
          colons++;
          if (i + 2 < s.length() && s.charAt(i + 1) == '/' && s.charAt(i + 2) == '/') {
            f |= F_SCHEME;
          }
          if (i + 1 < s.length() && s.charAt(i + 1) == ':') {
            f |= F_IP6;
          }
          if (i >= 3 && s.regionMatches(i - 3, "arn", 0, 3)) {
            f |= F_ARN;
          }
        }
        default -> { }
      }
    }
    return colons >= 7 ? f | F_IP6 : f;
  }

  /**
   * The result of normalising one text.
   *
   * @param text the folded text (what signature regexes run on)
   * @param masked the folded text with variable parts replaced by placeholders
   * @param tokens the search tokens of the masked text, in order, with repeats
   */
  public record Normalized(String text, String masked, List<String> tokens) {
    public Normalized {
      tokens = List.copyOf(tokens);
    }
  }

  /** Folds, masks and tokenises {@code input}. */
  public static Normalized normalize(String input) {
    String text = fold(input);
    String masked = mask(text);
    return new Normalized(text, masked, tokenize(masked));
  }

  /**
   * Step 1–5 of the spec: strip ANSI escapes, NFKC, lower-case (root locale), drop zero-width
   * characters, collapse whitespace and control characters to single spaces, trim.
   */
  public static String fold(String input) {
    String s = input;
    if (isAscii(s)) {
      return foldAscii(s);
    }
    if (s.indexOf('\u001b') >= 0) {
      s = ANSI.matcher(s).replaceAll("");
    }
    s = java.text.Normalizer.normalize(s, Form.NFKC);
    s = dropInvisible(s);
    s = s.toLowerCase(Locale.ROOT);
    return collapseSpaces(s);
  }

  /** {@code INVISIBLE} removed, in one pass (the regex was 2 % of a cold build's CPU; {@code NormalizerFoldTest} keeps it as the oracle). */
  private static String dropInvisible(String s) {
    int i = 0;
    int n = s.length();
    while (i < n && !isInvisible(s.charAt(i))) {
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder b = new StringBuilder(n).append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (!isInvisible(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }

  static boolean isInvisible(char c) {
    return (c >= '\u200b' && c <= '\u200d') || c == '\u2060' || c == '\ufeff';
  }

  /** Runs of {@code SPACE} become one space, none at either end: the regex replacement and trim in one pass. */
  private static String collapseSpaces(String s) {
    int n = s.length();
    StringBuilder b = new StringBuilder(n);
    boolean space = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        space = b.length() > 0;
        continue;
      }
      if (space) {
        b.append(' ');
        space = false;
      }
      b.append(c);
    }
    return b.toString();
  }

  static boolean isSpace(char c) {
    return c <= 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u1680' || (c >= '\u2000' && c <= '\u200a')
        || c == '\u2028' || c == '\u2029' || c == '\u202f' || c == '\u205f' || c == '\u3000';
  }

  /** The same steps for text without escape or non-ASCII characters (most log lines), in one pass. */
  private static String foldAscii(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        space = b.length() > 0;
        continue;
      }
      if (space) {
        b.append(' ');
        space = false;
      }
      b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return b.toString();
  }

  /**
   * {@link #fold} of the ASCII bytes {@code b[from, to)} (no ESC among them): the same steps as
   * {@link #foldAscii(String)} over bytes, for a scanned line that was never made a string.
   */
  static String foldAscii(byte[] b, int from, int to) {
    byte[] out = new byte[to - from];
    int n = 0;
    boolean space = false;
    for (int i = from; i < to; i++) {
      int c = b[i];
      if (c <= 0x20 || c == 0x7f) {
        space = n > 0;
        continue;
      }
      if (space) {
        out[n++] = ' ';
        space = false;
      }
      out[n++] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return new String(out, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || c == 0x1b) {
        return false;
      }
    }
    return true;
  }

  /** Step 6: replaces variable parts of folded text by placeholders, rule by rule in order. */
  public static String mask(String folded) {
    String s = folded;
    int features = features(folded);
    for (Rule r : RULES) {
      if (!r.applies(features)) {
        continue;
      }
      Matcher m = r.pattern().matcher(s);
      if (m.find()) {
        StringBuilder sb = new StringBuilder(s.length());
        int last = 0;
        do {
          sb.append(s, last, m.start()).append(r.placeholder().token());
          last = m.end();
        } while (m.find());
        sb.append(s, last, s.length());
        s = sb.toString();
      }
    }
    return s;
  }

  /**
   * Step 7: tokens of masked text: placeholders, words of letters/digits/marks/underscore, and
   * Han/Hiragana/Katakana runs as overlapping bigrams (a one-character run as a unigram).
   */
  public static List<String> tokenize(String masked) {
    int[][] buf = {new int[32]};
    int count = tokenSpans(masked, 0, masked.length(), buf);
    List<String> out = new ArrayList<>(count);
    for (int t = 0; t < count; t++) {
      out.add(masked.substring(buf[0][2 * t], buf[0][2 * t + 1]));
    }
    return out;
  }

  /**
   * The tokens of {@code s} between {@code from} and {@code to}, as {@code [start, end)} offset
   * pairs written into {@code buf[0]} (grown as needed); returns how many tokens. The one
   * tokeniser: {@link #tokenize} and the index's template pass (no strings for non-anchors) share it.
   */
  static int tokenSpans(String s, int from, int to, int[][] buf) {
    int count = 0;
    int i = from;
    while (i < to) {
      int cp = s.codePointAt(i);
      if (cp == '<') {
        var p = Placeholder.at(s, i);
        if (p.isPresent() && i + p.get().token().length() <= to) {
          count = span(buf, count, i, i + p.get().token().length());
          i += p.get().token().length();
          continue;
        }
      }
      if (isCjk(cp)) {
        int start = i;
        int prev = -1; // where the previous character of the run starts
        while (i < to) {
          int c = s.codePointAt(i);
          if (!isCjk(c)) {
            break;
          }
          int next = i + Character.charCount(c);
          if (prev >= 0) {
            count = span(buf, count, prev, next); // the bigram ending here
          }
          prev = i;
          i = next;
        }
        if (prev == start) {
          count = span(buf, count, start, i);
        }
        continue;
      }
      if (isWord(cp)) {
        int start = i;
        while (i < to) {
          int c = s.codePointAt(i);
          if (!isWord(c) || isCjk(c)) {
            break;
          }
          i += Character.charCount(c);
        }
        count = span(buf, count, start, i);
        continue;
      }
      i += Character.charCount(cp);
    }
    return count;
  }

  private static int span(int[][] buf, int count, int start, int end) {
    if (2 * count + 2 > buf[0].length) {
      buf[0] = java.util.Arrays.copyOf(buf[0], buf[0].length * 2 + 2);
    }
    buf[0][2 * count] = start;
    buf[0][2 * count + 1] = end;
    return count + 1;
  }

  /** Han, Hiragana, Katakana, or the prolonged sound mark (which Unicode files under Common). */
  static boolean isCjk(int cp) {
    if (cp < 0x2e80) {
      return false;
    }
    if (cp == 0x30fc || (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30a1 && cp <= 0x30fa)
        || (cp >= 0x4e00 && cp <= 0x9fef)) {
      return true; // the common kana and ideographs, without the script table lookup
    }
    Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
    return sc == Character.UnicodeScript.HAN
        || sc == Character.UnicodeScript.HIRAGANA
        || sc == Character.UnicodeScript.KATAKANA;
  }

  /** General category L*, M* or N*, or underscore (CJK is tested first by callers). */
  static boolean isWord(int cp) {
    if (cp < 0x80) {
      return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '_' || (cp >= 'A' && cp <= 'Z');
    }
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER:
      case Character.LOWERCASE_LETTER:
      case Character.TITLECASE_LETTER:
      case Character.MODIFIER_LETTER:
      case Character.OTHER_LETTER:
      case Character.NON_SPACING_MARK:
      case Character.COMBINING_SPACING_MARK:
      case Character.ENCLOSING_MARK:
      case Character.DECIMAL_DIGIT_NUMBER:
      case Character.LETTER_NUMBER:
      case Character.OTHER_NUMBER:
        return true;
      default:
        return false;
    }
  }
}
