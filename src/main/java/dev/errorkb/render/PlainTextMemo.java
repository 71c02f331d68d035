package dev.errorkb.render;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Markdown to plain text for the signature index, reusing the parse the entry pages already did.
 * {@link SiteRenderer#render(dev.errorkb.model.KnowledgeBase, dev.errorkb.check.Translations,
 * PlainTextMemo)} records the plain text of every cause and fix section it renders (what
 * {@code ErrorIndexWriter.build} reads besides the summary), so the index does not parse those
 * sections a second time. Make one per build and drop it after indexing: it holds the recorded
 * texts (identical sections share one) until then. Anything not recorded is computed by
 * {@link Markdown#plainText}, so the result is always the same as with {@code markdown::plainText}.
 */
public final class PlainTextMemo implements UnaryOperator<String> {
  private final Markdown markdown;
  private final Map<String, String> recorded = new ConcurrentHashMap<>();

  public PlainTextMemo(Markdown markdown) {
    this.markdown = markdown;
  }

  Markdown markdown() {
    return markdown;
  }

  void record(String markdownText, String plainText) {
    recorded.put(markdownText, plainText);
  }

  /** How many distinct texts are recorded. */
  int size() {
    return recorded.size();
  }

  @Override
  public String apply(String markdownText) {
    String text = recorded.get(markdownText);
    return text != null ? text : markdown.plainText(markdownText);
  }
}
