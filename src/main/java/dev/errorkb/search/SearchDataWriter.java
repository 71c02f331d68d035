package dev.errorkb.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.errorkb.signature.IndexDocument;
import dev.errorkb.signature.IndexEntry;
import dev.errorkb.signature.IndexSignature;
import dev.errorkb.signature.AlignedSignature;
import dev.errorkb.signature.DocFields;
import dev.errorkb.signature.Normalizer;
import dev.errorkb.signature.Ranking;
import dev.errorkb.util.Sha256;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Writes the browser search data (docs/search.md) under {@code search/}: a small {@code meta.js},
 * term shards {@code t/<n>.js} (BM25 postings plus the signatures filed under those terms as keys) and
 * display chunks {@code d/<n>.js}, so a query downloads only the shards of its own tokens and the
 * chunks of the entries it shows.
 *
 * <p>The data is derived from the same {@link IndexDocument} as errors.json and carries what
 * {@code ErrorIndex.match} uses (term frequencies per field weight, entry lengths, signature regexes,
 * literal sizes, key and required tokens), so {@code search.js} ranks exactly as the Java matcher.
 * Files are JavaScript calling {@code ErrorkbSearch.put(key, data)} rather than JSON, because
 * browsers refuse {@code fetch} on pages opened from disk while {@code <script src>} works there.
 */
public final class SearchDataWriter {

  /** Format of the files; search.js refuses data of another format. */
  public static final int FORMAT = 2;

  /** Where the files go, relative to the site root. */
  public static final String DIR = "search/";

  /** Entries per display chunk: a page of ten results fetches at most ten small files. */
  static final int CHUNK = 8;

  /** Signatures per signature chunk: the alignment of a query loads the chunks of the entries it scores. */
  static final int SIG_CHUNK = 4;

  /** Aim for term shards of about this many bytes before compression. */
  static final int SHARD_TARGET_BYTES = 1_000;

  /** One-line cause and fix are cut to about this many characters. */
  static final int ONE_LINE = 180;

  private static final int W_SIGNATURE = dev.errorkb.signature.Ranking.W_SIGNATURE;
  private static final int W_TITLE = dev.errorkb.signature.Ranking.W_TITLE;
  private static final int W_BODY = dev.errorkb.signature.Ranking.W_BODY;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** Entries counted at a time: enough to keep both cores busy, few enough to bound memory; whole display chunks. */
  private static final int COUNT_BLOCK = 256 * CHUNK;

  private SearchDataWriter() {}

  /** The search data files for a built signature index, by path relative to the site root. */
  public static SortedMap<String, byte[]> write(IndexDocument doc) {
    return write(doc, CountMemo.NONE);
  }

  /**
   * The same files, taking each entry's word counts from {@code memo} where it has them and
   * recording the others in it: the bytes do not depend on the memo.
   */
  public static SortedMap<String, byte[]> write(IndexDocument doc, CountMemo memo) {
    return written(doc, memo).files();
  }

  /**
   * What one write gave: the files to put (with a patch, only those that changed), the data
   * version of the whole search data, the state the next build may patch from, and, for a patch,
   * how many files were written (the rest were kept).
   */
  public record Written(SortedMap<String, byte[]> files, String version, SearchState state, boolean patched) {}

  /**
   * The search data for {@code doc}: patched from {@code published} when its state still describes
   * the published files and only a few entries' words or display changed ({@link SearchDataPatch},
   * the files the patch does not write are kept in the new site), else written whole. The files of
   * the site are the same bytes either way.
   */
  public static Written write(IndexDocument doc, CountMemo memo, java.util.Optional<PublishedSearch> published) {
    if (published.isPresent()) {
      java.util.Optional<Written> patched = SearchDataPatch.patch(doc, memo, published.get());
      if (patched.isPresent()) {
        return patched.get();
      }
    }
    return written(doc, memo);
  }

