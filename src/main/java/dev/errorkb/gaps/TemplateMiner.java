package dev.errorkb.gaps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drain-style template mining (He et al., ICWS 2017): a prefix tree of fixed depth over the
 * tokens of a message (first by token count, then by the leading tokens), and in each leaf the
 * templates compared by the share of equal tokens. A line joins the most similar template at or
 * above the threshold, which then turns the differing tokens into wildcards; otherwise it starts a
 * template. Unlike Drain, lines arrive masked by the normaliser (so {@code <num>} equals {@code
 * <num>}, where Drain's per-system regexes give wildcards that count as unequal), and the number
 * of templates is capped: beyond the cap a line that fits none is only counted, so memory stays
 * bounded on any log.
 */
final class TemplateMiner {

  /** The wildcard of a template position that varies. */
  static final String ANY = "<any>";

  /** One mined template; its tokens change as lines join it. */
  static final class Group {
    final int id;
    final String[] tokens;
    long count;

    Group(int id, String[] tokens) {
      this.id = id;
      this.tokens = tokens.clone();
    }
  }

  private static final class Node {
    final Map<String, Node> children = new HashMap<>();
    List<Group> groups;
  }

  private final int depth;
  private final double threshold;
  private final int maxChildren;
  private final int maxGroups;
  private final Map<Integer, Node> byLength = new HashMap<>();
  private final List<Group> groups = new ArrayList<>();
  private long unclustered;

  /**
   * @param depth number of leading tokens the tree branches on
   * @param threshold minimum share of equal tokens for a line to join a template
   * @param maxChildren children per tree node before tokens go to the wildcard branch
   * @param maxGroups templates kept; lines that would start another are only counted
   */
  TemplateMiner(int depth, double threshold, int maxChildren, int maxGroups) {
    this.depth = depth;
    this.threshold = threshold;
    this.maxChildren = maxChildren;
    this.maxGroups = maxGroups;
  }

  List<Group> groups() {
    return groups;
  }

  /** Lines that fitted no template once the cap was reached. */
  long unclustered() {
    return unclustered;
  }

  /** Adds a message's tokens; returns its template, or null when the cap left it unclustered. */
  Group add(String[] tokens) {
    Node node = byLength.computeIfAbsent(tokens.length, n -> new Node());
    int levels = Math.min(depth, tokens.length);
    for (int d = 0; d < levels; d++) {
      String key = treeKey(tokens[d]);
      Node next = node.children.get(key);
      if (next == null) {
        if (groups.size() >= maxGroups) {
          next = node.children.get(ANY);
          if (next == null) {
            unclustered++;
            return null;
          }
        } else if (key.equals(ANY) || node.children.size() + 1 < maxChildren) {
          next = new Node();
          node.children.put(key, next);
        } else {
          next = node.children.computeIfAbsent(ANY, k -> new Node());
        }
      }
      node = next;
    }
    if (node.groups == null) {
      node.groups = new ArrayList<>(2);
    }
    Group best = null;
    double bestSim = -1;
    int bestVars = -1;
    for (Group g : node.groups) {
      // Drain's similarity: equal tokens over all tokens, wildcard positions not counted as equal
      // (a template that is all wildcards would otherwise swallow every line of its length); a
      // placeholder equal to a placeholder is equal.
      int equal = 0;
      int vars = 0;
      for (int i = 0; i < tokens.length; i++) {
        String t = g.tokens[i];
        if (t == ANY) {
          vars++;
        } else if (t.equals(tokens[i])) {
          equal++;
        }
      }
      double sim = tokens.length == 0 ? 1 : (double) equal / tokens.length;
      if (sim > bestSim || (sim == bestSim && vars > bestVars)) {
        best = g;
        bestSim = sim;
        bestVars = vars;
      }
    }
    if (best != null && bestSim >= threshold) {
      for (int i = 0; i < tokens.length; i++) {
        if (best.tokens[i] != ANY && !best.tokens[i].equals(tokens[i])) {
          best.tokens[i] = ANY;
        }
      }
      best.count++;
      return best;
    }
    if (groups.size() >= maxGroups) {
      unclustered++;
      return null;
    }
    Group g = new Group(groups.size(), tokens);
    g.count = 1;
    groups.add(g);
    node.groups.add(g);
    return g;
  }

  /** The tree branches on a token as written, except on variable-looking ones (with a digit or masked). */
  private static String treeKey(String token) {
    if (token == ANY || token.indexOf('<') >= 0) {
      return ANY;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c >= '0' && c <= '9') {
        return ANY;
      }
    }
    return token;
  }
}
