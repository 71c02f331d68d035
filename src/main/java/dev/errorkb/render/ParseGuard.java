package dev.errorkb.render;

import com.vladsch.flexmark.ast.Reference;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;

/**
 * The checks that refuse a Markdown text before (or right after) parsing it, because flexmark
 * would take quadratic time, overflow its stack or amplify the text (issue 6, issue 12); each says
 * where, so {@link Markdown} can report a located problem instead of stalling the build.
 */
final class ParseGuard {
  private ParseGuard() {}

  /**
   * Quote and list markers nested on one line ({@code "1. 1. 1. …"}, {@code "> > > …"}) beyond this
   * are refused before parsing: flexmark takes time quadratic in that depth (20,000 markers, 60 KB,
   * took 40 s), so one hostile file could stall the build (issue 6). Even at 16, 270 KB of such
   * lines take about 7 s; real content nests two or three.
   */
  static final int MAX_LINE_NESTING = 16;

  /**
   * The longest ATX heading accepted, in characters of its line. flexmark's heading parsing and id
   * generation take time quadratic in a run of interior spaces (a 160 KB heading took 80 s; 32,000
   * spaces 7.6 s); at this length it is a few milliseconds. Real headings are under 100.
   */
  static final int MAX_HEADING_CHARS = 1_000;

  /** True when {@link Markdown#render} refuses the text before parsing it (and says why). */
  static boolean refusedBeforeParsing(String md) {
    return tooDeepLine(md) >= 0 || tooLongHeadingLine(md) >= 0 || tooLongLinkTitleLine(md) >= 0;
  }

  /** Longest link title accepted: flexmark's title regex recurses per character and overflowed at ~1,500. */
  static final int MAX_LINK_TITLE_CHARS = 500;

