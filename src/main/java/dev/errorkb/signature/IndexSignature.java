package dev.errorkb.signature;

import java.util.List;

/**
 * One compiled signature as published in errors.json.
 *
 * @param id stable id {@code <entry-id>#<8 hex of sha256(lang + "\n" + text)>}
 * @param lang {@code en}, {@code ja} or {@code any}
 * @param text the signature text as written
 * @param template the masked text (normaliser output) with {@code <type>} slots
 * @param regex RE2 expression matched (find) against the folded text; group i is slot i
 * @param anchors literal pieces every match contains; empty for an explicit pattern
 */
public record IndexSignature(
    String id, String lang, String text, String template, String regex, List<String> anchors) {
  public IndexSignature {
    anchors = List.copyOf(anchors);
  }
}