  /** The whole search data, with its version and state. */
  static Written written(IndexDocument doc, CountMemo memo) {
    List<IndexEntry> entries = doc.entries();
    int n = entries.size();
    String[] keys = new String[n];

    // BM25 field statistics, exactly as ErrorIndex builds them (weights are small integers, so the
    // browser receives integer term frequencies and lengths and redoes the float arithmetic).
    // Entries are independent: count them in parallel (normalising every title and body
    // dominates), a block at a time, and append each block's counts to the postings in entry
    // order before counting the next: per-entry maps for 50,000 entries do not fit in 1 GB.
    int[] length = new int[n];
    int[] langs = new int[n];
    // Postings as JSON arrays [first doc, tf, gap, tf, ...], docs ascending (d runs upwards).
    // One map, one lookup per posting: the JSON so far, the last document and the document
    // frequency of each term (three maps cost a one-edit 10,000-entry rebuild most of a second here).
    Map<String, Posting> postings = new HashMap<>();
    // The files are independent: written on all cores, gathered in a sorted map.
    SortedMap<String, byte[]> made = new java.util.concurrent.ConcurrentSkipListMap<>();
    for (int start = 0; start < n; start += COUNT_BLOCK) {
      int from = start;
      int to = Math.min(n, start + COUNT_BLOCK);
      List<CountMemo.Counts> tfs = new ArrayList<>(Collections.nCopies(to - from, null));
      IntStream.range(from, to).parallel().forEach(d -> {
        IndexEntry e = entries.get(d);
        String key = countKey(e);
        keys[d] = key;
        CountMemo.Counts c = memo.recall(key).orElse(null);
        if (c == null) {
          c = count(e);
          memo.remember(key, c);
        }
        tfs.set(d - from, c);
        length[d] = c.length();
        langs[d] = c.langs();
      });
      // The block's display chunks now (a block is whole chunks), so its display records go with its counts.
      IntStream.range(from / CHUNK, (to + CHUNK - 1) / CHUNK).parallel().forEach(c -> made.put(DIR + "d/" + c + ".js",
          displayChunk(c, tfs.subList(c * CHUNK - from, Math.min(to, (c + 1) * CHUNK) - from))));
      for (int d = from; d < to; d++) {
        CountMemo.Counts c = tfs.get(d - from);
        for (int i = 0; i < c.terms().size(); i++) {
          String term = c.terms().get(i);
          Posting p = postings.get(term);
          if (p == null) {
            p = new Posting();
            postings.put(term, p);
            p.json.append('[').append(d);
          } else {
            p.json.append(',').append(d - p.last);
          }
          p.json.append(',').append(c.tf()[i]);
          p.last = d;
          p.df++;
        }
      }
    }
    long total = 0;
    for (int l : length) {
      total += l;
    }
    double avg = n == 0 ? 1 : Math.max(1e-6, (double) total / n);

    long termBytes = 0;
    Map<String, Integer> df = new HashMap<>(postings.size() * 2);
    for (Map.Entry<String, Posting> p : postings.entrySet()) {
      p.getValue().json.append(']');
      termBytes += p.getKey().length() + 4 + p.getValue().json.length();
      df.put(p.getKey(), p.getValue().df);
    }
    List<AnchoredSignature> sigs = AnchoredSignature.of(entries);
    int shards = shardCount(termBytes);
    List<SortedMap<String, StringBuilder>> terms = new ArrayList<>();
    List<SortedMap<String, List<List<Object>>>> anchored = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      terms.add(new TreeMap<>());
      anchored.add(new TreeMap<>());
    }
    postings.forEach((t, p) -> terms.get(shardOf(t, shards)).put(key(t), p.json));
    postings = null;
    List<List<Object>> always = new ArrayList<>();
    for (AnchoredSignature s : sigs) {
      if (s.keys().isEmpty()) {
        always.add(s.record());
      }
      for (String t : s.keys()) {
        anchored.get(shardOf(t, shards)).computeIfAbsent(key(t), k -> new ArrayList<>()).add(s.record());
      }
    }

