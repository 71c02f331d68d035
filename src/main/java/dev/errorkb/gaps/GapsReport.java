package dev.errorkb.gaps;

import java.util.List;

/**
 * What {@code gaps} found: the known errors with how often they hit, and the unknown ones mined
 * into templates, ranked by count × files (most hurting first).
 *
 * @param files the inputs, in the order read ("-" for standard input)
 * @param lines lines read
 * @param knownLines lines inside a known signature's match
 * @param clusteredLines unknown lines mined into {@link #clusters} (or counted as unclustered)
 * @param skippedLines unknown lines that do not look like errors (0 with {@code all})
 * @param unclusteredLines lines that fitted no template once {@link Gaps.Options#maxClusters} was reached
 * @param all whether every line was clustered, not only error-looking ones
 */
public record GapsReport(
    List<String> files, long lines, long knownLines, long clusteredLines, long skippedLines,
    long unclusteredLines, boolean all, List<Known> known, List<Cluster> clusters) {

  public GapsReport {
    files = List.copyOf(files);
    known = List.copyOf(known);
    clusters = List.copyOf(clusters);
  }

  /** A place in the inputs: file as given and 1-based line. */
  public record Location(String file, long line) {
    @Override
    public String toString() {
      return file + ":" + line;
    }
  }

  /** One input line, as written (trailing whitespace kept off). */
  public record Example(Location at, String text) {}

  /**
   * A known entry that matched: {@code count} hits (a multi-line signature's window is one hit).
   *
   * @param url the entry's page in English (else its one language): absolute when the index has a base URL
   */
  public record Known(String id, String title, String url, long count, int files, Location first, Location last) {}

  /**
   * A template of unknown lines.
   *
   * @param n the rank, from 1; what {@code errorkb new --from-gap REPORT.json#N} refers to
   * @param template the lines folded and masked as the normaliser does, {@code <any>} where they differ:
   *     usable as a signature text as it is
   * @param lines where it occurs, at most {@link Gaps.Options#maxLinesPerCluster} (the first ones)
   */
  public record Cluster(
      int n, String template, long count, int files, Location first, Location last,
      List<Example> examples, List<Location> lines) {
    public Cluster {
      examples = List.copyOf(examples);
      lines = List.copyOf(lines);
    }

    /** count × files, the order of the report. */
    public long weight() {
      return count * files;
    }
  }
}
