package dev.errorkb.signature;

import java.util.ArrayList;
import java.util.List;

/**
 * Graded signature evidence (docs/matching.md §3.3): the best local alignment, in order, of a
 * signature's template tokens against the paste's masked tokens. An aligned literal token earns its
 * weight; a signature token missing from the paste earns nothing (the author's own host or branch
 * name, an old wording); each paste token between two aligned ones costs {@link Ranking#GAP} (a log
 * prefix, a wrapped line, another value), except where a placeholder of the signature stands, which
 * takes any run of paste tokens, including none, and earns {@link Ranking#SLOT} when it takes some (a
 * signature whose slot holds the paste's value explains more of it than one that ends before). search.js has the same loop, operation for operation,
 * so both give the same doubles.
 *
 * <p>Token codes: a literal token is its term id (≥ 0); {@link #PLACEHOLDER} in a signature is a
 * slot; in a paste, {@link #PLACEHOLDER} is a masked value and {@link #UNKNOWN} a word no entry has.
 */
final class Alignment {

  static final int PLACEHOLDER = -1;
  static final int UNKNOWN = -2;

  /**
   * The best alignment: its score (aligned weight minus gap costs, at most the signature's weight)
   * and the paste tokens {@code [start, end)} it spans; score 0 when nothing aligns.
   */
  record Result(double score, int start, int end) {
    static final Result NONE = new Result(0, 0, 0);
  }

  private double[] prev2 = new double[64];
  private double[] prev = new double[64];
  private double[] cur = new double[64];
  private int[] prev2Start = new int[64];
  private int[] prevStart = new int[64];
  private int[] curStart = new int[64];

  /** One aligner per thread: the rows are reused from call to call. */
  static final ThreadLocal<Alignment> LOCAL = ThreadLocal.withInitial(Alignment::new);

  /**
   * @param soft per signature token, whether it is soft (SoftTokens): it earns its (reduced)
   *     weight when the paste has it, and otherwise stands like a slot for the paste's own text;
   *     null when none is
   */
  Result align(int[] sig, double[] w, boolean[] soft, double[] sub, int[] paste, boolean[] value, int m) {
    if (prev.length < m + 1) {
      int size = Math.max(m + 1, prev.length * 2);
      prev2 = new double[size];
      prev = new double[size];
      cur = new double[size];
      prev2Start = new int[size];
      prevStart = new int[size];
      curStart = new int[size];
    }
    java.util.Arrays.fill(prev, 0, m + 1, 0);
    java.util.Arrays.fill(prev2, 0, m + 1, 0);
    double best = 0;
    int bestStart = 0;
    int bestEnd = 0;
    int bestRow = -1;
    for (int i = 0; i < sig.length; i++) {
      int s = sig[i];
      boolean slot = s == PLACEHOLDER;
      boolean loose = slot || (soft != null && soft[i]);
      double wi = w[i];
      double gap = loose ? 0 : Ranking.GAP;
      cur[0] = 0;
      curStart[0] = 0;
      for (int j = 1; j <= m; j++) {
        double v = 0;
        int st = 0;
        double d = prev[j - 1];
        if (!slot && s == paste[j - 1]) {
          v = d + wi;
          st = d > 0 ? prevStart[j - 1] : j - 1;
          // The author's value in place of the paste's, between two aligned tokens: "database
          // [analytics] out" against "database shop_production out" earns part of its weight.
          double d2;
          double c;
          if (j >= 2 && i >= 1 && value[j - 2] && (c = sub[i - 1]) > 0
              && (d2 = prev2[j - 2]) > 0 && sig[i - 1] != paste[j - 2]) {
            double vs = d2 + c - Ranking.GAP + wi;
            if (vs > v) {
              v = vs;
              st = prev2Start[j - 2];
            }
          }
        } else if (slot || (loose && d > 0)) {
          v = d + Ranking.SLOT; // a slot may open the alignment: "<any>: out of memory"
          st = d > 0 ? prevStart[j - 1] : j - 1;
        }
        double up = prev[j];
        if (up > v) {
          v = up;
          st = prevStart[j];
        }
        double left = cur[j - 1] - gap;
        if (left > v) {
          v = left;
          st = curStart[j - 1];
        }
        cur[j] = v;
        curStart[j] = st;
        if (v > best) {
          best = v;
          bestStart = st;
          bestEnd = j;
          bestRow = i;
        }
      }
      double[] t = prev2;
      prev2 = prev;
      prev = cur;
      cur = t;
      int[] u = prev2Start;
      prev2Start = prevStart;
      prevStart = curStart;
      curStart = u;
    }
    return best > 0 ? new Result(best, bestStart, bestEnd + tail(sig, soft, bestRow, bestEnd, m)) : Result.NONE;
  }

  /**
   * What each signature token earns when one value-like paste token ({@link #valueLike}) stands in
   * its place between two aligned tokens (the author's own value against the paste's): part of its
   * weight, at most {@link Ranking#SUB_CAP}; nothing for a slot or a soft token, which take any text
   * already, nor for a CJK bigram, which a value splits rather than replaces.
   */
  static double[] substitutes(List<String> tokens, int[] sig, double[] w, boolean[] soft) {
    double[] c = new double[sig.length];
    for (int i = 0; i < sig.length; i++) {
      if (sig[i] >= 0 && (soft == null || !soft[i]) && !Normalizer.isCjk(tokens.get(i).codePointAt(0))) {
        c[i] = Math.min(Ranking.SUB * w[i], Ranking.SUB_CAP);
      }
    }
    return c;
  }

