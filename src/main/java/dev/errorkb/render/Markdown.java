package dev.errorkb.render;

import com.vladsch.flexmark.ast.AutoLink;
import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.ast.HtmlBlock;
import com.vladsch.flexmark.ast.HtmlCommentBlock;
import com.vladsch.flexmark.ast.HtmlInline;
import com.vladsch.flexmark.ast.HtmlInlineComment;
import com.vladsch.flexmark.ast.Image;
import com.vladsch.flexmark.ast.Link;
import com.vladsch.flexmark.ast.Reference;
import com.vladsch.flexmark.ext.autolink.AutolinkExtension;
import com.vladsch.flexmark.ext.autolink.internal.AutolinkNodePostProcessor;
import com.vladsch.flexmark.ext.gfm.strikethrough.StrikethroughExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.html.HtmlWriter;
import com.vladsch.flexmark.html.renderer.NodeRenderer;
import com.vladsch.flexmark.html.renderer.NodeRendererContext;
import com.vladsch.flexmark.html.renderer.NodeRenderingHandler;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.parser.block.NodePostProcessor;
import com.vladsch.flexmark.parser.block.NodePostProcessorFactory;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.ast.NodeTracker;
import com.vladsch.flexmark.util.ast.NodeVisitor;
import com.vladsch.flexmark.util.ast.VisitHandler;
import com.vladsch.flexmark.util.data.MutableDataHolder;
import com.vladsch.flexmark.util.data.MutableDataSet;
import com.vladsch.flexmark.util.sequence.BasedSequence;
import com.vladsch.flexmark.util.sequence.Escaping;
import dev.errorkb.model.Entry;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import dev.errorkb.util.SitePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown to safe HTML. The parser and renderer are built once and shared (they are
 * thread-safe); raw HTML is escaped unless its tag is on the site's allow-list, and every link
 * is checked and made relative to the page it appears on.
 */
public final class Markdown {
  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");
  private static final Pattern ENTRY_LINK = Pattern.compile("^\\.\\./(" + Entry.ID_PATTERN + ")(?:/(?:index\\.html)?)?$");
  private static final Pattern SIMPLE_TAG = Pattern.compile("^<(/?)([a-zA-Z][a-zA-Z0-9]*)\\s*(/?)>$");

  private final Parser parser;
  private final HtmlRenderer renderer;
  private final Set<String> allowHtml;

  public Markdown(Set<String> allowHtml) {
    this(allowHtml, false);
  }

  /** @param stockAutolink flexmark's autolink extension as is, not {@link QuietAutolink} (tests compare the two) */
  Markdown(Set<String> allowHtml, boolean stockAutolink) {
    this.allowHtml = Set.copyOf(allowHtml);
    MutableDataSet options = new MutableDataSet();
    options.set(Parser.EXTENSIONS, List.of(TablesExtension.create(),
        stockAutolink ? AutolinkExtension.create() : new QuietAutolink(), StrikethroughExtension.create(), new SafeHtml(this.allowHtml)));
    options.set(HtmlRenderer.GENERATE_HEADER_ID, true);
    options.set(HtmlRenderer.RENDER_HEADER_ID, true);
    options.set(HtmlRenderer.ESCAPE_HTML_BLOCKS, true);
    options.set(HtmlRenderer.ESCAPE_HTML_COMMENT_BLOCKS, true);
    options.set(HtmlRenderer.SOFT_BREAK, "\n");
    options.set(TablesExtension.WITH_CAPTION, false);
    options.set(TablesExtension.CLASS_NAME, "table");
    options.toImmutable();
    this.parser = Parser.builder(options).build();
    this.renderer = HtmlRenderer.builder(options).build();
  }

