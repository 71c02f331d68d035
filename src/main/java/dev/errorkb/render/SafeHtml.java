package dev.errorkb.render;

import com.vladsch.flexmark.ast.HtmlBlock;
import com.vladsch.flexmark.ast.HtmlCommentBlock;
import com.vladsch.flexmark.ast.HtmlInline;
import com.vladsch.flexmark.ast.HtmlInlineComment;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.html.HtmlWriter;
import com.vladsch.flexmark.html.renderer.NodeRenderer;
import com.vladsch.flexmark.html.renderer.NodeRendererContext;
import com.vladsch.flexmark.html.renderer.NodeRenderingHandler;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.data.MutableDataHolder;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Escapes raw HTML, letting through only attribute-free tags on the allow-list. */
final class SafeHtml implements HtmlRenderer.HtmlRendererExtension, Parser.ParserExtension {
  private static final Pattern SIMPLE_TAG = Pattern.compile("^<(/?)([a-zA-Z][a-zA-Z0-9]*)\\s*(/?)>$");
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
          new NodeRenderingHandler<>(JoinedRenderer.PartBreak.class, (n, c, h) -> h.line().raw(JoinedRenderer.PART_BREAK).line()));
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
