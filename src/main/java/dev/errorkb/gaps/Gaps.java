package dev.errorkb.gaps;

import dev.errorkb.gaps.GapsReport.Cluster;
import dev.errorkb.gaps.GapsReport.Example;
import dev.errorkb.gaps.GapsReport.Known;
import dev.errorkb.gaps.GapsReport.Location;
import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.signature.IndexEntry;
import dev.errorkb.signature.LogLines;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Known-error gaps, the Java API of {@code errorkb gaps}: feed it logs one by one with {@link #add},
 * then {@link #report}. Lines a known signature matches are counted per entry (through
 * {@link ErrorIndex#scan}); the others — by default only those that look like errors — are mined
 * into templates. Logs are streamed; memory is bounded by {@link Options#maxClusters}. Not thread-safe.
 */
public final class Gaps {

  /**
   * How to mine.
   *
   * @param all cluster every unknown line, not only error-looking ones
   * @param maxClusters templates kept; lines beyond are counted as unclustered
   * @param maxLinesPerCluster line locations kept per template (the first ones)
   * @param examples example lines kept per template (the first ones)
   */
  public record Options(boolean all, int maxClusters, int maxLinesPerCluster, int examples) {
    /** Error-looking lines, 10,000 templates, 100 locations and 3 examples each. */
    public static final Options DEFAULT = new Options(false, 10_000, 100, 3);

    public Options {
      if (maxClusters < 1 || maxLinesPerCluster < 0 || examples < 0) {
        throw new IllegalArgumentException("maxClusters must be at least 1, the others at least 0");
      }
    }

    /** The same options, clustering every unknown line ({@code true}) or only error-looking ones. */
    public Options withAll(boolean value) {
      return new Options(value, maxClusters, maxLinesPerCluster, examples);
    }
  }

  /** Tree depth and similarity threshold: one setting for every log (docs/gaps.md, docs/performance.md). */
  static final int DEPTH = 2;
  static final double THRESHOLD = 0.5;
  static final int MAX_CHILDREN = 100;

  private final Optional<ErrorIndex> index;
  private final Options options;
  private final TemplateMiner miner;
  private final List<Stats> stats = new ArrayList<>();
  private final Map<String, KnownStats> known = new TreeMap<>();
  private final List<String> files = new ArrayList<>();
  private long lines;
  private long knownLines;
  private long clusteredLines;
  private long skippedLines;

  private Gaps(Optional<ErrorIndex> index, Options options) {
    this.index = index;
    this.options = options;
    this.miner = new TemplateMiner(DEPTH, THRESHOLD, MAX_CHILDREN, options.maxClusters());
  }

  /** Gaps against {@code index}: its signatures' lines are known. */
  public static Gaps against(ErrorIndex index, Options options) {
    return new Gaps(Optional.of(index), options);
  }

  /** Mining alone, no line known (what the Loghub benchmark measures). */
  public static Gaps withoutIndex(Options options) {
    return new Gaps(Optional.empty(), options);
  }

  private static final class Stats {
    final BitSet files = new BitSet();
    Location first;
    Location last;
    final List<Example> examples = new ArrayList<>(3);
    final List<Location> lines = new ArrayList<>();
  }

  private static final class KnownStats {
    final IndexEntry entry;
    long count;
    final BitSet files = new BitSet();
    Location first;
    Location last;

    KnownStats(IndexEntry entry) {
      this.entry = entry;
    }
  }

  /**
   * Reads one log to its end (line by line, never whole) under the name {@code file}, as reports
   * show it; the caller closes the reader. The reference for {@link #add(String, InputStream)},
   * which gives the same report.
   */
  public void add(String file, Reader reader) throws IOException {
    int fileNo = files.size();
    files.add(file);
    LineTap tap = new LineTap(reader, options.all(), (lineNo, text, isKnown) -> settle(fileNo, file, lineNo, text, isKnown));
    if (index.isPresent()) {
      index.get().scan(tap, hit -> known(tap, fileNo, file, hit));
    } else {
      while (tap.readLine() != null) {
        // every line is settled by the tap
      }
    }
    tap.finish();
  }

  /**
   * The same for a UTF-8 log read as bytes (bad bytes replaced, as {@link #open} does): faster,
   * since a line that is neither error-looking nor part of a hit is never made a string.
   */
  public void add(String file, InputStream in) throws IOException {
    int fileNo = files.size();
    files.add(file);
    LineTap tap = new LineTap(null, options.all(), (lineNo, text, isKnown) -> settle(fileNo, file, lineNo, text, isKnown));
    if (index.isPresent()) {
      index.get().scan(in, Integer.MAX_VALUE, hit -> known(tap, fileNo, file, hit), tap);
    } else {
      LogLines lines = new LogLines(in, Integer.MAX_VALUE);
      int count;
      while ((count = lines.nextTokens()) != -2) {
        tap.line(lines, count >= 0);
      }
    }
    tap.finish();
  }

  private void known(LineTap tap, int fileNo, String file, ErrorIndex.ScanHit hit) {
    tap.markKnown(hit.line());
    KnownStats k = known.computeIfAbsent(hit.entry().id(), id -> new KnownStats(hit.entry()));
    k.count++;
    k.files.set(fileNo);
    Location at = new Location(file, hit.line());
    if (k.first == null) {
      k.first = at;
    }
    k.last = at;
  }

  /** Opens {@code file} for {@link #add}: UTF-8 (bad bytes replaced), gzip read directly when the file is gzip. */
  public static Reader open(Path file) throws IOException {
    return reader(Files.newInputStream(file));
  }

  /** A reader over {@code in} (for standard input): gzip when it starts with gzip's magic bytes. */
  public static Reader reader(InputStream in) throws IOException {
    return new InputStreamReader(stream(in), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE));
  }

  /** Opens {@code file} for {@link #add(String, InputStream)}: its bytes, gzip read directly when the file is gzip. */
  public static InputStream openBytes(Path file) throws IOException {
    return stream(Files.newInputStream(file));
  }

  /** The bytes of {@code in}, gunzipped when it starts with gzip's magic bytes. */
  public static InputStream stream(InputStream in) throws IOException {
    BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
    b.mark(2);
    int m1 = b.read();
    int m2 = b.read();
    b.reset();
    return m1 == 0x1f && m2 == 0x8b ? new GZIPInputStream(b, 1 << 16) : b;
  }

  /** Per settled line: the template it joined, for benchmarks (-1 known or skipped, -2 unclustered). */
  interface GroupListener {
    void line(int file, long lineNo, int group);
  }

  private GroupListener listener;

  /** Test hook: hears the template of every line (package-private, for the Loghub benchmark). */
  void listen(GroupListener l) {
    this.listener = l;
  }

  private void settle(int fileNo, String file, long lineNo, String text, boolean isKnown) {
    lines++;
    if (isKnown) {
      knownLines++;
      tell(fileNo, lineNo, -1);
      return;
    }
    if (text == null) { // not error-looking (the tap tested it as it was read)
      skippedLines++;
      tell(fileNo, lineNo, -1);
      return;
    }
    clusteredLines++;
    TemplateMiner.Group g = miner.add(messageTokens(text));
    if (g == null) {
      tell(fileNo, lineNo, -2);
      return;
    }
    tell(fileNo, lineNo, g.id);
    if (g.id == stats.size()) {
      stats.add(new Stats());
    }
    Stats s = stats.get(g.id);
    Location at = new Location(file, lineNo);
    s.files.set(fileNo);
    if (s.first == null) {
      s.first = at;
    }
    s.last = at;
    if (s.examples.size() < options.examples()) {
      String t = text.stripTrailing();
      s.examples.add(new Example(at, t.length() <= MAX_EXAMPLE ? t : t.substring(0, MAX_EXAMPLE) + "…"));
    }
    if (s.lines.size() < options.maxLinesPerCluster()) {
      s.lines.add(at);
    }
  }

  private void tell(int fileNo, long lineNo, int group) {
    if (listener != null) {
      listener.line(fileNo, lineNo, group);
    }
  }

  private final ChunkMask masker = new ChunkMask();

  /** The tokens a line is mined on: folded, masked, split at spaces, the log header left out. */
  String[] messageTokens(String line) {
    return messageOf(masker.maskedTokens(line));
  }

  /** The same for a line already folded and masked. */
  static String[] messageTokensOfMasked(String masked) {
    return messageOf(masked.isEmpty() ? new String[0] : masked.split(" "));
  }

  private static String[] messageOf(String[] tokens) {
    int start = LogHeader.messageStart(tokens);
    if (start >= tokens.length) {
      start = 0; // a line that is all header is its own message
    }
    int end = Math.min(tokens.length, start + MAX_TOKENS);
    return start == 0 && end == tokens.length ? tokens : java.util.Arrays.copyOfRange(tokens, start, end);
  }

  /** Tokens of a message mined (a longer line is mined on its first ones): memory per template stays bounded. */
  static final int MAX_TOKENS = 200;

  /** Characters kept of an example line. */
  static final int MAX_EXAMPLE = 2000;

  /** The report so far (it can be asked again after more logs). */
  public GapsReport report() {
    List<Known> k = new ArrayList<>();
    for (KnownStats s : known.values()) {
      String title = IndexEntry.pick(s.entry.title(), "en");
      // The absolute URL when the site has a base URL (as scan prints it), else the site-relative one.
      String url = IndexEntry.pick(s.entry.absoluteUrl().isEmpty() ? s.entry.url() : s.entry.absoluteUrl(), "en");
      k.add(new Known(s.entry.id(), title, url, s.count, s.files.cardinality(), s.first, s.last));
    }
    k.sort(Comparator.comparingLong((Known x) -> -x.count() * x.files()).thenComparing(Known::id));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < stats.size(); i++) {
      order.add(i);
    }
    List<TemplateMiner.Group> groups = miner.groups();
    // Weight, then count, then first seen: the order is the same on every run.
    order.sort(Comparator.comparingLong((Integer i) -> -groups.get(i).count * stats.get(i).files.cardinality())
        .thenComparingLong(i -> -groups.get(i).count)
        .thenComparingInt(i -> i));
    List<Cluster> clusters = new ArrayList<>();
    int n = 0;
    for (int i : order) {
      Stats s = stats.get(i);
      TemplateMiner.Group g = groups.get(i);
      clusters.add(new Cluster(++n, template(g.tokens), g.count, s.files.cardinality(), s.first, s.last,
          s.examples, s.lines));
    }
    return new GapsReport(files, lines, knownLines, clusteredLines, skippedLines, miner.unclustered(),
        options.all(), k, clusters);
  }

  /** Tokens joined by spaces, a run of wildcards written once. */
  static String template(String[] tokens) {
    StringBuilder b = new StringBuilder();
    boolean lastAny = false;
    for (String t : tokens) {
      boolean any = t == TemplateMiner.ANY;
      if (any && lastAny) {
        continue;
      }
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(t);
      lastAny = any;
    }
    return b.toString();
  }
}
