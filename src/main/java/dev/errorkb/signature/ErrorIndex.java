package dev.errorkb.signature;

import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A loaded error-signature index: {@link #match} finds the entries for a pasted error, {@link #scan}
 * finds known errors in a log, line by line. Immutable and thread-safe; regexes compile lazily on
 * first use so loading stays fast. A facade over the package's parts: loading is {@code
 * IndexLoader}'s, ranking {@code Ranker}'s, scanning {@code LogScanner}'s, over the signatures'
 * {@code CandidateFilter} and {@code ExactMatcher}, the {@code Bm25} postings and the {@code
 * SignatureAlignments}.
 */
public final class ErrorIndex {

  /** Hard limits for loading an index from outside. */
  public record Limits(long maxBytes, int maxDepth, int maxEntries) {
    /** 256 MiB, nesting depth 32, one million entries. */
    public static final Limits DEFAULT = new Limits(256L << 20, 32, 1_000_000);
  }

  /**
   * How to match.
   *
   * @param lang the language to prefer; empty means detect it from the paste
   * @param top how many results at most
   */
  public record MatchOptions(Optional<Lang> lang, int top) {
    public static final MatchOptions DEFAULT = new MatchOptions(Optional.empty(), 5);
  }

  /** Character offsets {@code [start, end)} into the folded text, and the text there. */
  public record Span(int start, int end, String text) {}

  /** One captured variable part: its placeholder type (or group number for explicit patterns). */
  public record Slot(String type, String value) {}

  /** How a result was found (docs/matching.md §3.5). */
  public enum Kind {
    /** A signature matched in full. */
    EXACT,
    /** Most of a signature's words are in the paste, in order. */
    STRONG,
    /** Words only. */
    RELATED;

    /** The name in JSON and in the browser: {@code exact}, {@code strong}, {@code related}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One ranked result.
   *
   * @param score higher is better; signature evidence and word evidence on one scale
   * @param signature the signature that matched the whole error, if it did
   * @param span where it matched, in the folded paste
   * @param lang the language to show the entry in: the preferred one if the entry has it
   * @param kind exact, strong or related
   * @param bestSignature the signature that gave the most evidence (for exact: the matched one)
   * @param coverage how much of that signature's weight the paste holds, in order (0 to 1)
   */
  public record Match(
      double score,
      IndexEntry entry,
      Optional<IndexSignature> signature,
      Optional<Span> span,
      List<Slot> slots,
      String lang,
      Kind kind,
      Optional<IndexSignature> bestSignature,
      double coverage) {
    public Match {
      slots = List.copyOf(slots);
    }

    /** True when a signature matched in full, not only most of it or words. */
    public boolean fullMatch() {
      return signature.isPresent();
    }
  }

  /**
   * A known error found in a scanned text, on lines {@code line} to {@code endLine} (line numbers
   * start at 1; the same line unless a signature written over several lines matched).
   */
  public record ScanHit(long line, IndexEntry entry, IndexSignature signature, Span span, List<Slot> slots, long endLine) {
    public ScanHit {
      slots = List.copyOf(slots);
      endLine = Math.max(line, endLine);
    }

    /** A hit on one line. */
    public ScanHit(long line, IndexEntry entry, IndexSignature signature, Span span, List<Slot> slots) {
      this(line, entry, signature, span, slots, line);
    }
  }

  private final IndexDocument document; // null when opened through a sidecar: see json
  private final int size;
  private final Ranker ranker;
  private final LogScanner scanner; // null when opened through a sidecar
  private final Fallback json; // opened through a sidecar: the same index loaded from errors.json, on first need
  private final IndexSidecar.Parts parts; // what a sidecar of this index is written from; null when opened through one

  private ErrorIndex(IndexDocument document) {
    this(document, null, null);
  }

  /**
   * The index loaded from errors.json, made the first time a sidecar-opened index needs what the
   * sidecar does not hold (scan, the whole document) or cannot be trusted for (a list that does
   * not hold together, found during a match).
   */
  static final class Fallback {
    private final Path file;
    private final Consumer<String> notes;
    private ErrorIndex index;

