package dev.errorkb.render;

import com.vladsch.flexmark.ast.AutoLink;
import com.vladsch.flexmark.ast.Image;
import com.vladsch.flexmark.ast.Link;
import com.vladsch.flexmark.ast.Reference;
import com.vladsch.flexmark.ext.autolink.AutolinkExtension;
import com.vladsch.flexmark.ext.gfm.strikethrough.StrikethroughExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.ast.NodeVisitor;
import com.vladsch.flexmark.util.ast.VisitHandler;
import com.vladsch.flexmark.util.data.MutableDataSet;
import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Markdown to safe HTML: the façade of the render stage's Markdown classes. The parser and renderer
 * are built once and shared (they are thread-safe); {@link ParseGuard} refuses texts the parser
 * cannot take, {@link LinkRewriter} checks every link and makes it relative to its page, {@link
 * SafeHtml} escapes raw HTML unless its tag is on the site's allow-list, {@link QuietAutolink}
 * autolinks only text that could hold a link, and {@link PlainText} gives the plain text. The
 * fragments of one language file are rendered from one parse by {@link JoinedRenderer}.
 */
public final class Markdown {
  /** The longest link title accepted (see {@link ParseGuard}). */
  public static final int MAX_LINK_TITLE_CHARS = ParseGuard.MAX_LINK_TITLE_CHARS;


  private final Parser parser;
  private final HtmlRenderer renderer;
  private final JoinedRenderer joined;
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
    this.joined = new JoinedRenderer(parser, renderer);
  }

  /**
   * Renders one Markdown fragment of an entry page, checking links against {@code target}.
   *
   * @param at where the fragment's first line is in its file, for located problems
   */
  public String render(String markdown, SourcePos at, LinkTarget target, List<Problem> problems) {
    int deep = ParseGuard.tooDeepLine(markdown);
    if (deep >= 0) {
      problems.add(Problem.error(new SourcePos(at.path(), at.line() + deep, 1), "markdown-too-deep",
          "more than " + ParseGuard.MAX_LINE_NESTING + " quote or list markers nested on one line; the parser's time grows with the square of that depth"));
      return "";
    }
    int longHeading = ParseGuard.tooLongHeadingLine(markdown);
    if (longHeading >= 0) {
      problems.add(Problem.error(new SourcePos(at.path(), at.line() + longHeading, 1), "heading-too-long",
          "heading longer than " + ParseGuard.MAX_HEADING_CHARS + " characters; the parser's time grows with the square of a heading's"
              + " length (issue 12). Shorten it and move the rest into the text below"));
      return "";
    }
    int longTitle = ParseGuard.tooLongLinkTitleLine(markdown);
    if (longTitle >= 0) {
      problems.add(Problem.error(new SourcePos(at.path(), at.line() + longTitle, 1), "link-title-too-long",
          "link title longer than " + ParseGuard.MAX_LINK_TITLE_CHARS + " characters; the parser reads titles by recursion and a title"
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
    int amplified = ParseGuard.amplifiedAt(doc);
    if (amplified >= 0) {
      problems.add(Problem.error(new SourcePos(at.path(), at.line() + ParseGuard.lineOf(markdown, amplified), 1), "rendered-too-large",
          "link references make this section's HTML too large: their uses repeat the referenced URLs and titles over "
              + ParseGuard.MAX_REFERENCE_CHARS + " characters from here on (issue 12); use each reference fewer times or shorten its URL"));
      return "";
    }
    List<Problem> found = new ArrayList<>();
    checkLinks(doc, new LinkRewriter(markdown, 0, at, target, found), found);
    problems.addAll(found);
    return renderer.render(doc);
  }

  private static void checkLinks(Node doc, LinkRewriter checker, List<Problem> found) {
    linkVisitor(checker, found).visit(doc);
  }

  static NodeVisitor linkVisitor(LinkRewriter checker, List<Problem> found) {
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
    if (ParseGuard.refusedBeforeParsing(f.markdown())) {
      return new Html(render(f.markdown(), f.at(), target, problems), null);
    }
    try {
      Document doc = parser.parse(f.markdown());
      if (ParseGuard.amplifiedAt(doc) >= 0) {
        return new Html(render(f.markdown(), f.at(), target, problems), null);
      }
      String text = f.wantText() ? PlainText.normaliseText(PlainText.collectText(doc)) : null;
      List<Problem> found = new ArrayList<>();
      checkLinks(doc, new LinkRewriter(f.markdown(), 0, f.at(), target, found), found);
      String html = renderer.render(doc);
      problems.addAll(found);
      return new Html(html, text);
    } catch (StackOverflowError e) {
      return new Html(render(f.markdown(), f.at(), target, problems), null);
    }
  }

  /** The combined parse of {@link #renderAll}, or null when it cannot stand in for separate parses. */
  List<Html> renderJoined(List<Fragment> fragments, LinkTarget target, List<Problem> problems) {
    return joined.render(fragments, target, problems);
  }

  /** The text content of a Markdown fragment, for summaries, search data and errors.json. */
  public String plainText(String markdown) {
    return PlainText.isPlainProse(markdown) ? PlainText.normaliseText(markdown) : parsedPlainText(markdown);
  }

  /** {@link #plainText} through the parser. */
  String parsedPlainText(String markdown) {
    // Too deep or too long to parse: render() reports it; the raw text is still safe plain text.
    String text = markdown;
    if (!ParseGuard.refusedBeforeParsing(markdown)) {
      try {
        text = PlainText.collectText(parser.parse(markdown));
      } catch (StackOverflowError e) {
        text = markdown;
      }
    }
    return PlainText.normaliseText(text);
  }

}