  /**
   * The 0-based line of the first link title (after {@code ](url} or a reference definition's
   * {@code ]: url}) longer than {@link #MAX_LINK_TITLE_CHARS}, or -1. A title may run over lines, so
   * the quoted text is followed to its closing quote; an unclosed one counts to the end. Linear.
   */
  static int tooLongLinkTitleLine(String md) {
    int n = md.length();
    int from = 0;
    while (true) {
      int a = md.indexOf(']', from);
      if (a < 0 || a + 1 >= n) {
        return -1;
      }
      from = a + 1;
      char next = md.charAt(a + 1);
      if (next != ':' && next != '(') {
        continue;
      }
      // The destination: skip spaces, then a <...> or a run without spaces.
      int i = a + 2;
      while (i < n && (md.charAt(i) == ' ' || md.charAt(i) == '\t')) {
        i++;
      }
      if (i < n && md.charAt(i) == '<') {
        int close = md.indexOf('>', i);
        i = close < 0 ? n : close + 1;
      } else {
        while (i < n && !Character.isWhitespace(md.charAt(i)) && md.charAt(i) != ')') {
          i++;
        }
      }
      while (i < n && Character.isWhitespace(md.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return -1;
      }
      char open = md.charAt(i);
      char close = open == '"' ? '"' : open == '\'' ? '\'' : open == '(' ? ')' : 0;
      if (close == 0) {
        continue;
      }
      int end = i + 1;
      while (end < n && md.charAt(end) != close) {
        end += md.charAt(end) == '\\' ? 2 : 1;
      }
      if (Math.min(end, n) - i - 1 > MAX_LINK_TITLE_CHARS) {
        return lineOf(md, a);
      }
      from = Math.max(from, Math.min(end, n));
    }
  }

  /** The 0-based index of the first ATX heading line (also inside quotes and lists) longer than {@link #MAX_HEADING_CHARS}, or -1. */
  static int tooLongHeadingLine(String md) {
    int n = md.length();
    int line = 0;
    int i = 0;
    while (i < n) {
      int eol = md.indexOf('\n', i);
      if (eol < 0) {
        eol = n;
      }
      if (eol - i > MAX_HEADING_CHARS) {
        int j = i;
        while (j < eol) {
          char c = md.charAt(j);
          if (c == ' ' || c == '\t' || c == '>') {
            j++;
          } else if ((c == '-' || c == '+' || c == '*') && j + 1 < eol && (md.charAt(j + 1) == ' ' || md.charAt(j + 1) == '\t')) {
            j += 2;
          } else if (c >= '0' && c <= '9') {
            int k = j;
            while (k < eol && k - j < 9 && md.charAt(k) >= '0' && md.charAt(k) <= '9') {
              k++;
            }
            if (k + 1 < eol && (md.charAt(k) == '.' || md.charAt(k) == ')') && (md.charAt(k + 1) == ' ' || md.charAt(k + 1) == '\t')) {
              j = k + 2;
            } else {
              break;
            }
          } else {
            break;
          }
        }
        if (j < eol && md.charAt(j) == '#') {
          return line;
        }
      }
      i = eol + 1;
      line++;
    }
    return -1;
  }

  /**
   * Characters that uses of link references may add to one fragment's HTML. Each use of
   * {@code [x]} repeats its definition's URL and title, so 108 KB of Markdown rendered a 200 MB
   * page and 380 KB ran out of memory (issue 12). flexmark buffers the whole page before
   * writing it, so the bound is checked on the parsed document, before rendering.
   */
  static final int MAX_REFERENCE_CHARS = 2_000_000;

  /** The source offset of the reference use that takes a document over {@link #MAX_REFERENCE_CHARS}, or -1. */
  static int amplifiedAt(Document doc) {
    com.vladsch.flexmark.ast.util.ReferenceRepository refs = Parser.REFERENCES.get(doc);
    if (refs.isEmpty()) {
      return -1;
    }
    long added = 0;
    for (Node node : doc.getDescendants()) {
      if (node instanceof com.vladsch.flexmark.ast.RefNode r && r.isDefined()) {
        Reference ref = r.getReferenceNode(refs);
        if (ref != null) {
          added += ref.getUrl().length() + ref.getTitle().length();
          if (added > MAX_REFERENCE_CHARS) {
            return r.getStartOffset();
          }
        }
      }
    }
    return -1;
  }

  /** The 0-based line of {@code offset} in {@code md}. */
  static int lineOf(String md, int offset) {
    int line = 0;
    for (int i = 0; i < offset && i < md.length(); i++) {
      if (md.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** The 0-based index of the first line nesting more than {@link #MAX_LINE_NESTING} containers, or -1. */
  static int tooDeepLine(String md) {
    int n = md.length();
    int line = 0;
    int i = 0;
    while (i < n) {
      int eol = md.indexOf('\n', i);
      if (eol < 0) {
        eol = n;
      }
      int depth = 0;
      int j = i;
      while (j < eol) {
        char c = md.charAt(j);
        if (c == ' ' || c == '\t') {
          j++;
          continue;
        }
        int k = j;
        while (k < eol && k - j < 9 && md.charAt(k) >= '0' && md.charAt(k) <= '9') {
          k++;
        }
        if (c == '>') {
          j++;
        } else if ((c == '-' || c == '+' || c == '*') && j + 1 < eol && (md.charAt(j + 1) == ' ' || md.charAt(j + 1) == '\t')) {
          j += 2;
        } else if (k > j && k + 1 < eol && (md.charAt(k) == '.' || md.charAt(k) == ')') && (md.charAt(k + 1) == ' ' || md.charAt(k + 1) == '\t')) {
          j = k + 2;
        } else {
          break;
        }
        depth++;
      }
      // A line of one of '*', '-', '_' and spaces only is a thematic break, not nesting.
      if (depth > MAX_LINE_NESTING && !md.substring(i, eol).strip().replaceAll("[ \t]", "").matches("\\*+|-+|_+")) {
        return line;
      }
      i = eol + 1;
      line++;
    }
    return -1;
  }

}