  /**
   * Renders one Markdown fragment of an entry page, checking links against {@code target}.
   *
   * @param at where the fragment's first line is in its file, for located problems
   */
  public String render(String markdown, SourcePos at, LinkTarget target, List<Problem> problems) {
    int deep = tooDeepLine(markdown);
    if (deep >= 0) {
      problems.add(Problem.error(new SourcePos(at.path(), at.line() + deep, 1), "markdown-too-deep",
          "more than " + MAX_LINE_NESTING + " quote or list markers nested on one line; the parser's time grows with the square of that depth"));
      return "";
    }
    int longHeading = tooLongHeadingLine(markdown);
    if (longHeading >= 0) {
      problems.add(Problem.error(new SourcePos(at.path(), at.line() + longHeading, 1), "heading-too-long",
          "heading longer than " + MAX_HEADING_CHARS + " characters; the parser's time grows with the square of a heading's"
              + " length (issue 12). Shorten it and move the rest into the text below"));
      return "";
    }
    int longTitle = tooLongLinkTitleLine(markdown);
    if (longTitle >= 0) {
      problems.add(Problem.error(new SourcePos(at.path(), at.line() + longTitle, 1), "link-title-too-long",
          "link title longer than " + MAX_LINK_TITLE_CHARS + " characters; the parser reads titles by recursion and a title"
              + " of about 1,500 overflows it (issue 12). Shorten the title (the text in quotes after the link's URL)"));
      return "";
    }
    try {
      return renderChecked(markdown, at, target, problems);
    } catch (StackOverflowError e) {
      // flexmark recurses once per nesting level, and its thematic-break regex once per marker:
      // ~400 nested list markers or a line of ~1800 '*' overflow a 1 MiB stack. One hostile file
      // must be a located problem, not a crashed build (issue 6).
      problems.add(Problem.error(at, "markdown-too-deep",
          "Markdown too deeply nested for the parser (hundreds of nested lists or quotes, or a line of thousands of '*', '-' or '_'); simplify this section"));
      return "";
    }
  }

  private String renderChecked(String markdown, SourcePos at, LinkTarget target, List<Problem> problems) {
    Document doc = parser.parse(markdown);
    int amplified = amplifiedAt(doc);
    if (amplified >= 0) {
      problems.add(Problem.error(new SourcePos(at.path(), at.line() + lineOf(markdown, amplified), 1), "rendered-too-large",
          "link references make this section's HTML too large: their uses repeat the referenced URLs and titles over "
              + MAX_REFERENCE_CHARS + " characters from here on (issue 12); use each reference fewer times or shorten its URL"));
      return "";
    }
    List<Problem> found = new ArrayList<>();
    checkLinks(doc, new LinkChecker(markdown, 0, at, target, found), found);
    problems.addAll(found);
    return renderer.render(doc);
  }

  private static void checkLinks(Node doc, LinkChecker checker, List<Problem> found) {
    linkVisitor(checker, found).visit(doc);
  }

  private static NodeVisitor linkVisitor(LinkChecker checker, List<Problem> found) {
    return new NodeVisitor(
        new VisitHandler<>(Link.class, n -> n.setUrl(checker.check(n, n.getUrl().toString(), false))),
        new VisitHandler<>(Image.class, n -> {
          n.setUrl(checker.check(n, n.getUrl().toString(), true));
          if (n.getText().isBlank()) {
            found.add(Problem.warning(checker.pos(n), "image-alt", "image has no alt text; describe it for screen readers: ![what it shows](" + n.getUrl() + ")"));
          }
        }),
        new VisitHandler<>(AutoLink.class, n -> checker.check(n, n.getUrl().toString(), false)),
        new VisitHandler<>(Reference.class, n -> n.setUrl(checker.check(n, n.getUrl().toString(), false))));
  }

  /**
   * One Markdown fragment of a language file (its intro or one section).
   *
   * @param at where the fragment's first line is in its file
   * @param wantText whether {@link Html#plainText()} is wanted for it
   */
  record Fragment(String markdown, SourcePos at, boolean wantText) {}

  /** A rendered fragment; {@code plainText} is null unless it was wanted and the fragment parsed. */
  record Html(String html, String plainText) {}

  /**
   * Separates fragments in the one document {@link #renderAll} parses: an empty ATX heading ends
   * every open block (paragraph, list, quote, table) the way the end of a fragment does.
   */
  private static final String SEPARATOR = "\n#\n";

  /**
   * Renders the fragments of one language file exactly as {@link #render} renders each, with the
   * same problems, but parses them as one document: a parse has a large fixed cost in flexmark
   * (parser state, block and inline parsers, table patterns), and an entry page has four to six
   * fragments. The combined parse is used only when it provably splits into the same blocks: every
   * separator must come out as its own top-level heading (an unclosed fence or an HTML block
   * would swallow it), and no fragment may define a link reference (a definition would reach
   * the other fragments). Otherwise, and for anything too deep, the fragments are rendered one by one.
   */
  List<Html> renderAll(List<Fragment> fragments, LinkTarget target, List<Problem> problems) {
    if (fragments.size() > 1) {
      List<Html> joined = renderJoined(fragments, target, problems);
      if (joined != null) {
        return joined;
      }
    }
    List<Html> out = new ArrayList<>(fragments.size());
    for (Fragment f : fragments) {
      out.add(renderOne(f, target, problems));
    }
    return out;
  }

