package dev.errorkb.signature;

/**
 * The one home of the ranking's constants (docs/matching.md §3): the candidate keys, the BM25
 * weights and the graded signature evidence. {@link ErrorIndex}, {@link CandidateKeys}, the browser
 * search data ({@code search.SearchDataWriter}) and search.js use these values;
 * a change to any of them changes {@link #RANKING_VERSION}.
 */
public final class Ranking {

  /** Recorded in errors.json as {@code rankingVersion}; bumped whenever a result order can change. */
  public static final String RANKING_VERSION = "6";

  // Candidate keys for the exact (regex) check, §3.2.
  /** Key tokens per signature (the rarest, and the second rarest when it is rare enough). */
  public static final int MAX_KEYS = 2;
  /** Rarest anchor tokens a paste must have (all, or all but one when there are three or more). */
  public static final int MAX_REQ = 4;
  /** The second rarest token is a key only when at most this many signatures use it. */
  public static final int SECOND_KEY_MAX_DF = 32;

  // Word evidence, §3.4.
  public static final float K1 = 1.2f;
  public static final float B = 0.75f;
  public static final int W_SIGNATURE = 1;
  public static final int W_TITLE = 2;
  public static final int W_BODY = 1;
  /**
   * Weight of the words of an errno's strerror text that the paste names only by symbol or number
   * ({@code EADDRINUSE}, {@code errno 98}; ErrnoWords), relative to a word the paste has. A power of
   * two, so that the browser's single-precision sums are the same.
   */
  public static final float ERRNO_FACTOR = 0.5f;
  /** Entries written in the paste's language. */
  public static final double LANG_BOOST = 1.1;

  // Signature evidence, §3.3.
  /** Weight of signature evidence (aligned weight × coverage², or the weight × {@link #EXACT}) against BM25 on the one scale. */
  public static final double LAMBDA = 3;
  /** Cost of each paste token between two aligned signature tokens (a prefix, a wrapped line, a value). */
  public static final double GAP = 0.25;
  /** Part of its weight that a signature token earns when one paste token stands in its place between two aligned ones. */
  public static final double SUB = 0.5;
  /** At most this much (in weight) for such a replaced token: a rare author value must not count as much as a found word. */
  public static final double SUB_CAP = 2.0;
  /** What a slot earns when it takes paste tokens. */
  public static final double SLOT = 0.01;
  /** Signature evidence of a full (regex) match, relative to the signature's weight. */
  public static final double EXACT = 1.15;
  /** Coverage (aligned weight over signature weight) from which a result is {@code strong}. */
  public static final double STRONG_COVERAGE = 0.8;
  /** Distinct paste words up to which word evidence counts in full; beyond, it shrinks with the square root. */
  public static final double WORDS_FULL = 20;
  /** Weight of an errno text or quoted known message inside a signature, relative to its usual weight (SoftTokens). */
  public static final double SOFT_FACTOR = 0.2;
  /** Paste tokens the alignment reads at most (the first ones); longer pastes are cut. */
  public static final int MAX_PASTE_TOKENS = 4096;
  /** Signature tokens the alignment reads at most. */
  public static final int MAX_SIG_TOKENS = 256;
  /** Results ranked beyond the requested ones, so that "specific beats generic" can reorder them. */
  public static final int EXTRA = 10;

  private Ranking() {}


  /** BM25's inverse document frequency, also the weight of a signature token (StrictMath: the browser's Math.log is fdlibm too). */
  public static double idf(int n, int df) {
    return StrictMath.log(1 + (n - df + 0.5) / (df + 0.5));
  }
}