  /**
   * {@code sub} with the tokens that the paste has somewhere ({@code inPaste}, by term id) set to 0:
   * a replaced token is a word the paste does not have, the author's value, not a word it has
   * elsewhere. The same array when nothing changes.
   */
  static double[] absentOnly(double[] sub, int[] sig, java.util.BitSet inPaste) {
    double[] out = sub;
    for (int i = 0; i < sig.length; i++) {
      if (sub[i] > 0 && inPaste.get(sig[i])) {
        if (out == sub) {
          out = sub.clone();
        }
        out[i] = 0;
      }
    }
    return out;
  }

  /**
   * Whether a paste token may stand for an author's value: a masked value, a word no entry has, or a
   * word with a digit or an underscore ({@code shop_production}, {@code db02}). A plain word in place
   * of a signature word is another wording ("exited" against "finished"), not a value.
   */
  static boolean valueLike(String token, int code) {
    if (code < 0) {
      return true;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '_' || (c >= '0' && c <= '9')) {
        return true;
      }
    }
    return false;
  }

  /**
   * Paste tokens after the alignment that a signature's closing soft text stands for: when the
   * signature ends in a soft run (an errno text) that the alignment reached, the paste's own errno
   * text may be longer than the author's ("…socket: Out of memory" against "…socket: Connection
   * refused"); up to {@link #SOFT_TAIL} more tokens count as taken by it.
   */
  static int tail(int[] sig, boolean[] soft, int bestRow, int bestEnd, int m) {
    int n = sig.length;
    if (soft == null || n == 0 || !soft[n - 1] || bestRow < 0) {
      return 0;
    }
    int runStart = n - 1;
    while (runStart > 0 && soft[runStart - 1]) {
      runStart--;
    }
    if (bestRow < runStart - 1) {
      return 0;
    }
    return Math.min(SOFT_TAIL, m - bestEnd);
  }

  /** Tokens a closing soft run may take beyond where the alignment ended. */
  static final int SOFT_TAIL = 3;

  /** What a step of an alignment did. */
  enum Move {
    /** A signature token found in the paste. */
    MATCH,
    /** A slot that took a paste token in its place. */
    TAKEN,
    /** A soft token (an errno text) that took another paste token in its place. */
    SOFT,
    /** A signature token not in the paste. */
    MISSING,
    /** A signature token with one other paste token in its place, between two aligned ones. */
    REPLACED,
    /** A paste token skipped between two aligned ones, at a cost. */
    GAP
  }

  /** One step of an alignment: a signature token (or -1 for a gap) and the paste token (or -1). */
  record Step(int sigIndex, int pasteIndex, Move move) {}

  /**
   * The same best alignment as {@link #align} with its steps (full matrix: for the few results
   * that "specific beats generic" compares, and for explaining), in paste order.
   */
  static List<Step> trace(int[] sig, double[] w, boolean[] soft, double[] sub, int[] paste, boolean[] value, int m) {
    int n = sig.length;
    double[][] h = new double[n + 1][m + 1];
    byte[][] from = new byte[n + 1][m + 1]; // 1 diagonal, 2 up, 3 left, 4 slot, 5 substitution then diagonal, 0 start
    double best = 0;
    int bi = 0;
    int bj = 0;
    for (int i = 1; i <= n; i++) {
      int s = sig[i - 1];
      boolean slot = s == PLACEHOLDER;
      boolean loose = slot || (soft != null && soft[i - 1]);
      double gap = loose ? 0 : Ranking.GAP;
      for (int j = 1; j <= m; j++) {
        double v = 0;
        byte f = 0;
        double d = h[i - 1][j - 1];
        if (!slot && s == paste[j - 1]) {
          v = d + w[i - 1];
          f = 1;
          double c;
          if (j >= 2 && i >= 2 && value[j - 2] && (c = sub[i - 2]) > 0
              && h[i - 2][j - 2] > 0 && sig[i - 2] != paste[j - 2]) {
            double vs = h[i - 2][j - 2] + c - Ranking.GAP + w[i - 1];
            if (vs > v) {
              v = vs;
              f = 5;
            }
          }
        } else if (slot || (loose && d > 0)) {
          v = d + Ranking.SLOT;
          f = 4;
        }
        if (h[i - 1][j] > v) {
          v = h[i - 1][j];
          f = 2;
        }
        if (h[i][j - 1] - gap > v) {
          v = h[i][j - 1] - gap;
          f = 3;
        }
        h[i][j] = v;
        from[i][j] = f;
        if (v > best) {
          best = v;
          bi = i;
          bj = j;
        }
      }
    }
    List<Step> steps = new ArrayList<>();
    int i = bi;
    int j = bj;
    while (i > 0 && j > 0 && h[i][j] > 0) {
      byte f = from[i][j];
      boolean loose = sig[i - 1] == PLACEHOLDER || (soft != null && soft[i - 1]);
      Move take = sig[i - 1] == PLACEHOLDER ? Move.TAKEN : Move.SOFT;
      if (f == 1 || f == 4) {
        steps.add(new Step(i - 1, j - 1, f == 1 ? Move.MATCH : take));
        i--;
        j--;
      } else if (f == 5) {
        steps.add(new Step(i - 1, j - 1, Move.MATCH));
        steps.add(new Step(i - 2, j - 2, Move.REPLACED));
        i -= 2;
        j -= 2;
      } else if (f == 2) {
        steps.add(new Step(i - 1, -1, Move.MISSING));
        i--;
      } else if (f == 3) {
        steps.add(new Step(loose ? i - 1 : -1, j - 1, loose ? take : Move.GAP));
        j--;
      } else {
        break;
      }
    }
    java.util.Collections.reverse(steps);
    int extra = tail(sig, soft, bi - 1, bj, m);
    for (int k = 0; k < extra; k++) {
      steps.add(new Step(n - 1, bj + k, Move.SOFT));
    }
    return steps;
  }
}