    Fallback(Path file, Consumer<String> notes) {
      this.file = file;
      this.notes = notes;
    }

    synchronized ErrorIndex get(IndexSidecar.Broken why) {
      if (why != null) {
        notes.accept(IndexSidecar.pathFor(file) + ": " + why.getMessage() + "; reading " + file + " instead");
      }
      if (index == null) {
        try {
          index = load(file);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return index;
    }
  }

  /** An index over a sidecar's arrays, its entries parsed from errors.json on demand ({@link IndexSidecar}). */
  private ErrorIndex(SignatureTable table, CandidateFilter filter, Bm25 bm, byte[] entryLangs,
      java.util.function.IntFunction<SignatureAlignments.SigAlign> aligns, Fallback json) {
    this.document = null;
    this.size = table.entries().size();
    this.json = json;
    this.parts = null;
    Bm25.Lazy bm25 = new Bm25.Lazy(bm, table);
    ranker = new Ranker(table, filter, new ExactMatcher(table), new SignatureAlignments(table, aligns), bm25, entryLangs);
    scanner = null;
  }

  static ErrorIndex fromSidecar(SignatureTable table, CandidateFilter filter, Bm25 bm, byte[] entryLangs,
      java.util.function.IntFunction<SignatureAlignments.SigAlign> aligns, Fallback json) {
    return new ErrorIndex(table, filter, bm, entryLangs, aligns, json);
  }

  /**
   * @param prepared per entry, in document order, or null to derive it here (on all cores)
   * @param bm25Build the BM25 postings being built elsewhere, or null to build them on first need
   */
  ErrorIndex(IndexDocument document, List<IndexLoader.Prepared> prepared, Future<Bm25> bm25Build) {
    this.document = document;
    List<IndexEntry> entries = document.entries();
    this.size = entries.size();
    this.json = null;
    List<IndexLoader.Prepared> prep = prepared != null ? prepared
        : entries.parallelStream().map(IndexLoader.Prepared::of).toList();
    SignatureTable table = SignatureTable.of(entries, prep);
    CandidateKeys.Picked keys = CandidateKeys.pick(table.sigs(), table.keys());
    CandidateFilter filter = new CandidateFilter(keys);
    ExactMatcher matcher = new ExactMatcher(table);
    byte[] entryLangs = new byte[entries.size()]; // bit 0: en, bit 1: ja
    DocTerms[] docTerms = new DocTerms[entries.size()];
    for (int d = 0; d < docTerms.length; d++) {
      docTerms[d] = prep.get(d).terms();
      entryLangs[d] = docTerms[d].langs();
    }
    Bm25.Lazy bm25 = new Bm25.Lazy(docTerms, bm25Build, table);
    SignatureAlignments alignments = new SignatureAlignments(table);
    parts = new IndexSidecar.Parts(entries, table, filter, bm25, entryLangs, alignments);
    ranker = new Ranker(table, filter, matcher, alignments, bm25, entryLangs);
    scanner = new LogScanner(table, keys.anchorDf(), filter, matcher);
  }

  /** Builds an index from an already parsed document. */
  public static ErrorIndex of(IndexDocument document) {
    return new ErrorIndex(document);
  }

  /** Builds an index straight from a knowledge base (for {@code --content} and checks). */
  public static ErrorIndex of(KnowledgeBase kb, UnaryOperator<String> plainText) {
    return new ErrorIndex(ErrorIndexWriter.build(kb, plainText, "errorkb"));
  }

  /** Loads errors.json from a file with the default limits. */
  public static ErrorIndex load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in, file.toString(), Limits.DEFAULT);
    }
  }

