package dev.errorkb.render;

import com.vladsch.flexmark.ext.autolink.internal.AutolinkNodePostProcessor;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.parser.block.NodePostProcessor;
import com.vladsch.flexmark.parser.block.NodePostProcessorFactory;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.ast.NodeTracker;
import com.vladsch.flexmark.util.data.MutableDataHolder;
import com.vladsch.flexmark.util.sequence.BasedSequence;

/**
 * flexmark's autolinking, run only on text that could hold a link. The stock post-processor
 * runs a word-boundary regex and a link scanner over every text node of every page (an eighth of
 * all Markdown time); a link needs ':' (URLs), '@' (e-mail) or "www", and only an entity
 * ('&') can turn other text into those. Text without any of them, and not followed by an entity
 * (which the stock processor joins to it), would come back unchanged, so it is skipped.
 */
final class QuietAutolink implements Parser.ParserExtension {
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
