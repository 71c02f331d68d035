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
   * What loading an index needs of a template, from one pass that creates a string only per
   * anchor token: the anchor tokens and their hashes (as {@link #of} gives them) and the hashes of
   * all its tokens, placeholders excluded (what BM25 indexes). The rest of {@link TemplateInfo} is
   * needed only for a signature that becomes a candidate, so the index derives it on first use.
   */
  record Keys(String[] anchorTokens, long[] anchorHashes, long[] tokenHashes) {}

  /** {@link Keys} of {@code template}; the same anchor tokens, in the same order, as {@link #of}. */
  static Keys keys(String template) {
    KeysBuilder b = new KeysBuilder(template);
    int pieceStart = -1;
    boolean gluedLeft = false;
    int n = template.length();
    int i = 0;
    while (i <= n) {
      char c = i < n ? template.charAt(i) : ' ';
      int pLen = c == '<' ? Placeholder.lengthAt(template, i) : 0;
      if (i == n || pLen > 0 || c == ' ') {
        if (pieceStart >= 0) {
          b.piece(pieceStart, i, gluedLeft, pLen > 0);
          pieceStart = -1;
        }
        gluedLeft = pLen > 0;
        i += pLen > 0 ? pLen : 1;
      } else {
        if (pieceStart < 0) {
          pieceStart = i;
        }
        i++;
      }
    }
    return b.build();
  }

  /**
   * Accumulates {@link Keys} piece by piece. Kept apart from the scanning loop in small methods:
   * one large method made the JIT spend longer compiling it than a cold load spends running it.
   */
  private static final class KeysBuilder {
    private final String template;
    private final int[][] spans = {new int[32]};
    private long[] tokenHashes = new long[16];
    private int nTokens;
    private String[] anchorTokens = new String[8];
    private long[] anchorHashes = new long[8];
    private int nAnchors;

    KeysBuilder(String template) {
      this.template = template;
    }

    /** The literal piece {@code [from, to)}; glued: it touches a placeholder on that side. */
    void piece(int from, int to, boolean gluedLeft, boolean gluedRight) {
      int count = Normalizer.tokenSpans(template, from, to, spans);
      int first = 0;
      int last = count;
      // A word touching a slot may be glued to the slot's value in a real text ("file12").
      if (gluedLeft && last > 0 && startsWord(template, from, to, true)) {
        first++;
      }
      if (gluedRight && last > first && startsWord(template, from, to, false)) {
        last--;
      }
      for (int t = 0; t < count; t++) {
        int a = spans[0][2 * t];
        int b = spans[0][2 * t + 1];
        long h = hash(a, b);
        if (nTokens == tokenHashes.length) {
          tokenHashes = java.util.Arrays.copyOf(tokenHashes, nTokens * 2);
        }
        tokenHashes[nTokens++] = h;
        if (t >= first && t < last && !cjkUnigram(a, b)) {
          anchor(a, b, h);
        }
      }
    }

    private long hash(int a, int b) {
      long h = TokenTable.SEED;
      for (int c = a; c < b; c++) {
        h = TokenTable.step(h, template.charAt(c));
      }
      return h;
    }

    private boolean cjkUnigram(int a, int b) {
      int cp = template.codePointAt(a);
      return Character.charCount(cp) == b - a && Normalizer.isCjk(cp);
    }

    /** Adds the anchor token {@code [a, b)} unless it is already there. */
    private void anchor(int a, int b, long h) {
      for (int k = 0; k < nAnchors; k++) {
        if (anchorHashes[k] == h && anchorTokens[k].length() == b - a && template.startsWith(anchorTokens[k], a)) {
          return;
        }
      }
      if (nAnchors == anchorTokens.length) {
        anchorTokens = java.util.Arrays.copyOf(anchorTokens, nAnchors * 2);
        anchorHashes = java.util.Arrays.copyOf(anchorHashes, nAnchors * 2);
      }
      anchorTokens[nAnchors] = template.substring(a, b);
      anchorHashes[nAnchors++] = h;
    }

    Keys build() {
      return new Keys(java.util.Arrays.copyOf(anchorTokens, nAnchors), java.util.Arrays.copyOf(anchorHashes, nAnchors),
          java.util.Arrays.copyOf(tokenHashes, nTokens));
    }
  }

  private static boolean startsWord(String s, int from, int to, boolean atStart) {
    int cp = atStart ? s.codePointAt(from) : s.codePointBefore(to);
    return Normalizer.isWord(cp) && !Normalizer.isCjk(cp);
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
