package dev.errorkb.signature;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A loaded error-signature index: {@link #match} finds the entries for a pasted error, {@link #scan}
 * finds known errors in a log, line by line. Immutable and thread-safe; regexes compile lazily on
 * first use so loading stays fast.
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

  /** A known error found on one line of a scanned text (line numbers start at 1). */
  public record ScanHit(long line, IndexEntry entry, IndexSignature signature, Span span, List<Slot> slots) {
    public ScanHit {
      slots = List.copyOf(slots);
    }
  }

  private static final float K1 = Ranking.K1;
  private static final float B = Ranking.B;
  private static final float W_SIGNATURE = Ranking.W_SIGNATURE;
  private static final float W_TITLE = Ranking.W_TITLE;
  private static final float W_BODY = Ranking.W_BODY;
  private static final double LANG_BOOST = Ranking.LANG_BOOST;
  private static final int MAX_KEYS = Ranking.MAX_KEYS;
  private static final int MAX_REQ = Ranking.MAX_REQ;
  private static final int SECOND_KEY_MAX_DF = Ranking.SECOND_KEY_MAX_DF;

  private final IndexDocument document;
  private final List<IndexEntry> entries;
  private final IndexSignature[] sigs;
  private final int[] sigEntry;
  private final TemplateInfo.Keys[] sigKeys;
  private final AtomicReferenceArray<TemplateInfo> sigInfo; // derived on first use: only candidates need it
  private final AtomicReferenceArray<Pattern> compiled;
  private final long[][] sigReq; // hashes of up to MAX_REQ rarest anchor tokens, rarest first
  private final long[] sigReqBits; // 256 bits per signature, one per required token hash, for a quick reject
  private final TokenTable keyTable; // the MAX_KEYS rarest tokens of each signature → candidates
  private final int[][] keyLists;
  private final long[][] keyBits; // per key slot: the four filter words of each listed signature, in list order
  private final int[] always;
  private final LongIntMap anchorDf; // signatures per anchor token hash
  private volatile MultiLine multi; // built by the first scan: match does not need it

  /**
   * Signatures written over several lines, for scan: each is triggered by the rarest word of one
   * of its lines, then checked against the window of lines it would span.
   *
   * @param lineCount lines of the signature text
   * @param triggerLine 0-based line of the trigger word within the signature
   * @param triggerReq up to MAX_REQ rarest anchor tokens of that line, all required
   */
  private record MultiLine(
      boolean[] multiLine, int[] lineCount, int[] triggerLine, long[][] triggerReq,
      TokenTable multiKeys, int[][] multiLists, int maxLines) {}
  private final byte[] entryLangs; // bit 0: en, bit 1: ja
  // The BM25 postings (Bm25) once built; before: the per-entry terms to build them from on first
  // need (DocTerms[]), or their build on another core (Future, from load). Scan never needs them.
  private final AtomicReference<Object> bm25 = new AtomicReference<>();

  /**
   * BM25 postings: per term (dense id), the entries that have it and their weights; and what the
   * signature alignment needs (§3.3): each signature's template tokens as term ids, their weights
   * (the terms' idf), the signature's total weight, and per term the signatures that have it with
   * how many times (for an upper bound of a signature's evidence before aligning it).
   */
  private record Bm25(LongIntMap termIds, int[][] postingDocs, float[][] postingWeights,
      double[] termWeight, int[][] sigPostings, double[] lowTotal, int[] loose) {}

  /** One signature's alignment data (§3.3), derived the first time it is scored: only candidates need it. */
  private record SigAlign(int[] ids, double[] w, boolean[] soft, double total) {}

  private final AtomicReferenceArray<SigAlign> sigAlign;
  private volatile SoftTokens softTokens;


  /** What can be derived from one entry alone: its signatures' template keys and its BM25 terms. */
  private record Prepared(TemplateInfo.Keys[] keys, DocTerms terms) {
    static Prepared of(IndexEntry e) {
      TemplateInfo.Keys[] keys = new TemplateInfo.Keys[e.signatures().size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = TemplateInfo.keys(e.signatures().get(i).template());
      }
      return new Prepared(keys, ErrorIndex.terms(e, keys));
    }
  }

  private ErrorIndex(IndexDocument document) {
    this(document, null, null);
  }

  /**
   * @param prepared per entry, in document order, or null to derive it here (on all cores)
   * @param bm25Build the BM25 postings being built elsewhere, or null to build them on first need
   */
  private ErrorIndex(IndexDocument document, List<Prepared> prepared, Future<Bm25> bm25Build) {
    this.document = document;
    this.entries = document.entries();
    int n = 0;
    for (IndexEntry e : entries) {
      n += e.signatures().size();
    }
    List<Prepared> prep = prepared != null ? prepared
        : entries.parallelStream().map(Prepared::of).toList();
    sigs = new IndexSignature[n];
    sigEntry = new int[n];
    sigKeys = new TemplateInfo.Keys[n];
    for (int e = 0, k = 0; e < entries.size(); e++) {
      TemplateInfo.Keys[] keys = prep.get(e).keys();
      for (int i = 0; i < keys.length; i++, k++) {
        sigs[k] = entries.get(e).signatures().get(i);
        sigEntry[k] = e;
        sigKeys[k] = keys[i];
      }
    }
    sigInfo = new AtomicReferenceArray<>(n);
    sigAlign = new AtomicReferenceArray<>(n);
    compiled = new AtomicReferenceArray<>(n);
    LongIntMap df = new LongIntMap(n * 4);
    for (int k = 0; k < n; k++) {
      if (!sigs[k].anchors().isEmpty()) {
        for (long h : sigKeys[k].anchorHashes()) {
          df.add(h, 1);
        }
      }
    }
    sigReq = new long[n][];
    sigReqBits = new long[n * 4];
    LongIntMap keySlots = new LongIntMap(n * 2); // key token hash → slot
    int[][] lists = new int[1024][];
    int[] listSizes = new int[1024];
    List<Integer> alwaysList = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      String[] cands = sigs[k].anchors().isEmpty() ? new String[0] : sigKeys[k].anchorTokens();
      if (cands.length == 0) {
        alwaysList.add(k);
        sigReq[k] = new long[0];
        continue;
      }
      // The MAX_REQ rarest tokens, rarest first; among equally rare, longer first, then by text.
      String[] pick = new String[Math.min(MAX_REQ, cands.length)];
      long[] pickHash = new long[pick.length];
      int[] pickDf = new int[pick.length];
      int picked = 0;
      long[] hashes = sigKeys[k].anchorHashes();
      for (int ci = 0; ci < hashes.length; ci++) {
        String t = cands[ci];
        long h = hashes[ci];
        int f = df.get(h, 0);
        int pos = picked;
        while (pos > 0 && rarer(f, t, pickDf[pos - 1], pick[pos - 1])) {
          pos--;
        }
        if (pos >= pick.length) {
          continue;
        }
        int last = Math.min(picked, pick.length - 1);
        for (int j = last; j > pos; j--) {
          pick[j] = pick[j - 1];
          pickHash[j] = pickHash[j - 1];
          pickDf[j] = pickDf[j - 1];
        }
        pick[pos] = t;
        pickHash[pos] = h;
        pickDf[pos] = f;
        picked = Math.min(picked + 1, pick.length);
      }
      sigReq[k] = pickHash;
      for (long h : sigReq[k]) {
        int bit = bit(h);
        sigReqBits[k * 4 + (bit >>> 6)] |= 1L << bit;
      }
      // Bit 63 of the first word doubles as "fewer than 3 required tokens" (no miss allowed); the
      // text's filter always has it set, so it never counts as absent.
      if (sigReq[k].length < 3) {
        sigReqBits[k * 4] |= Long.MIN_VALUE;
      }
      // The rarest token is the key; the second rarest too when it is rare enough not to flood the
      // key's list, so that one glued word does not hide the signature.
      for (int i = 0; i < Math.min(MAX_KEYS, pick.length); i++) {
        if (i == 0 || pickDf[i] <= SECOND_KEY_MAX_DF) {
          int slot = keySlots.get(pickHash[i], -1);
          if (slot < 0) {
            slot = keySlots.size();
            keySlots.put(pickHash[i], slot);
            if (slot == lists.length) {
              lists = java.util.Arrays.copyOf(lists, slot * 2);
              listSizes = java.util.Arrays.copyOf(listSizes, slot * 2);
            }
            lists[slot] = new int[4];
          }
          if (listSizes[slot] == lists[slot].length) {
            lists[slot] = java.util.Arrays.copyOf(lists[slot], listSizes[slot] * 2);
          }
          lists[slot][listSizes[slot]++] = k;
        }
      }
    }
    always = alwaysList.stream().mapToInt(Integer::intValue).toArray();
    int nKeys = keySlots.size();
    keyTable = new TokenTable(nKeys);
    keyLists = new int[nKeys][];
    keyBits = new long[nKeys][];
    for (int slot = 0; slot < nKeys; slot++) {
      int[] list = java.util.Arrays.copyOf(lists[slot], listSizes[slot]);
      keyLists[slot] = list;
      keyBits[slot] = new long[list.length * 4];
      for (int i = 0; i < list.length; i++) {
        System.arraycopy(sigReqBits, list[i] * 4, keyBits[slot], i * 4, 4);
      }
    }
    keySlots.forEach(keyTable::put);
    anchorDf = df;
    entryLangs = new byte[entries.size()];
    DocTerms[] docTerms = new DocTerms[entries.size()];
    for (int d = 0; d < docTerms.length; d++) {
      docTerms[d] = prep.get(d).terms();
      entryLangs[d] = docTerms[d].langs();
    }
    bm25.set(bm25Build != null ? bm25Build : docTerms);
  }

  /** How many slots each signature's template has. */
  private static int[] placeholderCounts(IndexSignature[] all) {
    int[] out = new int[all.length];
    for (int k = 0; k < all.length; k++) {
      String t = all[k].template();
      for (int i = t.indexOf('<'); i >= 0; i = t.indexOf('<', i + 1)) {
        out[k] += Placeholder.lengthAt(t, i) > 0 ? 1 : 0;
      }
    }
    return out;
  }

  /** Hashes of the words a soft token can be: those of the errno texts and of short signatures without slots. */
  private static LongSet softCandidates(IndexSignature[] all, long[][] hashes) {
    List<Long> out = new ArrayList<>(SoftTokens.errnoTokenHashes());
    for (int k = 0; k < all.length; k++) {
      if (hashes[k].length <= SoftTokens.MAX_KNOWN_TOKENS && all[k].template().indexOf('<') < 0) {
        for (long h : hashes[k]) {
          out.add(h);
        }
      }
    }
    LongSet set = new LongSet(out.size());
    set.fill(out.stream().mapToLong(Long::longValue).toArray(), out.size());
    return set;
  }

  private long[][] sigHashes() {
    long[][] h = new long[sigs.length][];
    for (int k = 0; k < sigs.length; k++) {
      h[k] = sigKeys[k].tokenHashes();
    }
    return h;
  }

  /**
   * The alignment data of signature {@code k} (tokens as term ids, placeholders as slots, weights with
   * soft tokens reduced, total weight), derived on first use exactly as {@link AlignedSignature#of}.
   */
  private SigAlign sigAlign(int k, Bm25 bm) {
    SigAlign a = sigAlign.get(k);
    if (a == null) {
      SoftTokens st = softTokens();
      List<String> toks = Normalizer.tokenize(sigs[k].template());
      IndexEntry own = entries.get(sigEntry[k]);
      boolean[] soft = st.soft(toks, () -> SoftTokens.proseTokens(own));
      int n = Math.min(toks.size(), Ranking.MAX_SIG_TOKENS);
      int[] ids = new int[n];
      double[] w = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        String tok = toks.get(i);
        if (tok.startsWith("<")) {
          ids[i] = Alignment.PLACEHOLDER;
          continue;
        }
        int id = bm.termIds().get(TokenTable.hash(tok), -1);
        ids[i] = id < 0 ? Alignment.UNKNOWN - 1 : id; // never equal to a paste code
        w[i] = id < 0 ? 0 : soft != null && soft[i] ? bm.termWeight()[id] * SoftTokens.FACTOR : bm.termWeight()[id];
        sum += w[i];
      }
      a = new SigAlign(ids, w, soft == null ? null : java.util.Arrays.copyOf(soft, n), sum);
      sigAlign.set(k, a);
    }
    return a;
  }

  /** The known short messages (SoftTokens), from the signatures with at most that many literal tokens and no slot. */
  private SoftTokens softTokens() {
    SoftTokens st = softTokens;
    if (st == null) {
      List<List<String>> shortOnes = new ArrayList<>();
      for (int k = 0; k < sigs.length; k++) {
        String t = sigs[k].template();
        if (sigKeys[k].tokenHashes().length <= SoftTokens.MAX_KNOWN_TOKENS && t.indexOf('<') < 0) {
          shortOnes.add(Normalizer.tokenize(t));
        }
      }
      st = new SoftTokens(shortOnes);
      softTokens = st;
    }
    return st;
  }

  /** The full template data of signature {@code k}, derived on first use. */
  private TemplateInfo info(int k) {
    TemplateInfo t = sigInfo.get(k);
    if (t == null) {
      t = TemplateInfo.of(sigs[k].template());
      sigInfo.set(k, t);
    }
    return t;
  }

  private Bm25 bm25() {
    if (bm25.get() instanceof Bm25 b) {
      return b;
    }
    synchronized (bm25) {
      Object o = bm25.get();
      if (o instanceof Bm25 b) {
        return b;
      }
      Bm25 b = o instanceof Future<?> f ? (Bm25) join(f) : buildBm25((DocTerms[]) o, sigHashes(), placeholderCounts(sigs), softCandidates(sigs, sigHashes()));
      bm25.set(b);
      return b;
    }
  }

  private MultiLine multiLine() {
    MultiLine m = multi;
    if (m == null) {
      m = buildMultiLine();
      multi = m;
    }
    return m;
  }

  private MultiLine buildMultiLine() {
    int n = sigs.length;
    LongIntMap df = anchorDf;
    boolean[] multiLine = new boolean[n];
    int[] lineCount = new int[n];
    int[] triggerLine = new int[n];
    long[][] triggerReq = new long[n][];
    Map<Long, List<Integer>> byTrigger = new HashMap<>();
    int longest = 1;
    for (int k = 0; k < n; k++) {
      String[] lines = sigs[k].text().strip().split("\\r?\\n", -1);
      lineCount[k] = lines.length;
      if (lines.length < 2 || sigs[k].anchors().isEmpty()) {
        continue;
      }
      // The trigger is the line with the rarest word; that line's rarest words must all be on
      // the log line that triggers, so that common words do not open a window on every line.
      int bestLine = -1;
      long[] bestReq = null;
      int bestDf = Integer.MAX_VALUE;
      for (int j = lines.length - 1; j >= 0; j--) {
        long[] hashes = TemplateInfo.of(Normalizer.mask(Normalizer.fold(lines[j]))).anchorHashes();
        if (hashes.length == 0) {
          continue;
        }
        long[] sorted = java.util.Arrays.stream(hashes).boxed()
            .sorted(Comparator.comparingInt((Long h) -> df.get(h, 0)))
            .mapToLong(Long::longValue).limit(MAX_REQ).toArray();
        int f = df.get(sorted[0], 0);
        if (f < bestDf) {
          bestDf = f;
          bestLine = j;
          bestReq = sorted;
        }
      }
      if (bestLine >= 0) {
        multiLine[k] = true;
        triggerLine[k] = bestLine;
        triggerReq[k] = bestReq;
        longest = Math.max(longest, lines.length);
        byTrigger.computeIfAbsent(bestReq[0], x -> new ArrayList<>()).add(k);
      }
    }
    int maxLines = Math.min(longest + 1, 256);
    TokenTable multiKeys = new TokenTable(byTrigger.size());
    int[][] multiLists = new int[byTrigger.size()][];
    int slot = 0;
    for (Map.Entry<Long, List<Integer>> e : byTrigger.entrySet()) {
      multiLists[slot] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      multiKeys.put(e.getKey(), slot++);
    }
    return new MultiLine(multiLine, lineCount, triggerLine, triggerReq, multiKeys, multiLists, maxLines);
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
    // While this thread parses, the other cores derive what each parsed entry alone determines,
    // then build the BM25 postings while this thread keys the signatures. Own threads, as many as
    // the other cores: on two cores CompletableFuture's default would start a thread per task, all
    // competing with the parse.
    int n = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "errorkb-index-load");
      t.setDaemon(true);
      return t;
    });
    boolean loaded = false;
    try {
      List<Future<List<Prepared>>> work = new ArrayList<>();
      List<IndexEntry> batch = new ArrayList<>();
      IndexDocument doc = ErrorIndexReader.read(in, source, limits, e -> {
        batch.add(e);
        if (batch.size() == PREPARE_BATCH) {
          List<IndexEntry> b = List.copyOf(batch);
          work.add(pool.submit(() -> prepare(b)));
          batch.clear();
        }
      });
      List<Prepared> prepared = new ArrayList<>(doc.entries().size());
      for (Future<List<Prepared>> f : work) {
        prepared.addAll(join(f));
      }
      prepared.addAll(prepare(batch));
      DocTerms[] terms = prepared.stream().map(Prepared::terms).toArray(DocTerms[]::new);
      List<long[]> hashes = new ArrayList<>();
      for (Prepared p : prepared) {
        for (TemplateInfo.Keys k : p.keys()) {
          hashes.add(k.tokenHashes());
        }
      }
      long[][] sigHashes = hashes.toArray(new long[0][]);
      IndexSignature[] all = doc.entries().stream().flatMap(e -> e.signatures().stream()).toArray(IndexSignature[]::new);
      ErrorIndex index = new ErrorIndex(doc, prepared, pool.submit(
          () -> buildBm25(terms, sigHashes, placeholderCounts(all), softCandidates(all, sigHashes))));
      loaded = true;
      return index;
    } finally {
      if (loaded) {
        pool.shutdown(); // the BM25 build still runs
      } else {
        pool.shutdownNow(); // a malformed file: drop the work queued for it
      }
    }
  }

  private static final int PREPARE_BATCH = 256;

  private static List<Prepared> prepare(List<IndexEntry> batch) {
    List<Prepared> out = new ArrayList<>(batch.size());
    for (IndexEntry e : batch) {
      out.add(Prepared.of(e));
    }
    return out;
  }

  /** The result of a task of ours; its failure (a bug, or out of memory) rethrown unchecked. */
  private static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading the index", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The loaded document (format facts and entries). */
  public IndexDocument document() {
    return document;
  }

  /** Finds an entry by id. */
  public Optional<IndexEntry> findEntry(String id) {
    return entries.stream().filter(e -> e.id().equals(id)).findFirst();
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
    return rank(text, options, false).matches();
  }

  /** {@link #match} with, per result, why it ranks where it does ({@code match --explain}, {@code eval}). */
  public List<Explained> explain(String text, MatchOptions options) {
    return rank(text, options, true).explained();
  }

  /** What decided one result's place. */
  public record Explained(Match match, double wordScore, double signatureScore, String pasteTokens, String detail) {}

  private record Ranked(List<Match> matches, List<Explained> explained) {}

  /** One entry's evidence while ranking. */
  private static final class Scored {
    final int entry;
    double score;
    double words;
    double evidence;
    double aligned;
    double coverage;
    int sig = -1;
    boolean exact;
    int start;
    int end;
    Hit hit;

    Scored(int entry) {
      this.entry = entry;
    }

    Kind kind() {
      return exact ? Kind.EXACT : sig >= 0 && coverage >= Ranking.STRONG_COVERAGE ? Kind.STRONG : Kind.RELATED;
    }
  }

  private static final Comparator<Scored> SCORE_ORDER =
      (a, b) -> a.score != b.score ? Double.compare(b.score, a.score) : Integer.compare(a.entry, b.entry);

  private Ranked rank(String text, MatchOptions options, boolean explain) {
    Normalizer.Normalized n = Normalizer.normalize(text);
    String lang = options.lang().map(Lang::code).orElseGet(() -> detectLang(n.text()));
    int langBit = lang.equals("ja") ? 2 : 1;

    // Exact evidence: a signature's regex matches (candidates as in §3.2).
    List<String> plain = Normalizer.tokenize(n.text());
    long[] hashes = new long[plain.size()];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = TokenTable.hash(plain.get(i));
    }
    BitSet cand = new BitSet(sigs.length);
    addCandidates(hashes, hashes.length, cand, false, new LongSet(64));
    Map<Integer, Hit> exactHits = new HashMap<>();
    for (int k = cand.nextSetBit(0); k >= 0; k = cand.nextSetBit(k + 1)) {
      Hit h = tryMatch(k, n.text(), lang);
      if (h != null) {
        exactHits.put(k, h);
      }
    }

    Bm25 bm = bm25();
    // Word evidence: BM25 over every entry sharing a word with the paste.
    float[] acc = new float[entries.size()];
    int distinctWords = 0;
    // Folded, not masked, tokens: as prose is indexed, and a message quoted whole (a JSON log's
    // "msg", a Python tuple) still counts.
    LinkedHashSet<String> words = new LinkedHashSet<>(plain);
    for (String t : words) {
      distinctWords += t.startsWith("<") ? 0 : 1;
    }
    double damp = distinctWords <= Ranking.WORDS_FULL ? 1.0 : Math.sqrt(Ranking.WORDS_FULL / distinctWords);
    for (String t : words) {
      if (t.startsWith("<")) {
        continue;
      }
      int term = bm.termIds().get(TokenTable.hash(t), -1);
      if (term < 0) {
        continue;
      }
      int[] docs = bm.postingDocs()[term];
      float[] weights = bm.postingWeights()[term];
      for (int i = 0; i < docs.length; i++) {
        acc[docs[i]] += weights[i];
      }
    }
    // The paste as term codes for the alignment, and an upper bound of each signature's evidence.
    List<String> toks = alignTokens(n.text());
    int m = Math.min(toks.size(), Ranking.MAX_PASTE_TOKENS);
    int[] paste = new int[m];
    double[] ub = new double[sigs.length];
    int[] ubSigs = new int[64];
    int nUb = 0;
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int j = 0; j < m; j++) {
      String t = toks.get(j);
      if (t.startsWith("<")) {
        paste[j] = Alignment.PLACEHOLDER;
        continue;
      }
      long h = TokenTable.hash(t);
      int id = bm.termIds().get(h, -1);
      paste[j] = id < 0 ? Alignment.UNKNOWN : id;
      if (id >= 0 && seen.add(id)) {
        int[] post = bm.sigPostings()[id];
        double w = bm.termWeight()[id];
        for (int i = 0; i < post.length; i += 2) {
          if (ub[post[i]] == 0) {
            if (nUb == ubSigs.length) {
              ubSigs = java.util.Arrays.copyOf(ubSigs, nUb * 2);
            }
            ubSigs[nUb++] = post[i];
          }
          ub[post[i]] += post[i + 1] * w;
        }
      }
    }
    // Per entry: the bound of its score, then entries in bound order until no bound can beat the
    // last result kept.
    int nE = entries.size();
    double[] bound = new double[nE];
    double[] boost = new double[nE];
    boolean[] touched = new boolean[nE];
    for (int d = 0; d < nE; d++) {
      boost[d] = ((entryLangs[d] & langBit) != 0 ? LANG_BOOST : 1.0) * damp;
      if (acc[d] != 0f) {
        touched[d] = true;
      }
    }
    double[] sigBound = new double[nE];
    for (int i = 0; i < nUb; i++) {
      // Signatures sharing a word with the paste, then those whose regex matched.
      int k = ubSigs[i];
      sigBound[sigEntry[k]] = Math.max(sigBound[sigEntry[k]], evidenceBound(k, ub[k], bm, exactHits.containsKey(k)));
      touched[sigEntry[k]] = true;
    }
    for (int k : exactHits.keySet()) {
      sigBound[sigEntry[k]] = Math.max(sigBound[sigEntry[k]], evidenceBound(k, ub[k], bm, true));
      touched[sigEntry[k]] = true;
    }
    int count = 0;
    int[] order = new int[nE];
    for (int d = 0; d < nE; d++) {
      if (touched[d]) {
        bound[d] = Ranking.LAMBDA * sigBound[d] + acc[d] * boost[d];
        order[count++] = d;
      }
    }
    // Entries in bound order (higher first, then smaller index), taken from a heap: only the few
    // that can still make the list are ever ordered.
    EntryHeap heap = new EntryHeap(order, count, bound);
    int want = options.top() + Ranking.EXTRA;
    List<Scored> kept = new ArrayList<>();
    Alignment aligner = Alignment.LOCAL.get();
    int[] firstSig = entryFirstSig();
    while (heap.size() > 0) {
      int d = heap.pop();
      if (kept.size() >= want && bound[d] * (1 + 1e-9) < kept.get(kept.size() - 1).score) {
        break;
      }
      Scored sc = new Scored(d);
      sc.words = acc[d] * boost[d];
      for (int k = firstSig[d]; k < firstSig[d + 1]; k++) {
        Hit hit = exactHits.get(k);
        if (hit == null && ub[k] <= 0) {
          continue;
        }
        SigAlign sa = sigAlign(k, bm);
        Alignment.Result r = aligner.align(sa.ids(), sa.w(), sa.soft(), paste, m);
        double total = sa.total();
        double aligned = hit != null ? Math.max(total, r.score()) : r.score();
        double coverage = total > 0 ? Math.min(1.0, aligned / total) : 0;
        double e = hit != null ? aligned * Ranking.EXACT : aligned * coverage * coverage;
        boolean better = sc.sig < 0 || e > sc.evidence
            || (e == sc.evidence && hit != null && !sc.exact);
        if (better && (e > 0 || hit != null)) {
          sc.sig = k;
          sc.evidence = e;
          sc.aligned = aligned;
          sc.coverage = coverage;
          sc.exact = hit != null;
          sc.hit = hit;
          sc.start = r.start();
          sc.end = r.end();
        }
      }
      sc.score = Ranking.LAMBDA * sc.evidence + sc.words;
      insert(kept, sc, want);
    }
    specificFirst(kept, bm, paste, m);
    List<Match> out = new ArrayList<>();
    List<Explained> ex = new ArrayList<>();
    for (Scored sc : kept) {
      if (out.size() >= options.top()) {
        break;
      }
      IndexEntry e = entries.get(sc.entry);
      Match mt;
      Optional<IndexSignature> best = sc.sig >= 0 ? Optional.of(sigs[sc.sig]) : Optional.empty();
      if (sc.exact) {
        mt = new Match(sc.score, e, best, Optional.of(sc.hit.span), sc.hit.slots, displayLang(e, lang), Kind.EXACT, best, sc.coverage);
      } else {
        mt = new Match(sc.score, e, Optional.empty(), Optional.empty(), List.of(), displayLang(e, lang), sc.kind(), best, sc.coverage);
      }
      out.add(mt);
      if (explain) {
        ex.add(new Explained(mt, sc.words, Ranking.LAMBDA * sc.evidence,
            sc.sig >= 0 ? String.join(" ", toks.subList(Math.min(sc.start, m), Math.min(sc.end, m))) : "",
            sc.sig >= 0 ? describe(sc.sig, bm, paste, m, toks) : ""));
      }
    }
    return new Ranked(out, ex);
  }

  /**
   * The paste's tokens for the alignment: masked, but with quote characters read as spaces first, so
   * that a whole message in quotes (a JSON log's {@code msg="…"}, a Python tuple) keeps its words; a
   * signature's {@code <q>} slot takes a quoted value's words like any other slot.
   */
  static List<String> alignTokens(String folded) {
    StringBuilder b = new StringBuilder(folded.length());
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      b.append(QUOTES.indexOf(c) >= 0 ? ' ' : c);
    }
    return Normalizer.tokenize(Normalizer.mask(b.toString()));
  }

  /** The characters that open or close a quoted value (matching.md §1.2, rule 1). */
  static final String QUOTES = "\"'`\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f";

  /**
   * An upper bound of signature {@code k}'s evidence from its words present in the paste ({@code u},
   * the sum of their full weights) and a lower bound of its total weight: aligned weight ≤ u plus
   * what its slots and soft tokens can earn (SLOT each, once on a path), coverage ≤ that over the total.
   */
  private double evidenceBound(int k, double u, Bm25 bm, boolean exact) {
    double up = u + Ranking.SLOT * bm.loose()[k]; // what slots and soft tokens can earn
    if (exact) {
      return Math.max(sigAlign(k, bm).total(), up) * Ranking.EXACT;
    }
    double low = bm.lowTotal()[k];
    double c = low > 0 ? Math.min(1.0, up / low) : 1.0;
    return up * c * c;
  }

  /** A binary max-heap of entry indices by bound, smaller index first on a tie; no boxing. */
  private static final class EntryHeap {
    private final int[] a;
    private final double[] key;
    private int n;

    EntryHeap(int[] items, int count, double[] key) {
      this.a = items;
      this.key = key;
      this.n = count;
      for (int i = n / 2 - 1; i >= 0; i--) {
        down(i);
      }
    }

    int size() {
      return n;
    }

    int pop() {
      int top = a[0];
      a[0] = a[--n];
      down(0);
      return top;
    }

    private boolean before(int x, int y) {
      return key[x] != key[y] ? key[x] > key[y] : x < y;
    }

    private void down(int i) {
      while (true) {
        int l = 2 * i + 1;
        if (l >= n) {
          return;
        }
        int c = l + 1 < n && before(a[l + 1], a[l]) ? l + 1 : l;
        if (!before(a[c], a[i])) {
          return;
        }
        int t = a[c];
        a[c] = a[i];
        a[i] = t;
        i = c;
      }
    }
  }

  /** Keeps {@code kept} sorted by score (then entry) and at most {@code want} long. */
  private static void insert(List<Scored> kept, Scored sc, int want) {
    int pos = kept.size();
    while (pos > 0 && SCORE_ORDER.compare(sc, kept.get(pos - 1)) < 0) {
      pos--;
    }
    if (pos < want) {
      kept.add(pos, sc);
      if (kept.size() > want) {
        kept.remove(kept.size() - 1);
      }
    }
  }

  /**
   * Specific beats generic: a result whose aligned paste tokens lie inside those of a lower-ranked
   * exact or strong result that aligns more weight ("Permission denied" inside "…docker.sock:
   * connect: permission denied") moves just below it.
   */
  private void specificFirst(List<Scored> kept, Bm25 bm, int[] paste, int m) {
    Map<Scored, List<Alignment.Step>> traces = new HashMap<>();
    for (int guard = 0; guard < kept.size() * kept.size(); guard++) {
      boolean moved = false;
      outer:
      for (int i = 0; i < kept.size(); i++) {
        Scored a = kept.get(i);
        if (a.sig < 0 || a.end <= a.start) {
          continue;
        }
        for (int j = i + 1; j < kept.size(); j++) {
          Scored b = kept.get(j);
          if (b.sig >= 0 && b.kind() != Kind.RELATED && b.start <= a.start && a.end <= b.end
              && (b.start < a.start || a.end < b.end)
              && inside(trace(a, traces, bm, paste, m), a.start, a.end, trace(b, traces, bm, paste, m))) {
            kept.remove(j);
            kept.add(i, b); // the specific one takes the generic one's place
            moved = true;
            break outer;
          }
        }
      }
      if (!moved) {
        return;
      }
    }
  }

  private List<Alignment.Step> trace(Scored s, Map<Scored, List<Alignment.Step>> memo, Bm25 bm, int[] paste, int m) {
    return memo.computeIfAbsent(s, x -> {
      SigAlign a = sigAlign(x.sig, bm);
      return Alignment.trace(a.ids(), a.w(), a.soft(), paste, m);
    });
  }

  /**
   * Every paste token that {@code a} found is one that {@code b} found or took in a slot or soft
   * token's place, and {@code b} found words of its own outside {@code a}'s region (a slot that
   * takes a prompt in front of the error is no evidence).
   */
  private static boolean inside(List<Alignment.Step> a, int aStart, int aEnd, List<Alignment.Step> b) {
    java.util.Set<Integer> taken = new java.util.HashSet<>();
    boolean own = false;
    for (Alignment.Step s : b) {
      if (s.move() != Alignment.Move.MISSING && s.move() != Alignment.Move.GAP) {
        taken.add(s.pasteIndex());
      }
      if (s.move() == Alignment.Move.MATCH && (s.pasteIndex() < aStart || s.pasteIndex() >= aEnd)) {
        own = true;
      }
    }
    if (!own) {
      return false;
    }
    for (Alignment.Step s : a) {
      if (s.move() == Alignment.Move.MATCH && !taken.contains(s.pasteIndex())) {
        return false;
      }
    }
    return true;
  }

  private volatile int[] firstSigOf;

  /** Index of each entry's first signature; entry d has signatures [first[d], first[d + 1]). */
  private int[] entryFirstSig() {
    int[] f = firstSigOf;
    if (f == null) {
      f = new int[entries.size() + 1];
      int k = 0;
      for (int d = 0; d < entries.size(); d++) {
        f[d] = k;
        k += entries.get(d).signatures().size();
      }
      f[entries.size()] = k;
      firstSigOf = f;
    }
    return f;
  }

  /** The alignment of signature {@code k} in words: which tokens matched, which were missing. */
  private String describe(int k, Bm25 bm, int[] paste, int m, List<String> toks) {
    List<String> sigToks = Normalizer.tokenize(sigs[k].template());
    StringBuilder b = new StringBuilder();
    SigAlign sa = sigAlign(k, bm);
    List<Alignment.Step> steps = Alignment.trace(sa.ids(), sa.w(), sa.soft(), paste, m);
    java.util.Set<Integer> found = new java.util.HashSet<>();
    int gaps = 0;
    for (Alignment.Step s : steps) {
      if (s.move() == Alignment.Move.MATCH) {
        found.add(s.sigIndex());
      } else if (s.move() == Alignment.Move.GAP) {
        gaps++;
      }
    }
    for (int i = 0; i < Math.min(sigToks.size(), sa.ids().length); i++) {
      String t = sigToks.get(i);
      if (t.startsWith("<")) {
        b.append(t);
      } else if (found.contains(i)) {
        b.append(t);
      } else {
        b.append('[').append(t).append(']');
      }
      b.append(' ');
    }
    return String.format(Locale.ROOT, "%s (%d paste words skipped inside; [missing])", b.toString().strip(), gaps);
  }

  private static boolean rarer(int df, String t, int otherDf, String other) {
    if (df != otherDf) {
      return df < otherDf;
    }
    if (t.length() != other.length()) {
      return t.length() > other.length();
    }
    return t.compareTo(other) < 0;
  }

  /** Higher score first; on a tie, the smaller entry id (entries are sorted by id, so the smaller index). */
  private static boolean better(double score, int doc, double otherScore, int otherDoc) {
    return score > otherScore || (score == otherScore && doc < otherDoc);
  }

  /**
   * Reads {@code reader} line by line (never whole) and reports known errors: per line, the best
   * signature of each entry that matched. Returns the number of hits.
   */
  public long scan(Reader reader, Consumer<ScanHit> sink) throws IOException {
    BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    BitSet cand = new BitSet(sigs.length);
    long[][] buf = {new long[64]};
    MultiLine ml = multiLine();
    boolean[] multiLine = ml.multiLine();
    String[] ring = new String[ml.maxLines()];
    LongSet lineSet = new LongSet(256);
    List<long[]> pending = new ArrayList<>(); // {signature, first line, due line}
    long lineNo = 0;
    long hits = 0;
    String line;
    while ((line = br.readLine()) != null) {
      lineNo++;
      ring[(int) (lineNo % ring.length)] = line;
      String folded = null;
      int count = asciiTokenHashes(line, buf);
      if (count < 0) {
        folded = Normalizer.fold(line);
        List<String> tokens = Normalizer.tokenize(folded);
        if (buf[0].length < tokens.size()) {
          buf[0] = new long[tokens.size() * 2];
        }
        count = 0;
        for (String t : tokens) {
          buf[0][count++] = TokenTable.hash(t);
        }
      }
      if (ml.multiLists().length > 0) {
        for (int i = 0; i < count; i++) {
          int slot = ml.multiKeys().get(buf[0][i]);
          if (slot >= 0) {
            for (int k : ml.multiLists()[slot]) {
              if (!containsAll(buf[0], count, ml.triggerReq()[k])) {
                continue;
              }
              long first = lineNo - ml.triggerLine()[k];
              if (pending.stream().noneMatch(q -> q[0] == k && q[1] == first)) {
                pending.add(new long[] {k, first, first + ml.lineCount()[k] - 1});
              }
            }
          }
        }
      }
      if (!pending.isEmpty()) {
        hits += checkWindows(pending, ring, lineNo, false, sink);
      }
      // Log lines keep their line breaks: every required token must be there.
      addCandidates(buf[0], count, cand, true, lineSet);
      if (cand.isEmpty()) {
        continue;
      }
      if (folded == null) {
        folded = Normalizer.fold(line);
      }
      String lang = detectLang(folded);
      Map<Integer, Hit> best = new HashMap<>();
      for (int k = cand.nextSetBit(0); k >= 0; k = cand.nextSetBit(k + 1)) {
        cand.clear(k); // bit by bit: clear() would zero the whole set for every line
        if (multiLine[k]) {
          continue;
        }
        Hit h = tryMatch(k, folded, lang);
        if (h != null) {
          best.merge(sigEntry[k], h, (a, b) -> HIT_ORDER.compare(a, b) <= 0 ? a : b);
        }
      }
      if (best.isEmpty()) {
        continue;
      }
      List<Hit> list = new ArrayList<>(best.values());
      list.sort(HIT_ORDER);
      for (Hit h : list) {
        sink.accept(new ScanHit(lineNo, entries.get(sigEntry[h.sig]), sigs[h.sig], h.span, h.slots));
        hits++;
      }
    }
    if (!pending.isEmpty()) {
      hits += checkWindows(pending, ring, lineNo, true, sink);
    }
    return hits;
  }

  /**
   * Runs the multi-line signatures whose window ends at {@code lineNo} (or all, at the end) on
   * their lines joined, and reports each match at the window's first line.
   */
  private long checkWindows(List<long[]> pending, String[] ring, long lineNo, boolean atEnd, Consumer<ScanHit> sink) {
    long hits = 0;
    for (java.util.Iterator<long[]> it = pending.iterator(); it.hasNext(); ) {
      long[] p = it.next();
      if (!atEnd && p[2] > lineNo) {
        continue;
      }
      it.remove();
      int k = (int) p[0];
      long from = Math.max(1, Math.max(p[1], lineNo - ring.length + 1));
      String[] lines = new String[(int) (lineNo - from + 1)];
      for (long l = from; l <= lineNo; l++) {
        lines[(int) (l - from)] = ring[(int) (l % ring.length)];
      }
      Hit h = matchWindow(k, lines);
      if (h != null) {
        sink.accept(new ScanHit(from, entries.get(sigEntry[k]), sigs[k], h.span, h.slots));
        hits++;
      }
    }
    return hits;
  }

  /** At most this many leading fields of each line are tried as a log prefix. */
  static final int MAX_PREFIX_FIELDS = 8;

  /**
   * Matches multi-line signature {@code k} against a window of log lines: first as they are,
   * then — when every line starts with the same kind of log prefix (timestamp, thread, host…),
   * which would sit between the signature's lines — with the first 1, 2, … of those prefix
   * fields removed from every line (docs/matching.md §3).
   */
  private Hit matchWindow(int k, String[] lines) {
    String folded = Normalizer.fold(String.join("\n", lines));
    Hit h = tryMatch(k, folded, detectLang(folded));
    if (h != null || lines.length < 2) {
      return h;
    }
    int[][] starts = new int[lines.length][];
    for (int j = 0; j < lines.length; j++) {
      starts[j] = fieldStarts(lines[j]);
    }
    int common = commonPrefixFields(lines, starts);
    StringBuilder b = new StringBuilder();
    for (int f = 1; f <= common; f++) {
      b.setLength(0);
      for (int j = 0; j < lines.length; j++) {
        b.append(lines[j], f < starts[j].length ? starts[j][f] : lines[j].length(), lines[j].length()).append('\n');
      }
      folded = Normalizer.fold(b.toString());
      h = tryMatch(k, folded, detectLang(folded));
      if (h != null) {
        return h;
      }
    }
    return null;
  }

  /** Where the whitespace-separated fields of {@code line} start, up to {@link #MAX_PREFIX_FIELDS} + 1 of them. */
  static int[] fieldStarts(String line) {
    int[] out = new int[MAX_PREFIX_FIELDS + 1];
    int n = 0;
    boolean inField = false;
    for (int i = 0; i < line.length() && n < out.length; i++) {
      char c = line.charAt(i);
      boolean space = c == ' ' || c == '\t';
      if (!space && !inField) {
        out[n++] = i;
      }
      inField = !space;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /**
   * How many leading fields all lines share in shape (the field folded and masked: timestamps,
   * numbers, ids differ from line to line, their kind does not). A line may be nothing but the
   * prefix (an empty line of the error).
   */
  static int commonPrefixFields(String[] lines, int[][] starts) {
    int max = MAX_PREFIX_FIELDS;
    for (int[] st : starts) {
      max = Math.min(max, st.length);
    }
    int f = 0;
    for (; f < max; f++) {
      String shape = null;
      for (int j = 0; j < lines.length; j++) {
        int end = f + 1 < starts[j].length ? starts[j][f + 1] : lines[j].length();
        String field = lines[j].substring(starts[j][f], end).strip();
        String sh = Normalizer.mask(Normalizer.fold(field));
        if (shape == null) {
          shape = sh;
        } else if (!shape.equals(sh)) {
          return f;
        }
      }
    }
    return f;
  }

  /**
   * Token hashes of a plain ASCII line, computed without creating strings (lower-casing on the
   * fly, as folding would); returns -1 when the line needs the full folding path (non-ASCII or
   * escape characters).
   */
  private static int asciiTokenHashes(String line, long[][] buf) {
    int n = line.length();
    long[] out = buf[0];
    int count = 0;
    long h = TokenTable.SEED;
    boolean inWord = false;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? line.charAt(i) : ' ';
      if (c >= 0x80 || c == 0x1b) {
        return -1;
      }
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
        h = TokenTable.step(h, c);
        inWord = true;
      } else if (inWord) {
        if (count == out.length) {
          out = java.util.Arrays.copyOf(out, count * 2);
          buf[0] = out;
        }
        out[count++] = h;
        h = TokenTable.SEED;
        inWord = false;
      }
    }
    return count;
  }

  private static boolean containsAll(long[] a, int n, long[] values) {
    for (long v : values) {
      if (!contains(a, n, v)) {
        return false;
      }
    }
    return true;
  }

  private static boolean contains(long[] a, int n, long v) {
    for (int i = 0; i < n; i++) {
      if (a[i] == v) {
        return true;
      }
    }
    return false;
  }

  /** The filter bit (0–62 and 64–255) of a token hash: its top byte, independent of the table's slot bits. */
  private static int bit(long hash) {
    int b = (int) (hash >>> 56);
    return b == 63 ? 62 : b;
  }

  /**
   * Adds the signatures that a text with these token hashes may match: one of its (up to) two
   * rarest tokens is present (the key), and all of its up to four rarest tokens are present — or,
   * for a paste ({@code strict} false), all but one, since a lost line break can glue a word to
   * its neighbour. Explicit patterns are always candidates.
   */
  private void addCandidates(long[] hashes, int count, BitSet cand, boolean strict, LongSet present) {
    for (int k : always) {
      cand.set(k);
    }
    boolean filled = false;
    boolean bitsDone = false;
    long b0 = 0;
    long b1 = 0;
    long b2 = 0;
    long b3 = 0;
    for (int i = 0; i < count; i++) {
      int slot = keyTable.get(hashes[i]);
      if (slot < 0) {
        continue;
      }
      if (!bitsDone) {
        bitsDone = true;
        b0 = Long.MIN_VALUE;
        for (int j = 0; j < count; j++) {
          int bit = bit(hashes[j]);
          long m = 1L << bit;
          switch (bit >>> 6) {
            case 0 -> b0 |= m;
            case 1 -> b1 |= m;
            case 2 -> b2 |= m;
            default -> b3 |= m;
          }
        }
      }
      int[] list = keyLists[slot];
      long[] kb = keyBits[slot];
      for (int li = 0; li < list.length; li++) {
        // Only the filter words, stored next to each other, are read for the many candidates a
        // common word brings; the signature's own data only when they pass.
        int o = li * 4;
        int allowedMisses = strict || kb[o] < 0 ? 0 : 1;
        // Each required bit absent from the text's bits is at least one missing token.
        int absent = Long.bitCount(kb[o] & ~b0) + Long.bitCount(kb[o + 1] & ~b1)
            + Long.bitCount(kb[o + 2] & ~b2) + Long.bitCount(kb[o + 3] & ~b3);
        if (absent > allowedMisses) {
          continue;
        }
        int k = list[li];
        if (cand.get(k)) {
          continue;
        }
        long[] req = sigReq[k];
        if (!filled) {
          present.fill(hashes, count);
          filled = true;
        }
        int misses = 0;
        for (int r = 0; r < req.length && misses <= allowedMisses; r++) {
          if (!present.contains(req[r])) {
            misses++;
          }
        }
        if (misses <= allowedMisses) {
          cand.set(k);
        }
      }
    }
  }

  private record Hit(int sig, int literal, List<Slot> slots, boolean langMatch, String entryId, Span span) {}

  private static final Comparator<Hit> HIT_ORDER =
      Comparator.comparingInt((Hit h) -> -h.literal)
          .thenComparingInt(h -> h.slots.size())
          .thenComparing(h -> !h.langMatch)
          .thenComparing(Hit::entryId);

  /** Stands in for a signature whose regex RE2 rejects or that would compile to a huge program. */
  private static final Pattern NEVER = Pattern.compile("a\\bz");

  /**
   * Regexes come from a file other tools hand us: one RE2 cannot compile (backreferences,
   * lookaround) or whose nested counts would make a huge program makes that signature never
   * match; the rest of the index still works and nothing throws out of match() or scan().
   */
  static Pattern compileOrNever(String regex) {
    if (!RegexGuard.acceptable(regex)) {
      return NEVER;
    }
    try {
      return Pattern.compile(regex);
    } catch (com.google.re2j.PatternSyntaxException e) {
      return NEVER;
    }
  }

  private Hit tryMatch(int k, String folded, String lang) {
    if (!sigs[k].anchors().isEmpty() && !info(k).literalsInOrder(folded)) {
      return null;
    }
    Pattern p = compiled.get(k);
    if (p == null) {
      p = compileOrNever(sigs[k].regex());
      compiled.set(k, p);
    }
    if (p == NEVER) {
      return null;
    }
    Matcher m = p.matcher(folded);
    if (!m.find()) {
      return null;
    }
    List<Slot> slots = new ArrayList<>();
    boolean derived = !sigs[k].anchors().isEmpty();
    for (int g = 1; g <= m.groupCount(); g++) {
      String type = derived && g - 1 < info(k).slots().size() ? info(k).slots().get(g - 1).key() : "group" + g;
      String v = m.group(g);
      if (v != null) {
        slots.add(new Slot(type, v));
      }
    }
    String sl = sigs[k].lang();
    boolean langMatch = sl.equals(lang) || sl.equals("any");
    return new Hit(
        k, info(k).literalChars(), slots, langMatch, entries.get(sigEntry[k]).id(),
        new Span(m.start(), m.end(), folded.substring(m.start(), m.end())));
  }

  /** {@code ja} when the text has kana, or Han and no Latin letters; else {@code en}. */
  static String detectLang(String folded) {
    boolean han = false;
    boolean latin = false;
    for (int i = 0; i < folded.length(); ) {
      int cp = folded.codePointAt(i);
      i += Character.charCount(cp);
      if (cp >= 'a' && cp <= 'z') {
        latin = true;
      } else if (cp >= 0x3040 && cp <= 0x30ff) {
        return "ja";
      } else if (cp >= 0x2e80 && Normalizer.isCjk(cp)) {
        han = true;
      }
    }
    return han && !latin ? "ja" : "en";
  }

  private static String displayLang(IndexEntry e, String lang) {
    if (e.title().containsKey(lang) || e.title().isEmpty()) {
      return lang;
    }
    return e.title().firstKey();
  }

  /**
   * The BM25 terms of one entry (placeholders left out): each distinct token hash once, in order
   * of first occurrence, with its weighted frequency; the weighted length; its languages. Sums are
   * taken token by token in text order, as a single pass over the whole index would.
   */
  private record DocTerms(long[] hashes, float[] tf, int size, float length, byte langs) {}

  /** One builder per thread, reused entry after entry: a fresh one per entry made most of the garbage of a load. */
  private static final ThreadLocal<DocTermsBuilder> TERMS = ThreadLocal.withInitial(DocTermsBuilder::new);

  private static DocTerms terms(IndexEntry e, TemplateInfo.Keys[] keys) {
    DocTermsBuilder b = TERMS.get();
    b.reset();
    byte langs = 0;
    for (int i = 0; i < e.signatures().size(); i++) {
      IndexSignature s = e.signatures().get(i);
      long[] h = keys[i].tokenHashes();
      b.add(h, h.length, W_SIGNATURE);
      if (s.lang().equals("ja")) {
        langs |= 2;
      } else if (s.lang().equals("en")) {
        langs |= 1;
      }
    }
    for (String lang : e.title().keySet()) {
      langs |= (byte) (lang.equals("ja") ? 2 : 1);
    }
    // Prose is indexed folded but not masked: masking only turns values into placeholders, which
    // BM25 ignores, and it is most of the cost of loading a large index.
    for (String t : e.title().values()) {
      b.addProse(t, W_TITLE);
    }
    for (Map<String, String> field : List.of(e.summary(), e.cause(), e.fix())) {
      for (String t : field.values()) {
        b.addProse(t, W_BODY);
      }
    }
    return b.build(langs);
  }

  /** Counts one entry's weighted token frequencies by hash. */
  private static final class DocTermsBuilder {
    /** Past this many terms or prose characters the builder starts afresh, so a thread of a shared pool does not keep one huge entry's buffers. */
    private static final int KEEP = 1 << 14;

    private LongIntMap ids = new LongIntMap(256);
    private final long[][] buf = {new long[256]};
    private long[] hashes = new long[256];
    private float[] tf = new float[256];
    private int size;
    private float length;

    void reset() {
      if (size > KEEP || buf[0].length > KEEP) {
        ids = new LongIntMap(256);
        buf[0] = new long[256];
        hashes = new long[256];
        tf = new float[256];
      } else {
        ids.clear();
        java.util.Arrays.fill(tf, 0, size, 0f);
      }
      size = 0;
      length = 0;
    }

    void add(long[] h, int count, float weight) {
      for (int i = 0; i < count; i++) {
        int id = ids.get(h[i], -1);
        if (id < 0) {
          id = size++;
          ids.put(h[i], id);
          if (id == hashes.length) {
            hashes = java.util.Arrays.copyOf(hashes, id * 2);
            tf = java.util.Arrays.copyOf(tf, id * 2);
          }
          hashes[id] = h[i];
        }
        tf[id] += weight;
        length += weight;
      }
    }

    /** Folded prose: hashed in one pass when {@link ProseTokens} covers the text. */
    void addProse(String text, float weight) {
      int count = ProseTokens.hashes(text, buf);
      if (count < 0) {
        List<String> tokens = Normalizer.tokenize(Normalizer.fold(text));
        count = 0;
        for (String t : tokens) {
          if (t.startsWith("<")) {
            continue;
          }
          if (count == buf[0].length) {
            buf[0] = java.util.Arrays.copyOf(buf[0], count * 2);
          }
          buf[0][count++] = TokenTable.hash(t);
        }
      }
      add(buf[0], count, weight);
    }

    DocTerms build(byte langs) {
      return new DocTerms(java.util.Arrays.copyOf(hashes, size), java.util.Arrays.copyOf(tf, size), size, length, langs);
    }
  }

  /**
   * @param sigHashes per signature, the hashes of its template's literal tokens in order (what the
   *     load derived for the keys), placeholders left out
   * @param placeholders per signature, how many slots its template has
   * @param softCandidates hashes of every word that a soft token can be (SoftTokens)
   */
  private static Bm25 buildBm25(DocTerms[] all, long[][] sigHashes, int[] placeholders, LongSet softCandidates) {
    List<long[]> sigList = List.of(sigHashes);
    int nDocs = all.length;
    LongIntMap termIds = new LongIntMap(1 << 16);
    // Terms get dense ids so that frequencies are counted in arrays, not boxed in maps.
    int nextId = 0;
    int[][] docTerms = new int[nDocs][];
    float[] len = new float[nDocs];
    int[] df = new int[1024];
    double total = 0;
    for (int d = 0; d < nDocs; d++) {
      DocTerms t = all[d];
      int[] local = new int[t.size()];
      for (int i = 0; i < t.size(); i++) {
        long name = t.hashes()[i];
        int id = termIds.get(name, -1);
        if (id < 0) {
          id = nextId++;
          termIds.put(name, id);
          if (id == df.length) {
            df = java.util.Arrays.copyOf(df, id * 2);
          }
        }
        local[i] = id;
        df[id]++;
      }
      docTerms[d] = local;
      len[d] = t.length();
      total += len[d];
    }
    double avg = nDocs == 0 ? 1 : Math.max(1e-6, total / nDocs);
    int nTerms = nextId;
    int[][] pDocs = new int[nTerms][];
    float[][] pW = new float[nTerms][];
    int[] fill = new int[nTerms];
    for (int t = 0; t < nTerms; t++) {
      pDocs[t] = new int[df[t]];
      pW[t] = new float[df[t]];
    }
    for (int d = 0; d < nDocs; d++) {
      float norm = (float) (K1 * (1 - B + B * len[d] / avg));
      float[] tf = all[d].tf();
      for (int i = 0; i < docTerms[d].length; i++) {
        int t = docTerms[d][i];
        double idf = Math.log(1 + (nDocs - df[t] + 0.5) / (df[t] + 0.5));
        float f = tf[i];
        int at = fill[t]++;
        pDocs[t][at] = d;
        pW[t][at] = (float) (idf * f * (K1 + 1) / (f + norm));
      }
    }
    double[] termWeight = new double[nTerms];
    for (int t = 0; t < nTerms; t++) {
      termWeight[t] = Ranking.idf(nDocs, df[t]);
    }
    // Per literal token the signatures that have it and how many times (from the template hashes the
    // load already made), for an upper bound of each signature's evidence before aligning it.
    int[] postCount = new int[nTerms];
    int nSigs = sigList.size();
    int[][] sigIds = new int[nSigs][];
    for (int k = 0; k < nSigs; k++) {
      long[] h = sigHashes[k];
      int nh = h.length; // all of them, as the browser's signature postings (uncut): the same "has evidence" test
      int[] ids = new int[nh];
      for (int i = 0; i < nh; i++) {
        ids[i] = termIds.get(h[i], -1);
        if (ids[i] >= 0 && firstAt(ids, i, ids[i])) {
          postCount[ids[i]] += 2;
        }
      }
      sigIds[k] = ids;
    }
    int[][] sigPostings = new int[nTerms][];
    int[] pfill = new int[nTerms];
    for (int t = 0; t < nTerms; t++) {
      sigPostings[t] = postCount[t] == 0 ? EMPTY : new int[postCount[t]];
    }
    for (int k = 0; k < nSigs; k++) {
      int[] ids = sigIds[k];
      for (int i = 0; i < ids.length; i++) {
        int id = ids[i];
        if (id >= 0 && firstAt(ids, i, id)) {
          int mult = 0;
          for (int x : ids) {
            mult += x == id ? 1 : 0;
          }
          sigPostings[id][pfill[id]++] = k;
          sigPostings[id][pfill[id]++] = mult;
        }
      }
    }
    // A lower bound of each signature's total weight, known before its alignment data: every token
    // that could be soft (a word of an errno text or of a short signature) counted as soft.
    double[] lowTotal = new double[nSigs];
    int[] loose = new int[nSigs];
    for (int k = 0; k < nSigs; k++) {
      loose[k] = placeholders[k];
      for (long h : sigHashes[k]) {
        loose[k] += softCandidates.contains(h) ? 1 : 0;
      }
      if (sigIds[k].length + placeholders[k] > Ranking.MAX_SIG_TOKENS) {
        continue; // cut by the alignment: 0 is a safe bound
      }
      double sum = 0;
      for (int i = 0; i < sigIds[k].length; i++) {
        int id = sigIds[k][i];
        if (id >= 0) {
          sum += softCandidates.contains(sigHashes[k][i]) ? termWeight[id] * SoftTokens.FACTOR : termWeight[id];
        }
      }
      lowTotal[k] = sum * (1 - 1e-9);
    }
    return new Bm25(termIds, pDocs, pW, termWeight, sigPostings, lowTotal, loose);
  }

  private static final int[] EMPTY = new int[0];

  /** True when {@code ids[i]} is the first occurrence of {@code id}. */
  private static boolean firstAt(int[] ids, int i, int id) {
    for (int j = 0; j < i; j++) {
      if (ids[j] == id) {
        return false;
      }
    }
    return true;
  }
}