  private Html renderOne(Fragment f, LinkTarget target, List<Problem> problems) {
    if (refusedBeforeParsing(f.markdown())) {
      return new Html(render(f.markdown(), f.at(), target, problems), null);
    }
    try {
      Document doc = parser.parse(f.markdown());
      if (amplifiedAt(doc) >= 0) {
        return new Html(render(f.markdown(), f.at(), target, problems), null);
      }
      String text = f.wantText() ? normaliseText(collectText(doc)) : null;
      List<Problem> found = new ArrayList<>();
      checkLinks(doc, new LinkChecker(f.markdown(), 0, f.at(), target, found), found);
      String html = renderer.render(doc);
      problems.addAll(found);
      return new Html(html, text);
    } catch (StackOverflowError e) {
      return new Html(render(f.markdown(), f.at(), target, problems), null);
    }
  }

  /** The combined parse of {@link #renderAll}, or null when it cannot stand in for separate parses. */
  List<Html> renderJoined(List<Fragment> fragments, LinkTarget target, List<Problem> problems) {
    int n = fragments.size();
    int[] start = new int[n];
    int length = 0;
    for (Fragment f : fragments) {
      if (refusedBeforeParsing(f.markdown())) {
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
        LinkChecker checker = new LinkChecker(source, start[i], f.at(), target, found);
        StringBuilder plain = f.wantText() ? new StringBuilder() : null;
        for (Node c = first[i]; c != null && c != separators[i]; c = c.getNext()) {
          if (plain != null) {
            collect(c, plain);
          }
        }
        text[i] = plain == null ? null : normaliseText(plain.toString());
        NodeVisitor links = linkVisitor(checker, found);
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
  private static final String PART_BREAK = "\u0000part\u0000";

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


  /**
   * The text of a parsed document: inline text and code as written, a space for soft breaks,
   * blank lines between blocks. Our own walk rather than flexmark's TextCollectingVisitor, which
   * trips an internal assertion on fenced code inside list items.
   */
  private static String collectText(Node doc) {
    StringBuilder sb = new StringBuilder();
    collect(doc, sb);
    return sb.toString();
  }

  private static void collect(Node node, StringBuilder sb) {
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

  /** The text content of a Markdown fragment, for summaries, search data and errors.json. */
  public String plainText(String markdown) {
    return isPlainProse(markdown) ? normaliseText(markdown) : parsedPlainText(markdown);
  }

  /** Characters that can start any Markdown construct of this parser (or an autolink). */
  private static final String MARKUP = "\\`*_[]<>!&#~|-+=:@";

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

  /** {@link #plainText} through the parser. */
  String parsedPlainText(String markdown) {
    // Too deep or too long to parse: render() reports it; the raw text is still safe plain text.
    String text = markdown;
    if (!refusedBeforeParsing(markdown)) {
      try {
        text = collectText(parser.parse(markdown));
      } catch (StackOverflowError e) {
        text = markdown;
      }
    }
    return normaliseText(text);
  }

  private static final Pattern BLANKS = Pattern.compile("[ \\t\\x0B\\f\\r]+");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

  /** Runs of blanks become one space, at most one empty line in a row, nothing blank at either end. */
  private static String normaliseText(String text) {
    return BLANK_LINES.matcher(BLANKS.matcher(text).replaceAll(" ")).replaceAll("\n\n").strip();
  }

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

  /** True when {@link #render} refuses the text before parsing it (and says why). */
  static boolean refusedBeforeParsing(String md) {
    return tooDeepLine(md) >= 0 || tooLongHeadingLine(md) >= 0 || tooLongLinkTitleLine(md) >= 0;
  }

  /** Longest link title accepted: flexmark's title regex recurses per character and overflowed at ~1,500. */
  public static final int MAX_LINK_TITLE_CHARS = 500;

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
  private static int lineOf(String md, int offset) {
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

  /** Checks one link and returns the URL to publish. */
  private static final class LinkChecker {
    private final String source;
    private final int start;
    private final SourcePos at;
    private final LinkTarget target;
    private final List<Problem> problems;

    /** @param start where the fragment at {@code at} begins in {@code source} */
    LinkChecker(String source, int start, SourcePos at, LinkTarget target, List<Problem> problems) {
      this.source = source;
      this.start = start;
      this.at = at;
      this.target = target;
      this.problems = problems;
    }

    SourcePos pos(Node n) {
      int off = Math.min(n.getStartOffset(), source.length());
      int line = 0;
      int lineStart = start;
      for (int i = start; i < off; i++) {
        if (source.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      return new SourcePos(at.path(), at.line() + line, off - lineStart + 1);
    }

    BasedSequence check(Node n, String url, boolean image) {
      // Check the URL a browser will follow, not the source text: flexmark decodes entities and
      // backslash escapes when it renders ("javascript&colon;x" becomes "javascript:x"), and
      // browsers drop tabs and newlines anywhere and control characters at the ends.
      String u = browserView(Escaping.unescapeString(url));
      Matcher scheme = SCHEME.matcher(u);
      if (scheme.find()) {
        String s = scheme.group(1).toLowerCase(Locale.ROOT);
        if (!(s.equals("http") || s.equals("https") || (s.equals("mailto") && !image))) {
          problems.add(Problem.error(pos(n), "unsafe-link", "link scheme '" + s + ":' is not allowed; use http, https or mailto"));
          return BasedSequence.of("#");
        }
        return BasedSequence.of(url.strip());
      }
      if (u.isEmpty() || u.startsWith("#")) {
        return BasedSequence.of(u.isEmpty() ? "" : "#" + escape(u.substring(1)));
      }
      if (u.startsWith("/") || u.startsWith("\\")) {
        problems.add(Problem.error(pos(n), "absolute-link",
            "link '" + u + "' starts with '/'; use a relative link (the site may be published under a sub-path or opened from disk)"));
        return BasedSequence.of("#");
      }
      String fragment = "";
      int hash = u.indexOf('#');
      if (hash >= 0) {
        fragment = "#" + escape(u.substring(hash + 1));
        u = u.substring(0, hash);
      }
      int q = u.indexOf('?');
      if (q >= 0) {
        u = u.substring(0, q);
      }
      Matcher entry = ENTRY_LINK.matcher(u);
      if (entry.matches() && !image) {
        String id = entry.group(1);
        Set<Lang> langs = target.entryLangs().get(id);
        if (langs == null) {
          String hint = dev.errorkb.load.Suggest.closest(id, target.entryLangs().keySet()).map(s -> "; did you mean '../" + s + "/'?").orElse("");
          problems.add(Problem.error(pos(n), "broken-link", "link to entry '" + id + "' but no entry has that id" + hint));
          return BasedSequence.of("#");
        }
        if (langs.contains(target.lang())) {
          return BasedSequence.of("../" + id + "/" + SitePaths.INDEX + fragment);
        }
        Lang other = langs.iterator().next();
        return BasedSequence.of("../../" + SitePaths.entryPage(other, id) + fragment);
      }
      String normalised = normalise(u);
      if (normalised == null) {
        problems.add(Problem.error(pos(n), "link-outside-entry",
            "link '" + url + "' leaves the entry folder; link other entries as ../<id>/ and keep assets inside the entry folder"));
        return BasedSequence.of("#");
      }
      if (!target.assets().contains(normalised)) {
        String hint = dev.errorkb.load.Suggest.closest(normalised, target.assets()).map(s -> "; did you mean '" + s + "'?").orElse("");
        problems.add(Problem.error(pos(n), "missing-asset",
            (image ? "image '" : "link '") + url + "' does not exist in the entry folder" + hint));
        return BasedSequence.of("#");
      }
      // Percent-encoded, so that neither flexmark's decoding nor the browser can turn an asset
      // name such as "javascript&colon;x" or "./javascript:x" into a script URL.
      return BasedSequence.of(escape(normalised) + fragment);
    }

    /** What a browser makes of an href: tabs and newlines removed, C0 controls and spaces trimmed. */
    private static String browserView(String url) {
      String v = url.replace("\t", "").replace("\n", "").replace("\r", "");
      int a = 0;
      int b = v.length();
      while (a < b && v.charAt(a) <= ' ') {
        a++;
      }
      while (b > a && v.charAt(b - 1) <= ' ') {
        b--;
      }
      return v.substring(a, b);
    }

    /** Percent-encodes everything but unreserved characters and '/'. */
    private static String escape(String path) {
      StringBuilder sb = new StringBuilder(path.length());
      for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
        char c = (char) (b & 0xff);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
          sb.append(c);
        } else {
          sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
        }
      }
      return sb.toString();
    }

    /** Resolves '.' and '..' inside the entry folder; null when the path would leave it. */
    private static String normalise(String path) {
      String p = percentDecode(path).replace('\\', '/');
      List<String> parts = new ArrayList<>();
      for (String s : p.split("/")) {
        if (s.isEmpty() || s.equals(".")) {
          continue;
        }
        if (s.equals("..")) {
          if (parts.isEmpty()) {
            return null;
          }
          parts.remove(parts.size() - 1);
        } else {
          parts.add(s);
        }
      }
      return String.join("/", parts);
    }

    private static String percentDecode(String s) {
      try {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return s;
      }
    }
  }

  /**
   * flexmark's autolinking, run only on text that could hold a link. The stock post-processor
   * runs a word-boundary regex and a link scanner over every text node of every page (an eighth of
   * all Markdown time); a link needs ':' (URLs), '@' (e-mail) or "www", and only an entity
   * ('&') can turn other text into those. Text without any of them, and not followed by an entity
   * (which the stock processor joins to it), would come back unchanged, so it is skipped.
   */
  static final class QuietAutolink implements Parser.ParserExtension {
    @Override
    public void parserOptions(MutableDataHolder options) {}

    @Override
    public void extend(Parser.Builder builder) {
      builder.postProcessorFactory(new Factory());
    }

    /** Whether the stock autolinker could change {@code node}. */
    static boolean mayLink(Node node) {
      Node next = node.getNext();
      if (next instanceof com.vladsch.flexmark.util.ast.TypographicText || next instanceof com.vladsch.flexmark.ast.HtmlEntity) {
        return true;
      }
      BasedSequence chars = node.getChars();
      int n = chars.length();
      for (int i = 0; i < n; i++) {
        char c = chars.charAt(i);
        if (c == ':' || c == '@' || c == '&') {
          return true;
        }
        if ((c == 'w' || c == 'W') && i + 2 < n && (chars.charAt(i + 1) | 0x20) == 'w' && (chars.charAt(i + 2) | 0x20) == 'w') {
          return true;
        }
      }
      return false;
    }

    private static final class Factory extends NodePostProcessorFactory {
      Factory() {
        super(false);
        addNodes(com.vladsch.flexmark.ast.Text.class);
      }

      @Override
      public NodePostProcessor apply(Document document) {
        return new NodePostProcessor() {
          private AutolinkNodePostProcessor stock;

          @Override
          public void process(NodeTracker state, Node node) {
            if (mayLink(node)) {
              if (stock == null) {
                stock = new AutolinkNodePostProcessor(document);
              }
              stock.process(state, node);
            }
          }
        };
      }
    }
  }

  /** Escapes raw HTML, letting through only attribute-free tags on the allow-list. */
  private static final class SafeHtml implements HtmlRenderer.HtmlRendererExtension, Parser.ParserExtension {
    private final Set<String> allow;

    SafeHtml(Set<String> allow) {
      this.allow = allow;
    }

    @Override
    public void rendererOptions(MutableDataHolder options) {}

    @Override
    public void parserOptions(MutableDataHolder options) {}

    @Override
    public void extend(Parser.Builder builder) {}

    @Override
    public void extend(HtmlRenderer.Builder builder, String rendererType) {
      builder.nodeRendererFactory(options -> new Renderer(allow));
    }

    private record Renderer(Set<String> allow) implements NodeRenderer {
      @Override
      public Set<NodeRenderingHandler<?>> getNodeRenderingHandlers() {
        return Set.of(
            new NodeRenderingHandler<>(HtmlInline.class, this::inline),
            new NodeRenderingHandler<>(HtmlInlineComment.class, (n, c, h) -> h.text(n.getChars())),
            new NodeRenderingHandler<>(HtmlBlock.class, (n, c, h) -> block(n, h)),
            new NodeRenderingHandler<>(HtmlCommentBlock.class, (n, c, h) -> block(n, h)),
            new NodeRenderingHandler<>(PartBreak.class, (n, c, h) -> h.line().raw(PART_BREAK).line()));
      }

      private void inline(HtmlInline node, NodeRendererContext ctx, HtmlWriter html) {
        Matcher m = SIMPLE_TAG.matcher(node.getChars().toString());
        if (m.matches() && allow.contains(m.group(2).toLowerCase(Locale.ROOT))) {
          html.raw("<" + m.group(1) + m.group(2).toLowerCase(Locale.ROOT) + (m.group(3).isEmpty() ? "" : " /") + ">");
        } else {
          html.text(node.getChars());
        }
      }

      private static void block(Node node, HtmlWriter html) {
        html.line();
        html.tag("p").text(node.getChars().trimEOL()).tag("/p").line();
      }
    }
  }
}
