package dev.errorkb.signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What ranking and prefiltering need from a template: its slots, literal size, anchors, and the
 * tokens that any text matching the derived regex must contain (candidates for the anchor token).
 */
record TemplateInfo(
    List<Placeholder> slots,
    int literalChars,
    List<String> anchors,
    List<String> anchorTokens,
    List<String> tokens,
    String[][] chains,
    long[] anchorHashes) {

  /**
   * One pass over the template: literal pieces (split at spaces and placeholders), their tokens,
   * the anchor tokens among them, and the chains of pieces between placeholders.
   *
   * @see #tokens the template's tokens without placeholders (what BM25 indexes for a signature)
   */
  static TemplateInfo of(String template) {
    List<Placeholder> slots = new ArrayList<>();
    List<String> anchors = new ArrayList<>();
    List<String> anchorTokens = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    List<String[]> chains = new ArrayList<>();
    List<String> chain = new ArrayList<>();
    int literal = 0;
    StringBuilder piece = new StringBuilder();
    boolean gluedLeft = false; // the current piece directly follows a placeholder
    int i = 0;
    int n = template.length();
    while (i <= n) {
      Optional<Placeholder> p = i < n ? Placeholder.at(template, i) : Optional.empty();
      boolean end = i == n;
      char c = end ? ' ' : template.charAt(i);
      if (end || p.isPresent() || c == ' ') {
        if (piece.length() > 0) {
          String s = piece.toString();
          anchors.add(s);
          chain.add(s);
          List<String> pieceTokens = Normalizer.tokenize(s);
          tokens.addAll(pieceTokens);
          addAnchorTokens(s, pieceTokens, gluedLeft, p.isPresent(), anchorTokens);
          piece.setLength(0);
        }
        if (p.isPresent() || end) {
          if (!chain.isEmpty()) {
            chains.add(chain.toArray(new String[0]));
            chain.clear();
          }
        }
        if (p.isPresent()) {
          slots.add(p.get());
          i += p.get().token().length();
          gluedLeft = true;
        } else {
          gluedLeft = false;
          i++;
        }
        continue;
      }
      piece.append(c);
      literal++;
      i++;
    }
    long[] hashes = new long[anchorTokens.size()];
    for (int k = 0; k < hashes.length; k++) {
      hashes[k] = TokenTable.hash(anchorTokens.get(k));
    }
    return new TemplateInfo(List.copyOf(slots), literal, List.copyOf(anchors), List.copyOf(anchorTokens),
        List.copyOf(tokens), chains.toArray(new String[0][]), hashes);
  }

  /**
   * A necessary condition for the derived regex to match folded {@code text}, checked with plain
   * string search (much cheaper than the regex): the literal segments occur in order, and within
   * a segment its pieces follow each other with at most one space between them.
   */
  boolean literalsInOrder(String text) {
    int from = 0;
    for (String[] chain : chains) {
      int start = from;
      while (true) {
        int i = text.indexOf(chain[0], start);
        if (i < 0) {
          return false;
        }
        int end = rest(text, i + chain[0].length(), chain);
        if (end >= 0) {
          from = end;
          break;
        }
        start = i + 1;
      }
    }
    return true;
  }

  private static int rest(String text, int pos, String[] chain) {
    int p = pos;
    for (int j = 1; j < chain.length; j++) {
      if (p < text.length() && text.charAt(p) == ' ') {
        p++;
      }
      if (!text.startsWith(chain[j], p)) {
        return -1;
      }
      p += chain[j].length();
    }
    return p;
  }

  private static void addAnchorTokens(
      String piece, List<String> tokens, boolean gluedLeft, boolean gluedRight, List<String> out) {
    int from = 0;
    int to = tokens.size();
    // A word touching a slot may be glued to the slot's value in a real text ("file12").
    if (gluedLeft && to > 0 && startsWord(piece, true)) {
      from++;
    }
    if (gluedRight && to > from && startsWord(piece, false)) {
      to--;
    }
    for (String t : tokens.subList(from, to)) {
      boolean cjkUnigram = t.codePointCount(0, t.length()) == 1 && Normalizer.isCjk(t.codePointAt(0));
      if (!cjkUnigram && !out.contains(t)) {
        out.add(t);
      }
    }
  }

  private static boolean startsWord(String piece, boolean atStart) {
    int cp = atStart ? piece.codePointAt(0) : piece.codePointBefore(piece.length());
    return Normalizer.isWord(cp) && !Normalizer.isCjk(cp);
  }
}
