package dev.errorkb.render;

import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.ast.HtmlBlock;
import com.vladsch.flexmark.ast.HtmlCommentBlock;
import com.vladsch.flexmark.ast.HtmlInline;
import com.vladsch.flexmark.ast.HtmlInlineComment;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;

/** Plain text of Markdown, for summaries, search data and errors.json: the walk and the shortcuts. */
final class PlainText {
  private PlainText() {}

  /**
   * The text of a parsed document: inline text and code as written, a space for soft breaks,
   * blank lines between blocks. Our own walk rather than flexmark's TextCollectingVisitor, which
   * trips an internal assertion on fenced code inside list items.
   */
  static String collectText(Node doc) {
    StringBuilder sb = new StringBuilder();
    collect(doc, sb);
    return sb.toString();
  }

  static void collect(Node node, StringBuilder sb) {
    if (node instanceof com.vladsch.flexmark.ast.Text || node instanceof com.vladsch.flexmark.ast.TextBase) {
      sb.append(node.getChars());
      return;
    }
    if (node instanceof com.vladsch.flexmark.ast.Code c) {
      sb.append(c.getText());
      return;
    }
    if (node instanceof com.vladsch.flexmark.ast.SoftLineBreak) {
      sb.append(' ');
      return;
    }
    if (node instanceof com.vladsch.flexmark.ast.HardLineBreak) {
      sb.append('\n');
      return;
    }
    if (node instanceof com.vladsch.flexmark.ast.FencedCodeBlock f) {
      sb.append(f.getContentChars().toString().stripTrailing()).append("\n\n");
      return;
    }
    if (node instanceof com.vladsch.flexmark.ast.IndentedCodeBlock || node instanceof HtmlBlock || node instanceof HtmlCommentBlock) {
      sb.append(node.getChars().toString().stripTrailing()).append("\n\n");
      return;
    }
    if (node instanceof HtmlInline || node instanceof HtmlInlineComment) {
      sb.append(node.getChars());
      return;
    }
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      collect(child, sb);
    }
    if (node instanceof com.vladsch.flexmark.util.ast.Block && !(node instanceof Document)
        && !(node instanceof com.vladsch.flexmark.ast.ListBlock)) {
      if (node instanceof com.vladsch.flexmark.ast.Paragraph || node instanceof com.vladsch.flexmark.ast.Heading) {
        sb.append("\n\n");
      } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
        sb.append('\n');
      }
    }
  }

  /** Characters that can start any Markdown construct of this parser (or an autolink). */
  static final String MARKUP = "\\`*_[]<>!&#~|-+=:@";

  /**
   * Whether {@code md} is one line of text that no Markdown construct can touch, so that its plain
   * text is the text itself: no markup character, no "www", no control character, nothing blank at
   * the ends, and no digit first (an ordered list). Summaries mostly are; parsing each of them cost
   * a whole flexmark parse.
   */
  static boolean isPlainProse(String md) {
    int n = md.length();
    if (n == 0 || md.charAt(0) <= ' ' || md.charAt(n - 1) <= ' ' || Character.isWhitespace(md.charAt(0))
        || Character.isWhitespace(md.charAt(n - 1)) || (md.charAt(0) >= '0' && md.charAt(0) <= '9')) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = md.charAt(i);
      if (c < ' ' || c == 0x7f || MARKUP.indexOf(c) >= 0) {
        return false;
      }
      if ((c | 0x20) == 'w' && i + 2 < n && (md.charAt(i + 1) | 0x20) == 'w' && (md.charAt(i + 2) | 0x20) == 'w') {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs of blanks ({@code [ \t\x0B\f\r]}) become one space, runs of three or more line breaks
   * two, nothing blank at either end. One pass instead of two regex replacements: it runs on every
   * rendered text (3 % of a cold build's CPU as regexes); {@code PlainTextTest} holds the regex
   * form as its oracle.
   */
  static String normaliseText(String text) {
    int n = text.length();
    StringBuilder sb = new StringBuilder(n);
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (isBlank(c)) {
        do {
          i++;
        } while (i < n && isBlank(text.charAt(i)));
        sb.append(' ');
      } else if (c == '\n') {
        int start = i;
        do {
          i++;
        } while (i < n && text.charAt(i) == '\n');
        if (i - start >= 3) {
          sb.append("\n\n");
        } else {
          sb.append(text, start, i);
        }
      } else {
        sb.append(c);
        i++;
      }
    }
    return sb.toString().strip();
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == 0x0B || c == '\f' || c == '\r';
  }

}