  /**
   * Loads errors.json through its sidecar ({@code errors.idx} beside it, written by {@code build})
   * when there is one that belongs to exactly these bytes: a one-shot match then parses only the
   * entries it looks at. Without a sidecar this is {@link #load(Path)}; with one that does not
   * fit (stale, foreign, corrupt, another errorkb's) {@code notes} hears why and errors.json is
   * loaded. Matches are those of {@link #load(Path)}, always: should a sidecar list turn out not to
   * hold together during a match, that match is made again from errors.json.
   */
  public static ErrorIndex loadWithSidecar(Path file, Consumer<String> notes) throws IOException {
    Path idx = IndexSidecar.pathFor(file);
    IndexSidecar.Opened o = IndexSidecar.open(file, idx, Limits.DEFAULT, new Fallback(file, notes));
    if (o.index() != null) {
      return o.index();
    }
    if (o.problem() != null) {
      notes.accept(idx + ": " + o.problem() + "; reading " + file + " instead");
    }
    return load(file);
  }

  /**
   * The sidecar bytes ({@code errors.idx}) for the errors.json {@code json}: what a load of it
   * derives for matching, and each entry's fields ({@link IndexSidecar}). Deterministic: this is
   * the definition the build's {@link #sidecar(Supplier, byte[])} is tested against.
   *
   * @throws IndexFormatException if {@code json} is not a valid errors.json
   */
  public static byte[] sidecar(byte[] json, String source) throws IOException {
    ErrorIndex index = load(new java.io.ByteArrayInputStream(json), source, Limits.DEFAULT);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : sidecar(() -> index, json).get()) {
      out.write(part);
    }
    return out.toByteArray();
  }

  /**
   * The sidecar for {@code json}, which must be {@link ErrorIndexWriter#toJson} of the document of
   * the index {@code index} gives, derived when asked: from here on only json's length and
   * CRC-32C are kept, so a build may drop errors.json's bytes first. It is written from that
   * index's own arrays, so that a build, which holds them for its signature checks, neither
   * parses errors.json again nor derives a second index (issue 15: that cost a 10,000-entry build
   * 300 MB). The file comes as consecutive parts, never joined
   * ({@code Publisher.Session.put(String, List)}). The same bytes as {@link #sidecar(byte[], String)},
   * as errors.json reads back into the same document.
   */
  public static Supplier<List<byte[]>> sidecar(Supplier<ErrorIndex> index, byte[] json) {
    long length = json.length;
    int crc = IndexSidecar.jsonCrc(json);
    return () -> {
      IndexSidecar.Parts parts = index.get().parts;
      if (parts == null) {
        throw new IllegalStateException("an index opened through its sidecar has no sidecar to write");
      }
      return IndexSidecar.write(parts, length, crc);
    };
  }

  /** The sidecar's file name for an errors.json file name ({@code errors.json} → {@code errors.idx}). */
  public static String sidecarName(String jsonName) {
    return IndexSidecar.pathFor(Path.of(jsonName)).getFileName().toString();
  }

  /** Loads errors.json from a URL (10 s connect and read timeouts) with the default limits. */
  public static ErrorIndex load(URL url) throws IOException {
    URLConnection c = url.openConnection();
    c.setConnectTimeout(10_000);
    c.setReadTimeout(10_000);
    try (InputStream in = c.getInputStream()) {
      return load(in, url.toString(), Limits.DEFAULT);
    }
  }

  /**
   * Loads errors.json from a stream (not closed here).
   *
   * @param source a name for error messages
   * @throws IndexFormatException if the content is malformed, too large or too deep, or of an
   *     unsupported major schemaVersion
   */
  public static ErrorIndex load(InputStream in, String source, Limits limits) throws IOException {
    return IndexLoader.load(in, source, limits);
  }

  /** The loaded document (format facts and entries). */
  public IndexDocument document() {
    return json != null ? json.get(null).document() : document;
  }

  /** How many entries. */
  public int size() {
    return size;
  }

  /** Finds an entry by id. */
  public Optional<IndexEntry> findEntry(String id) {
    return document().entries().stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /** {@link #match(String, MatchOptions)} with the default options. */
  public List<Match> match(String text) {
    return match(text, MatchOptions.DEFAULT);
  }

  /**
   * Ranks entries for a pasted error on one scale (docs/matching.md §3): graded signature evidence
   * (how much of a signature the paste contains, in order) plus BM25 word evidence; a result whose
   * evidence lies inside a stronger result's never ranks above it.
   */
  public List<Match> match(String text, MatchOptions options) {
    try {
      return ranker.rank(text, options, false).matches();
    } catch (IndexSidecar.Broken e) {
      if (json == null) {
        throw e;
      }
      return json.get(e).match(text, options);
    }
  }

  /** {@link #match} with, per result, why it ranks where it does ({@code match --explain}, {@code eval}). */
  public List<Explained> explain(String text, MatchOptions options) {
    try {
      return ranker.rank(text, options, true).explained();
    } catch (IndexSidecar.Broken e) {
      if (json == null) {
        throw e;
      }
      return json.get(e).explain(text, options);
    }
  }

  /**
   * What decided one result's place. {@code errnoWords}: the words of the strerror texts that the
   * paste names only by an errno symbol or number and lacks (docs/matching.md §3.4a), the same for
   * every result; they count in {@code wordScore} at {@link Ranking#ERRNO_FACTOR}.
   */
  public record Explained(Match match, double wordScore, double signatureScore, String pasteTokens, String detail,
      List<String> errnoWords) {}

  /**
   * Reads {@code reader} line by line (never whole) and reports known errors: per line, the best
   * signature of each entry that matched. Returns the number of hits.
   */
  public long scan(Reader reader, Consumer<ScanHit> sink) throws IOException {
    return json != null ? json.get(null).scan(reader, sink) : scanner.scan(reader, sink);
  }

  /**
   * The same over a UTF-8 log read as bytes (bad bytes replaced, as a replacing decoder does), each
   * line cut to {@code maxLineChars} characters ({@code Integer.MAX_VALUE}: none cut); the hits are
   * those {@link #scan(Reader, Consumer)} gives for the decoded text with those lines cut. Faster:
   * most lines are never made strings ({@link LogLines}). {@code observer} (or null) hears each
   * line before its hits are reported.
   */
  public ScanStats scan(InputStream in, int maxLineChars, Consumer<ScanHit> sink, LineObserver observer) throws IOException {
    return json != null ? json.get(null).scan(in, maxLineChars, sink, observer) : scanner.scan(in, maxLineChars, sink, observer);
  }

  /** What a scan of bytes read: its hits, lines, and the lines cut to the characters kept (the first: 0 when none). */
  public record ScanStats(long hits, long lines, long cutLines, long firstCutLine) {}

  /** Hears each line of a scan of bytes, before that line's hits. */
  public interface LineObserver {
    /**
     * @param line the current line (valid during the call only)
     * @param ascii true when the line is {@code line.bytes()[start, end)}, ASCII other than ESC, its
     *     tokens hashed ({@link LogLines#hasToken})
     */
    void line(LogLines line, boolean ascii);
  }

  /** {@code ja} when the text has kana, or Han and no Latin letters; else {@code en} ({@link LangDetect}). */
  static String detectLang(String folded) {
    return LangDetect.detectLang(folded);
  }

  /** The paste's tokens for the alignment ({@link Ranker#alignTokens}). */
  static List<String> alignTokens(String folded) {
    return Ranker.alignTokens(folded);
  }

  /** At most this many leading fields of each line are tried as a log prefix ({@link LogScanner}). */
  static final int MAX_PREFIX_FIELDS = LogScanner.MAX_PREFIX_FIELDS;

  /** Where the fields of {@code line} start ({@link LogScanner#fieldStarts}). */
  static int[] fieldStarts(String line) {
    return LogScanner.fieldStarts(line);
  }

  /** How many leading fields all lines share in shape ({@link LogScanner#commonPrefixFields}). */
  static int commonPrefixFields(String[] lines, int[][] starts) {
    return LogScanner.commonPrefixFields(lines, starts);
  }
}
