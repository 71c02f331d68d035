package dev.errorkb.render;

import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.ast.NodeVisitor;
import com.vladsch.flexmark.util.sequence.BasedSequence;
import dev.errorkb.model.Problem;
import dev.errorkb.render.Markdown.Fragment;
import dev.errorkb.render.Markdown.Html;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the fragments of one language file (intro and sections) from one parse and, where it
 * can, one render, exactly as {@link Markdown#render} renders each (see {@link Markdown#renderAll}).
 */
final class JoinedRenderer {
  /**
   * Separates fragments in the one document {@link Markdown#renderAll} parses: an empty ATX heading ends
   * every open block (paragraph, list, quote, table) the way the end of a fragment does.
   */
  private static final String SEPARATOR = "\n#\n";

  private final Parser parser;
  private final HtmlRenderer renderer;

  JoinedRenderer(Parser parser, HtmlRenderer renderer) {
    this.parser = parser;
    this.renderer = renderer;
  }

  /** The combined parse of {@link Markdown#renderAll}, or null when it cannot stand in for separate parses. */
  List<Html> render(List<Fragment> fragments, LinkTarget target, List<Problem> problems) {
    int n = fragments.size();
    int[] start = new int[n];
    int length = 0;
    for (Fragment f : fragments) {
      if (ParseGuard.refusedBeforeParsing(f.markdown())) {
        return null;
      }
      length += f.markdown().length() + SEPARATOR.length();
    }
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(SEPARATOR);
      }
      start[i] = sb.length();
      sb.append(fragments.get(i).markdown());
    }
    String source = sb.toString();
    try {
      Document doc = parser.parse(source);
      if (!Parser.REFERENCES.get(doc).isEmpty()) {
        return null;
      }
      // The separator before fragment i starts at start[i] - SEPARATOR.length() + 1 and must be
      // a top-level heading of its own: then every block before it was closed, as at the end of
      // a fragment, and the parser starts the next fragment from a clean state.
      Node[] first = new Node[n];
      Node[] separators = new Node[n];
      Node child = doc.getFirstChild();
      int withHeadings = 0;
      for (int i = 0; i < n; i++) {
        int end = i + 1 < n ? start[i + 1] - SEPARATOR.length() + 1 : source.length();
        first[i] = child;
        boolean headings = false;
        while (child != null && child.getStartOffset() < end) {
          headings |= hasHeading(child);
          child = child.getNext();
        }
        withHeadings += headings ? 1 : 0;
        if (i + 1 < n) {
          if (!(child instanceof Heading h) || h.getStartOffset() != end || h.getEndOffset() > end + 2) {
            return null;
          }
          separators[i] = child;
          child = child.getNext();
        }
      }
      if (child != null) {
        return null;
      }
      String[] text = new String[n];
      List<Problem> found = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Fragment f = fragments.get(i);
        LinkRewriter checker = new LinkRewriter(source, start[i], f.at(), target, found);
        StringBuilder plain = f.wantText() ? new StringBuilder() : null;
        for (Node c = first[i]; c != null && c != separators[i]; c = c.getNext()) {
          if (plain != null) {
            PlainText.collect(c, plain);
          }
        }
        text[i] = plain == null ? null : PlainText.normaliseText(plain.toString());
        NodeVisitor links = Markdown.linkVisitor(checker, found);
        for (Node c = first[i]; c != null && c != separators[i]; c = c.getNext()) {
          links.visit(c);
        }
      }
      String[] html = withHeadings <= 1 ? renderOnce(doc, separators) : renderEach(doc, first, separators);
      if (html == null) {
        return null;
      }
      List<Html> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(new Html(html[i], text[i]));
      }
      problems.addAll(found);
      return out;
    } catch (StackOverflowError e) {
      return null;
    }
  }

  /** Whether a heading is in {@code block} or below it (headings get ids, numbered per document). */
  private static boolean hasHeading(Node block) {
    if (block instanceof Heading) {
      return true;
    }
    if (block instanceof com.vladsch.flexmark.ast.Paragraph || !(block instanceof com.vladsch.flexmark.util.ast.Block)) {
      return false;
    }
    for (Node c = block.getFirstChild(); c != null; c = c.getNext()) {
      if (hasHeading(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Marks where one fragment's HTML ends in a document rendered once; flexmark turns every NUL of
   * its input into U+FFFD, so the mark cannot come from content.
   */
  static final String PART_BREAK = "\u0000part\u0000";

  /** Stands where a separator heading was, and renders as {@link #PART_BREAK} on a line of its own. */
  static final class PartBreak extends com.vladsch.flexmark.util.ast.Block {
    @Override
    public BasedSequence[] getSegments() {
      return EMPTY_SEGMENTS;
    }
  }

  /**
   * Renders the whole document once and cuts it at the part breaks: rendering has a large fixed
   * cost too (every node renderer is created per render). Only when at most one fragment has
   * headings, since heading ids are numbered per rendered document. Null if the cut does not
   * give one piece per fragment.
   */
  private String[] renderOnce(Document doc, Node[] separators) {
    int n = separators.length;
    for (int i = 0; i + 1 < n; i++) {
      separators[i].insertBefore(new PartBreak());
      separators[i].unlink();
    }
    String all = renderer.render(doc);
    String[] html = new String[n];
    int from = 0;
    for (int i = 0; i < n; i++) {
      int at = i + 1 < n ? all.indexOf(PART_BREAK + "\n", from) : all.length();
      if (at < 0) {
        return null;
      }
      html[i] = all.substring(from, at);
      from = at + PART_BREAK.length() + 1;
    }
    for (String h : html) {
      if (h.contains(PART_BREAK)) {
        return null;
      }
    }
    return html;
  }

  /** Moves each fragment's blocks into a document of its own and renders each. */
  private String[] renderEach(Document doc, Node[] first, Node[] separators) {
    int n = first.length;
    Document[] parts = new Document[n];
    for (int i = 0; i < n; i++) {
      parts[i] = new Document(doc, doc.getChars());
      Node c = first[i];
      while (c != null && c != separators[i]) {
        Node next = c.getNext();
        parts[i].appendChild(c);
        c = next;
      }
    }
    String[] html = new String[n];
    for (int i = 0; i < n; i++) {
      html[i] = renderer.render(parts[i]);
    }
    return html;
  }
}