    // Alignment data (matching.md §3.3): per literal token the signatures that have it and how many
    // times, gap-encoded; per signature its tokens, their document frequencies and soft positions.
    List<AlignedSignature> aligned = AlignedSignature.of(entries);
    List<IndexSignature> signatures = entries.stream().flatMap(e -> e.signatures().stream()).toList();
    List<SortedMap<String, StringBuilder>> sigPost = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      sigPost.add(new TreeMap<>());
    }
    Map<String, Integer> lastSig = new HashMap<>();
    List<Object> sigRecords = new ArrayList<>();
    for (int k = 0; k < aligned.size(); k++) {
      AlignedSignature a = aligned.get(k);
      List<Integer> dfs = new ArrayList<>();
      for (String t : a.tokens()) {
        dfs.add(t.startsWith("<") ? 0 : df.getOrDefault(t, 0));
      }
      long lowQ = lowQ(a, n, dfs);
      int loose = loose(a);
      for (Map.Entry<String, Integer> t : multiplicities(a, signatures.get(k)).entrySet()) {
        StringBuilder b = sigPost.get(shardOf(t.getKey(), shards)).computeIfAbsent(key(t.getKey()), x -> new StringBuilder(8));
        Integer prev = lastSig.put(t.getKey(), k);
        b.append(prev == null ? "[" : ",").append(prev == null ? k : k - prev).append(',').append(t.getValue())
            .append(',').append(lowQ).append(',').append(loose);
      }
      sigRecords.add(sigRecord(a, dfs));
    }
    sigPost.forEach(m -> m.values().forEach(b -> b.append(']')));
    int[] sigCounts = new int[n];
    for (int d = 0; d < n; d++) {
      sigCounts[d] = entries.get(d).signatures().size();
    }

    SortedMap<String, byte[]> files = new TreeMap<>();
    files.put(DIR + "meta.js", meta(doc, n, shards, sigCounts, avg, length, langs, always));
    // The rest of the files on all cores too (this tail ran on one core for a second or two of a
    // 10,000-entry build).
    IntStream.range(0, shards).parallel().forEach(i -> made.put(DIR + "t/" + i + ".js",
        shard(i, sigPost.get(i), toJson(anchored.get(i)), terms.get(i))));
    int sigChunks = (sigRecords.size() + SIG_CHUNK - 1) / SIG_CHUNK;
    IntStream.range(0, sigChunks).parallel().forEach(c -> made.put(DIR + "s/" + c + ".js",
        script("s/" + c, sigRecords.subList(c * SIG_CHUNK, Math.min(sigRecords.size(), (c + 1) * SIG_CHUNK)))));
    files.putAll(made);
    String version = version(files);
    return new Written(files, version, new SearchState(n, shards, sigRecords.size(), termBytes, signatureHash(entries),
        List.of(keys), length, langs, version), false);
  }

  /** meta.js: the numbers every query needs (docs/search.md). */
  private static byte[] meta(IndexDocument doc, int n, int shards, int[] sigCounts, double avg, int[] length, int[] langs,
      List<List<Object>> always) {
    Map<String, Object> meta = new TreeMap<>();
    meta.put("format", FORMAT);
    meta.put("normalizerVersion", doc.normalizerVersion());
    meta.put("rankingVersion", Ranking.RANKING_VERSION);
    meta.put("ns", sigCounts);
    meta.put("schunk", SIG_CHUNK);
    meta.put("n", n);
    meta.put("shards", shards);
    meta.put("chunk", CHUNK);
    meta.put("avg", avg);
    meta.put("dl", length);
    meta.put("lang", langs);
    meta.put("always", always);
    return script("meta", meta);
  }

  /**
   * Term shard {@code i}: {@code {"g":{…},"s":…,"t":{…}}} with keys sorted, the signature postings
   * and term postings already JSON (Jackson over boxed lists of a million numbers made this the
   * slowest step of a 10,000-entry build), the anchored signatures' JSON as it is.
   */
  static byte[] shard(int i, SortedMap<String, ? extends CharSequence> g, String anchoredJson,
      SortedMap<String, ? extends CharSequence> t) {
    StringBuilder json = new StringBuilder(SHARD_TARGET_BYTES * 2).append("{\"g\":{");
    boolean firstG = true;
    for (Map.Entry<String, ? extends CharSequence> e : g.entrySet()) {
      json.append(firstG ? "" : ",").append(toJson(e.getKey())).append(':').append(e.getValue());
      firstG = false;
    }
    json.append("},\"s\":").append(anchoredJson).append(",\"t\":{");
    boolean first = true;
    for (Map.Entry<String, ? extends CharSequence> e : t.entrySet()) {
      json.append(first ? "" : ",").append(toJson(e.getKey())).append(':').append(e.getValue());
      first = false;
    }
    return script("t/" + i, json.append("}}").toString());
  }

  /** A signature's alignment record for its chunk: its tokens, their document frequencies, its soft positions. */
  static List<Object> sigRecord(AlignedSignature a, List<Integer> dfs) {
    List<Integer> soft = new ArrayList<>();
    for (int i = 0; i < a.tokens().size(); i++) {
      if (a.isSoft(i)) {
        soft.add(i);
      }
    }
    return List.of(a.tokens(), dfs, soft);
  }

  /** Postings come from all the template's words, also past the alignment's cut (as ErrorIndex); placeholders not. */
  static Map<String, Integer> multiplicities(AlignedSignature a, IndexSignature s) {
    Map<String, Integer> mult = new java.util.LinkedHashMap<>();
    for (String t : a.cut() ? Normalizer.tokenize(s.template()) : a.tokens()) {
      if (!t.startsWith("<")) {
        mult.merge(t, 1, Integer::sum);
      }
    }
    return mult;
  }

  /**
   * A lower bound of the signature's total weight in quarters (every word that could be soft
   * counted as soft), so that the browser can skip signatures that cannot score before loading
   * them; {@code dfs} are its tokens' document frequencies (0 for a word no entry has, which then
   * counts as 1).
   */
  static long lowQ(AlignedSignature a, int n, List<Integer> dfs) {
    double low = 0;
    if (!a.cut()) {
      for (int i = 0; i < a.tokens().size(); i++) {
        String t = a.tokens().get(i);
        if (!t.startsWith("<")) {
          double w = Ranking.idf(n, Math.max(1, dfs.get(i)));
          low += a.maybeSoft()[i] ? 0 : w; // a soft token does not count towards coverage (Ranker)
        }
      }
    }
    return (long) Math.floor(low * 4 * (1 - 1e-9));
  }

  /** How many of its tokens can earn a slot's SLOT (slots, and words that could be soft). */
  static int loose(AlignedSignature a) {
    int loose = 0;
    for (int i = 0; i < a.tokens().size(); i++) {
      loose += a.tokens().get(i).startsWith("<") || a.maybeSoft()[i] ? 1 : 0;
    }
    return loose;
  }

  /**
   * Display chunk {@code c}: its entries' display records joined as a JSON array, what Jackson
   * writes for the list of them byte for byte (the records come with the counts, so an unchanged
   * entry's is not written again).
   */
  static byte[] displayChunk(int c, List<CountMemo.Counts> entries) {
    java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream(8192);
    byte[] head = (head("d/" + c) + "[").getBytes(StandardCharsets.UTF_8);
    chunk.write(head, 0, head.length);
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        chunk.write(',');
      }
      byte[] d = entries.get(i).display();
      chunk.write(d, 0, d.length);
    }
    byte[] tail = ("]" + TAIL).getBytes(StandardCharsets.UTF_8);
    chunk.write(tail, 0, tail.length);
    return chunk.toByteArray();
  }

  /** A term's postings while they are gathered: the JSON array so far, the last document in it, how many documents. */
  private static final class Posting {
    final StringBuilder json = new StringBuilder(16);
    int last;
    int df;
  }

  /** One entry's BM25 counts, exactly as ErrorIndex makes them (matching.md §3.4), and its display record. */
  static CountMemo.Counts count(IndexEntry e) {
    Map<String, Integer> tf = new HashMap<>();
    int[] len = {0};
    int bits = 0;
    java.util.function.Supplier<java.util.Set<String>> prose = DocFields.prose(e);
    for (IndexSignature s : e.signatures()) {
      count(tf, len, DocFields.signatureWords(s.template(), prose), W_SIGNATURE);
      bits |= langBit(s.lang());
    }
    for (String l : e.title().keySet()) {
      bits |= langBit(l);
    }
    // Prose is indexed folded, not masked, as ErrorIndex does (matching.md §3.4).
    for (String t : e.title().values()) {
      DocFields.Words copied = DocFields.titleWords(e, t, prose);
      if (copied != null) {
        count(tf, len, copied, W_TITLE);
      } else {
        count(tf, len, Normalizer.tokenize(Normalizer.fold(t)), W_TITLE);
      }
    }
    for (Map<String, String> field : List.of(e.summary(), e.cause(), e.fix())) {
      for (String t : field.values()) {
        count(tf, len, Normalizer.tokenize(Normalizer.fold(t)), W_BODY);
      }
    }
    List<String> terms = new ArrayList<>(tf.keySet());
    int[] f = new int[terms.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = tf.get(terms.get(i));
    }
    return new CountMemo.Counts(terms, f, len[0], bits, toJson(display(e)).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The SHA-256 of everything {@link #count(IndexEntry)} reads: the id, product and tags, each
   * signature's language, text and template, and the titles, summaries, causes and fixes by
   * language. Each string is length-prefixed, so no two different entries hash the same bytes.
   */
  public static String countKey(IndexEntry e) {
    MessageDigest d = Sha256.digest();
    keyPart(d, "counts " + FORMAT + " " + Ranking.RANKING_VERSION + " display");
    keyPart(d, e.id());
    keyPart(d, e.product());
    keyPart(d, Integer.toString(e.tags().size()));
    for (String t : e.tags()) {
      keyPart(d, t);
    }
    keyPart(d, Integer.toString(e.signatures().size()));
    for (IndexSignature s : e.signatures()) {
      keyPart(d, s.lang());
      keyPart(d, s.text());
      keyPart(d, s.template());
    }
    for (Map<String, String> field : List.of(e.title(), e.summary(), e.cause(), e.fix())) {
      keyPart(d, Integer.toString(field.size()));
      for (Map.Entry<String, String> t : field.entrySet()) {
        keyPart(d, t.getKey());
        keyPart(d, t.getValue());
      }
    }
    return Sha256.hex(d, 64);
  }

  private static void keyPart(MessageDigest d, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    d.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
    d.update(b);
  }

  /** What a result shows: titles, one-line summary, cause and fix per language, product, tags, signatures. */
  private static Map<String, Object> display(IndexEntry e) {
    Map<String, Object> m = new TreeMap<>();
    m.put("id", e.id());
    m.put("product", e.product());
    m.put("tags", e.tags());
    Map<String, Object> perLang = new TreeMap<>();
    for (String l : e.title().keySet()) {
      Map<String, String> x = new TreeMap<>();
      x.put("title", e.title().get(l));
      x.put("summary", oneLine(e.summary().getOrDefault(l, "")));
      x.put("cause", oneLine(e.cause().getOrDefault(l, "")));
      x.put("fix", oneLine(e.fix().getOrDefault(l, "")));
      perLang.put(l, x);
    }
    m.put("docs", perLang);
    List<List<String>> sigs = new ArrayList<>();
    for (IndexSignature s : e.signatures()) {
      sigs.add(List.of(s.lang(), s.text()));
    }
    m.put("sigs", sigs);
    return m;
  }

  /** The first line of plain text, cut at a word boundary near {@link #ONE_LINE} characters. */
  static String oneLine(String text) {
    String s = text.strip();
    int nl = s.indexOf('\n');
    if (nl >= 0) {
      s = s.substring(0, nl).strip();
    }
    if (s.codePointCount(0, s.length()) <= ONE_LINE) {
      return s;
    }
    int cut = s.offsetByCodePoints(0, ONE_LINE);
    int space = s.lastIndexOf(' ', cut);
    if (space > cut / 2) {
      cut = space;
    }
    return s.substring(0, cut).stripTrailing() + "…";
  }

  /** Signature words (DocFields): the uncounted ones with frequency 0, which still make a posting. */
  private static void count(Map<String, Integer> tf, int[] len, DocFields.Words words, int w) {
    for (int i = 0; i < words.words().size(); i++) {
      int x = words.uncounted()[i] ? 0 : w;
      tf.merge(words.words().get(i), x, Integer::sum);
      len[0] += x;
    }
  }

  private static void count(Map<String, Integer> tf, int[] len, List<String> tokens, int w) {
    for (String t : tokens) {
      if (t.startsWith("<")) {
        continue;
      }
      tf.merge(t, w, Integer::sum);
      len[0] += w;
    }
  }

  /** Bit 1 for English, 2 for Japanese (as in ErrorIndex); {@code any} counts for neither. */
  private static int langBit(String lang) {
    return switch (lang) {
      case "en" -> 1;
      case "ja" -> 2;
      default -> 0;
    };
  }

  /** A power of two, so shards stay balanced as the KB grows; 1 for a small site. */
  static int shardCount(long termBytes) {
    long want = Math.max(1, (termBytes + SHARD_TARGET_BYTES - 1) / SHARD_TARGET_BYTES);
    int s = 1;
    while (s < want && s < 4096) {
      s <<= 1;
    }
    return s;
  }

  /**
   * A fingerprint of the search data: 12 hex digits of a SHA-256 over each file's path and
   * SHA-256, in path order ({@link #versionOf}). The search pages carry it and search.js appends
   * it to every data URL, so a browser never combines files of two builds from its cache. Over the
   * files' hashes rather than their bytes, so that a patched build (issue 15) can name the version
   * of files it kept from the manifest's hashes.
   */
  public static String version(SortedMap<String, byte[]> files) {
    SortedMap<String, String> hashes = new TreeMap<>();
    files.forEach((path, bytes) -> hashes.put(path, Sha256.hex(bytes)));
    return versionOf(hashes);
  }

  /** {@link #version} from each file's SHA-256 (hex), by path. */
  public static String versionOf(SortedMap<String, String> hashes) {
    MessageDigest md = Sha256.digest();
    for (Map.Entry<String, String> f : hashes.entrySet()) {
      md.update(f.getKey().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(f.getValue().getBytes(StandardCharsets.US_ASCII));
      md.update((byte) '\n');
    }
    return Sha256.hex(md, 12);
  }

  /** Every file of the search data of {@code entries} entries, {@code shards} shards and {@code signatures} signatures, in path order. */
  static List<String> paths(int entries, int shards, int signatures) {
    java.util.SortedSet<String> p = new java.util.TreeSet<>();
    p.add(DIR + "meta.js");
    for (int i = 0; i < shards; i++) {
      p.add(DIR + "t/" + i + ".js");
    }
    for (int c = 0; c < (entries + CHUNK - 1) / CHUNK; c++) {
      p.add(DIR + "d/" + c + ".js");
    }
    for (int c = 0; c < (signatures + SIG_CHUNK - 1) / SIG_CHUNK; c++) {
      p.add(DIR + "s/" + c + ".js");
    }
    return List.copyOf(p);
  }

  /**
   * The SHA-256 of every signature of the index with its place (entry, ordinal): what the
   * anchored records, candidate keys, signature postings' multiplicities and the always-tried list
   * are made from. While it stays the same, a patch rewrites only what depends on words and
   * document frequencies.
   */
  static String signatureHash(List<IndexEntry> entries) {
    MessageDigest d = Sha256.digest();
    keyPart(d, "signatures " + FORMAT + " " + Ranking.RANKING_VERSION + " " + Normalizer.NORMALIZER_VERSION);
    for (IndexEntry e : entries) {
      keyPart(d, Integer.toString(e.signatures().size()));
      for (IndexSignature s : e.signatures()) {
        keyPart(d, s.id());
        keyPart(d, s.lang());
        keyPart(d, s.text());
        keyPart(d, s.template());
        keyPart(d, s.regex());
        keyPart(d, Integer.toString(s.anchors().size()));
        for (String a : s.anchors()) {
          keyPart(d, a);
        }
      }
    }
    return Sha256.hex(d, 64);
  }

  /**
   * The property name of a term in a shard. The files are JavaScript, and in an object literal the
   * name {@code __proto__} sets the prototype instead of making a property, so that one term (a
   * word that can occur in an error text) is written with a leading space; search.js does the same.
   */
  static String key(String term) {
    return term.equals("__proto__") ? " __proto__" : term;
  }

  /** The shard of a term: 32-bit FNV-1a over its UTF-16 code units, modulo the shard count. */
  public static int shardOf(String term, int shards) {
    int h = 0x811c9dc5;
    for (int i = 0; i < term.length(); i++) {
      h ^= term.charAt(i);
      h *= 0x01000193;
    }
    return h & (shards - 1);
  }

  static byte[] script(String key, Object data) {
    return script(key, toJson(data));
  }

  static byte[] script(String key, String json) {
    return (head(key) + json + TAIL).getBytes(StandardCharsets.UTF_8);
  }

  /** A data file is {@code head(key) + JSON + TAIL}: one call of search.js's loader. */
  static String head(String key) {
    return "ErrorkbSearch.put(\"" + key + "\",";
  }

  static final String TAIL = ");\n";

  static String toJson(Object data) {
    try {
      return JSON.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
