package dev.errorkb.signature;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.CRC32C;

/**
 * The sidecar of errors.json ({@code errors.idx}, docs/errors-json.md "The sidecar index"): what
 * loading errors.json derives for matching — the candidate filter's lists, the BM25 postings, each
 * signature's alignment data, the known short messages — stored as arrays, with the signatures
 * and entries as records, so that a one-shot {@code match} decodes only the entries it shows and
 * the lists its paste's words need. errors.json stays the contract: the sidecar names the length
 * and CRC-32C of the errors.json bytes it was made from, carries a CRC-32C per 64 KiB block of
 * itself (a block is checked the first time anything in it is read), and every count, offset and
 * value is checked before use. A sidecar that does not fit is not used (the caller hears why and
 * loads errors.json). It is written from an index's own entries and arrays ({@link Parts}): those
 * of a load of errors.json ({@link ErrorIndex#sidecar(byte[], String)}, the definition) or of the
 * build's index of the document errors.json serialises, which are the same; so an index opened
 * through a sidecar ranks exactly as one loaded from the file.
 *
 * <p>Layout, little-endian: a header — magic {@code ERRKBIDX}, format {@link #VERSION}, the
 * errors.json length and CRC-32C, the body length, the block count, the CRC-32C of the header and
 * block table — then the block table (one CRC-32C per 64 KiB of body), then the body: the stamp
 * ({@link #stamp}), counts, entry records, signatures per entry, entry languages, the filter
 * (key hashes, always-tried signatures, offset tables of its lists, the lists, each signature's
 * filter words and required hashes), the signature records, the alignment records, the short
 * messages' tokens, and the BM25 arrays (term hashes and idf, postings, signature postings,
 * bounds, signature term ids).
 */
final class IndexSidecar {

  /** The format; bump it whenever a change of errorkb changes the layout or what a load derives (the stamp names the rest). */
  static final int VERSION = 1;

  private static final byte[] MAGIC = "ERRKBIDX".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = 48;
  private static final int BLOCK = 1 << 16;

  private IndexSidecar() {}

  /**
   * A sidecar whose contents do not hold together, found while a match reads it (a block whose
   * checksum fails, a list out of range, an entry that is not what the sidecar recorded): the
   * index falls back to errors.json.
   */
  static final class Broken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Broken(String message) {
      super(message);
    }

    Broken(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What the derived data depends on besides errors.json: this format and errorkb's normaliser and ranking. */
  static String stamp() {
    return "errorkb sidecar " + VERSION + "; normalizer " + Normalizer.NORMALIZER_VERSION + "; ranking "
        + Ranking.RANKING_VERSION + "; req " + Ranking.MAX_REQ + "/" + Ranking.MAX_KEYS + "/" + Ranking.SECOND_KEY_MAX_DF;
  }

  /** The sidecar of the errors.json at {@code json}: {@code errors.json} → {@code errors.idx}, {@code x} → {@code x.idx}. */
  static Path pathFor(Path json) {
    String name = json.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return json.resolveSibling(base + ".idx");
  }

  // ---------------------------------------------------------------- writing

  /**
   * What a sidecar is written from: an index's entries and the arrays it derived from them
   * ({@link ErrorIndex#sidecar(byte[])}), whether it was loaded from errors.json or built from the
   * document that errors.json serialises.
   */
  record Parts(List<IndexEntry> entries, SignatureTable table, CandidateFilter filter, Bm25.Lazy bm25,
      byte[] entryLangs, SignatureAlignments alignments) {}

  /** The CRC-32C of errors.json's bytes, as a sidecar's header names it. */
  static int jsonCrc(byte[] json) {
    return crc(json, 0, json.length);
  }

  /**
   * The sidecar for the errors.json of {@code jsonLength} bytes and CRC-32C {@code jsonCrc}, from
   * {@code p}, the index derived from it: the file as consecutive parts (the header and block
   * table, then the body in 1 MiB chunks), never joined, so that writing it costs the file's size
   * once (a doubling buffer and its copies cost a 10,000-entry build three times the 54 MB,
   * issue 15). Deterministic.
   */
  static List<byte[]> write(Parts p, long jsonLength, int jsonCrc) {
    List<IndexEntry> entries = p.entries();
    SignatureTable table = p.table();
    CandidateFilter filter = p.filter();
    Bm25 bm = p.bm25().get();
    // Derived for this write alone and not kept: an index for matching derives only its candidates'.
    SignatureAlignments.SigAlign[] align = java.util.stream.IntStream.range(0, table.size()).parallel()
        .mapToObj(k -> p.alignments().derive(k, bm)).toArray(SignatureAlignments.SigAlign[]::new);

    Out o = new Out();
    o.string(stamp());
    int nE = entries.size();
    int nS = table.size();
    int nT = bm.terms();
    long[] slotHash = filter.slotHashes();
    int nK = slotHash.length;
    o.i32(nE);
    o.i32(nS);
    o.i32(nT);
    o.i32(nK);
    // The entries (signatures apart): an offset table, then each one's fields.
    Out recs = new Out();
    int[] entryOff = new int[nE + 1];
    for (int i = 0; i < nE; i++) {
      entry(recs, entries.get(i));
      entryOff[i + 1] = recs.size();
    }
    o.ints(entryOff);
    o.append(recs);
    o.align();
    for (IndexEntry e : entries) {
      o.i32(e.signatures().size());
    }
    for (byte langs : p.entryLangs()) {
      o.i8(langs);
    }
    o.align();
    // The candidate filter.
    o.longs(slotHash);
    o.i32(filter.always().length);
    o.ints(filter.always());
    int[] listOff = new int[nK + 1];
    for (int slot = 0; slot < nK; slot++) {
      listOff[slot + 1] = listOff[slot] + filter.list(slot).length;
    }
    o.ints(listOff);
    for (int slot = 0; slot < nK; slot++) {
      o.ints(filter.list(slot));
    }
    o.align();
    o.longs(filter.requiredBits());
    int[] reqOff = new int[nS + 1];
    for (int k = 0; k < nS; k++) {
      reqOff[k + 1] = reqOff[k] + filter.required(k).length;
    }
    o.ints(reqOff);
    o.align();
    for (int k = 0; k < nS; k++) {
      o.longs(filter.required(k));
    }
    // The signatures: an offset table, then each one's fields.
    Out sigs = new Out();
    int[] sigOff = new int[nS + 1];
    for (int k = 0; k < nS; k++) {
      IndexSignature s = table.sig(k);
      sigs.string(s.id());
      sigs.string(s.lang());
      sigs.string(s.text());
      sigs.string(s.template());
      sigs.string(s.regex());
      sigs.i32(s.anchors().size());
      for (String a : s.anchors()) {
        sigs.string(a);
      }
      sigOff[k + 1] = sigs.size();
    }
    o.ints(sigOff);
    o.append(sigs);
    // The alignment data of every signature.
    Out al = new Out();
    int[] alignOff = new int[nS + 1];
    for (int k = 0; k < nS; k++) {
      SignatureAlignments.SigAlign a = align[k];
      int n = a.ids().length;
      al.i32(n);
      al.ints(a.ids());
      for (double w : a.w()) {
        al.f64(w);
      }
      for (double w : a.sub()) {
        al.f64(w);
      }
      al.f64(a.total());
      al.f64(a.need());
      al.i8(a.soft() == null ? 0 : 1);
      for (int i = 0; a.soft() != null && i < n; i++) {
        al.i8(a.soft()[i] ? 1 : 0);
      }
      alignOff[k + 1] = al.size();
    }
    o.align();
    o.ints(alignOff);
    o.append(al);
    List<List<String>> shortTokens = table.shortSignatureTokens();
    o.i32(shortTokens.size());
    for (List<String> toks : shortTokens) {
      o.i32(toks.size());
      for (String t : toks) {
        o.string(t);
      }
    }
    o.align();
    // BM25.
    long[] termHash = new long[nT];
    bm.termIds().forEach((h, id) -> termHash[id] = h);
    o.longs(termHash);
    for (double w : bm.termWeight()) {
      o.f64(w);
    }
    int[] docOff = new int[nT + 1];
    int[] spOff = new int[nT + 1];
    for (int t = 0; t < nT; t++) {
      docOff[t + 1] = docOff[t] + bm.docs(t).length;
      spOff[t + 1] = spOff[t] + bm.sigPostings(t).length;
    }
    o.ints(docOff);
    for (int t = 0; t < nT; t++) {
      o.ints(bm.docs(t));
    }
    for (int t = 0; t < nT; t++) {
      for (float w : bm.weights(t)) {
        o.f32(w);
      }
    }
    o.ints(spOff);
    for (int t = 0; t < nT; t++) {
      o.ints(bm.sigPostings(t));
    }
    o.align();
    for (double v : bm.lowTotal()) {
      o.f64(v);
    }
    o.ints(bm.loose());
    int[] idOff = new int[nS + 1];
    for (int k = 0; k < nS; k++) {
      idOff[k + 1] = idOff[k] + bm.sigIds(k).length;
    }
    o.ints(idOff);
    for (int k = 0; k < nS; k++) {
      o.ints(bm.sigIds(k));
    }
    return o.withHeader(jsonLength, jsonCrc);
  }

  /** An entry's fields but its signatures, in the order of the {@link IndexEntry} record. */
  private static void entry(Out o, IndexEntry e) {
    o.string(e.id());
    for (java.util.Map<String, String> m : List.of(e.title(), e.summary(), e.cause(), e.fix(), e.url(), e.absoluteUrl())) {
      o.i32(m.size());
      m.forEach((k, v) -> {
        o.string(k);
        o.string(v);
      });
    }
    o.string(e.product());
    o.i32(e.tags().size());
    e.tags().forEach(o::string);
    o.string(e.severity());
    o.i32(e.requires().size());
    for (IndexEntry.Requirement r : e.requires()) {
      o.string(r.kind());
      o.string(r.value());
      o.i8(r.note().isPresent() ? 1 : 0);
      r.note().ifPresent(o::string);
    }
    o.i8(e.updated().isPresent() ? 1 : 0);
    e.updated().ifPresent(o::string);
    o.string(e.contentHash());
  }

  private static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  /** A little-endian byte sink in chunks of 1 MiB (a whole number of blocks), so that growing never copies. */
  private static final class Out {
    private static final int CHUNK = 16 * BLOCK;
    private final List<byte[]> chunks = new ArrayList<>();
    private final ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    private byte[] cur = new byte[CHUNK];
    private int pos;

    void i8(int v) {
      if (pos == CHUNK) {
        next();
      }
      cur[pos++] = (byte) v;
    }

    void i32(int v) {
      write(b.clear().putInt(v).array(), 0, 4);
    }

    void ints(int[] v) {
      for (int x : v) {
        i32(x);
      }
    }

    void longs(long[] v) {
      for (long x : v) {
        write(b.clear().putLong(x).array(), 0, 8);
      }
    }

    void f32(float v) {
      i32(Float.floatToRawIntBits(v));
    }

    void f64(double v) {
      write(b.clear().putLong(Double.doubleToRawLongBits(v)).array(), 0, 8);
    }

    void string(String s) {
      byte[] u = s.getBytes(StandardCharsets.UTF_8);
      i32(u.length);
      write(u, 0, u.length);
    }

    /** {@code other}'s bytes, its chunks released as they are copied. */
    void append(Out other) {
      for (int i = 0; i < other.chunks.size(); i++) {
        write(other.chunks.get(i), 0, CHUNK);
        other.chunks.set(i, null);
      }
      write(other.cur, 0, other.pos);
      other.cur = null;
    }

    void align() {
      while (size() % 8 != 0) {
        i8(0);
      }
    }

    int size() {
      return chunks.size() * CHUNK + pos;
    }

    private void write(byte[] src, int off, int len) {
      while (len > 0) {
        if (pos == CHUNK) {
          next();
        }
        int n = Math.min(len, CHUNK - pos);
        System.arraycopy(src, off, cur, pos, n);
        pos += n;
        off += n;
        len -= n;
      }
    }

    private void next() {
      chunks.add(cur);
      cur = new byte[CHUNK];
      pos = 0;
    }

    /**
     * The file: the header and block table for these bytes as the body and the errors.json of
     * {@code jsonLength} bytes and CRC-32C {@code jsonCrc} as the one they belong to, then the
     * body's chunks (the last one cut to its length).
     */
    List<byte[]> withHeader(long jsonLength, int jsonCrc) {
      int bodyLength = size();
      int blocks = (bodyLength + BLOCK - 1) / BLOCK;
      chunks.add(java.util.Arrays.copyOf(cur, pos));
      cur = null;
      ByteBuffer h = ByteBuffer.allocate(HEADER + 4 * blocks).order(ByteOrder.LITTLE_ENDIAN);
      h.put(MAGIC).putInt(VERSION).putInt(blocks).putLong(jsonLength).putInt(jsonCrc).putInt(0)
          .putLong(bodyLength).putInt(0).putInt(0);
      // Blocks never straddle chunks: a chunk is a whole number of blocks.
      for (int k = 0; k < blocks; k++) {
        byte[] chunk = chunks.get(k / (CHUNK / BLOCK));
        int off = (k % (CHUNK / BLOCK)) * BLOCK;
        h.putInt(HEADER + 4 * k, crc(chunk, off, Math.min(BLOCK, chunk.length - off)));
      }
      h.putInt(40, crc(h.array(), 0, h.capacity()));
      List<byte[]> file = new ArrayList<>(chunks.size() + 1);
      file.add(h.array());
      file.addAll(chunks);
      return file;
    }
  }

  // ---------------------------------------------------------------- reading

  /** An index opened through its sidecar, or why the sidecar cannot be used (at most one is set; neither: there is none). */
  record Opened(ErrorIndex index, String problem) {}

  /**
   * Opens errors.json {@code json} through the sidecar {@code idx}: reads errors.json once for its
   * checksum and the sidecar's header and the parts every match needs; parses no entry.
   */
  static Opened open(Path json, Path idx, ErrorIndex.Limits limits, ErrorIndex.Fallback fallback) throws IOException {
    try (FileChannel sc = FileChannel.open(idx); FileChannel jc = FileChannel.open(json)) {
      if (sc.size() > limits.maxBytes() || sc.size() > Integer.MAX_VALUE) {
        return new Opened(null, "larger than the limit of " + limits.maxBytes() + " bytes");
      }
      if (jc.size() > limits.maxBytes() || jc.size() > Integer.MAX_VALUE) {
        return new Opened(null, json + " is larger than the limit of " + limits.maxBytes() + " bytes");
      }
      ByteBuffer side = map(sc);
      ByteBuffer js = map(jc);
      String problem = header(side, js);
      if (problem != null) {
        return new Opened(null, problem);
      }
      int blocks = side.getInt(12);
      int bodyAt = HEADER + 4 * blocks;
      Body body = new Body(side.position(bodyAt).slice().order(ByteOrder.LITTLE_ENDIAN), side, blocks);
      try {
        return new Opened(decode(body, limits, fallback), null);
      } catch (Broken e) {
        return new Opened(null, e.getMessage());
      }
    } catch (NoSuchFileException e) {
      return new Opened(null, null);
    } catch (InternalError e) {
      // A mapped file cut short while it is read (another process truncating it) faults here.
      return new Opened(null, "changed while it was read");
    }
  }

  /**
   * The file's bytes: mapped, so that only the pages a match reads are read; in memory where the
   * file system cannot map (an in-memory one in tests).
   */
  private static ByteBuffer map(FileChannel ch) throws IOException {
    ByteBuffer b;
    try {
      b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
    } catch (UnsupportedOperationException e) {
      b = ByteBuffer.allocate((int) ch.size());
      while (b.hasRemaining() && ch.read(b) >= 0) {
        // until full
      }
      b.flip();
    }
    return b.order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Null when the header is this format's, its block table holds and errors.json is the one it names; else what does not. */
  private static String header(ByteBuffer side, ByteBuffer json) {
    if (side.limit() < HEADER) {
      return "too short to be a sidecar index";
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (side.get(i) != MAGIC[i]) {
        return "not an errorkb sidecar index";
      }
    }
    int version = side.getInt(8);
    if (version != VERSION) {
      return "sidecar format " + version + ", this errorkb reads " + VERSION;
    }
    int blocks = side.getInt(12);
    long bodyLength = side.getLong(32);
    if (blocks < 0 || bodyLength < 0 || HEADER + 4L * blocks + bodyLength != side.limit()
        || blocks != (bodyLength + BLOCK - 1) / BLOCK) {
      return "truncated or padded (" + side.limit() + " bytes, its header says otherwise)";
    }
    byte[] head = new byte[HEADER + 4 * blocks];
    side.get(0, head);
    int stored = side.getInt(40);
    head[40] = head[41] = head[42] = head[43] = 0;
    if (crc(head, 0, head.length) != stored) {
      return "corrupt (header checksum)";
    }
    if (side.getLong(16) != json.limit()) {
      return "made for another errors.json (its length differs)";
    }
    // errors.json through a small buffer: a fault of a mapping surfaces as an InternalError of the copy.
    if (crc(json, 0, json.limit()) != side.getInt(24)) {
      return "made for another errors.json (its checksum differs)";
    }
    return null;
  }

  private static int crc(ByteBuffer b, int off, int len) {
    CRC32C c = new CRC32C();
    byte[] chunk = new byte[Math.min(len, BLOCK)];
    for (int at = off; at < off + len; at += chunk.length) {
      int n = Math.min(chunk.length, off + len - at);
      b.get(at, chunk, 0, n);
      c.update(chunk, 0, n);
    }
    return (int) c.getValue();
  }

  /** The body, each 64 KiB block checked against its CRC-32C the first time anything in it is read. */
  private static final class Body {
    final ByteBuffer b;
    private final ByteBuffer file;
    private final int blocks;
    private final boolean[] checked; // a race only checks a block twice

    Body(ByteBuffer b, ByteBuffer file, int blocks) {
      this.b = b;
      this.file = file;
      this.blocks = blocks;
      this.checked = new boolean[blocks];
    }

    /** Checks the blocks under {@code [off, off + len)}, which must lie inside the body. */
    void check(long off, long len) {
      if (off < 0 || len < 0 || off + len > b.limit()) {
        throw new Broken("truncated: a list runs past the end");
      }
      if (len == 0) {
        return;
      }
      for (int blk = (int) (off / BLOCK); blk <= (off + len - 1) / BLOCK; blk++) {
        if (!checked[blk]) {
          int at = blk * BLOCK;
          if (crc(b, at, Math.min(BLOCK, b.limit() - at)) != file.getInt(HEADER + 4 * blk)) {
            throw new Broken("corrupt (checksum of block " + blk + " of " + blocks + ")");
          }
          checked[blk] = true;
        }
      }
    }

    int[] ints(int at, int n) {
      check(at, 4L * n);
      int[] out = new int[n];
      b.slice(at, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
      return out;
    }

    long[] longs(int at, int n) {
      check(at, 8L * n);
      long[] out = new long[n];
      b.slice(at, 8 * n).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
      return out;
    }

    float[] floats(int at, int n) {
      check(at, 4L * n);
      float[] out = new float[n];
      b.slice(at, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    }

    double[] doubles(int at, int n) {
      check(at, 8L * n);
      double[] out = new double[n];
      b.slice(at, 8 * n).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
      return out;
    }
  }

  /** Sequential, bounds-checked reads of the body. */
  private static final class In {
    final Body body;
    int at;

    In(Body body) {
      this.body = body;
    }

    int i32() {
      body.check(at, 4);
      int v = body.b.getInt(at);
      at += 4;
      return v;
    }

    /** A count of items of {@code size} bytes each that must fit in what is left. */
    int count(int size) {
      int n = i32();
      if (n < 0 || (long) n * size > body.b.limit() - at) {
        throw new Broken("a count runs past the end");
      }
      return n;
    }

    int[] ints(int n) {
      int[] out = body.ints(at, n);
      at += 4 * n;
      return out;
    }

    long[] longs(int n) {
      long[] out = body.longs(at, n);
      at += 8 * n;
      return out;
    }

    double[] doubles(int n) {
      double[] out = body.doubles(at, n);
      at += 8 * n;
      return out;
    }

    byte[] bytes(int n) {
      body.check(at, n);
      byte[] out = new byte[n];
      body.b.get(at, out);
      at += n;
      return out;
    }

    String string() {
      return new String(bytes(count(1)), StandardCharsets.UTF_8);
    }

    /** {@code n + 1} offsets starting at 0, non-decreasing. */
    int[] offsets(int n) {
      int[] off = ints(n + 1);
      if (off[0] != 0) {
        throw new Broken("an offset table does not start at 0");
      }
      for (int i = 0; i < n; i++) {
        if (off[i + 1] < off[i]) {
          throw new Broken("an offset table goes backwards");
        }
      }
      return off;
    }

    /** Skips {@code bytes} (which must be there), returning where they start. */
    int skip(long bytes) {
      body.check(at, 0);
      if (bytes < 0 || bytes > body.b.limit() - at) {
        throw new Broken("truncated: a list runs past the end");
      }
      int start = at;
      at += (int) bytes;
      return start;
    }

    void align() {
      skip((8 - at % 8) % 8);
    }
  }

  /** Reads the parts every match needs; the rest is read list by list ({@link Lists}). */
  private static ErrorIndex decode(Body body, ErrorIndex.Limits limits, ErrorIndex.Fallback fallback) {
    In in = new In(body);
    String stamp = in.string();
    if (!stamp.equals(stamp())) {
      throw new Broken("made by another errorkb (" + stamp + "; this one: " + stamp() + ")");
    }
    int nE = in.count(9);
    int nS = in.count(4);
    int nT = in.count(8);
    int nK = in.count(8);
    if (nE > limits.maxEntries()) {
      throw new Broken("more entries than the limit of " + limits.maxEntries());
    }
    int[] entryOff = in.offsets(nE);
    int entryBase = in.skip(entryOff[nE]);
    in.align();
    int[] sigCount = in.ints(nE);
    int[] sigEntry = new int[nS];
    int sum = 0;
    for (int e = 0; e < nE; e++) {
      if (sigCount[e] < 0 || sigCount[e] > nS - sum) {
        throw new Broken("the signature counts do not add up");
      }
      java.util.Arrays.fill(sigEntry, sum, sum + sigCount[e], e);
      sum += sigCount[e];
    }
    if (sum != nS) {
      throw new Broken("the signature counts do not add up");
    }
    byte[] langs = in.bytes(nE);
    in.align();
    long[] slotHash = in.longs(nK);
    int[] always = in.ints(in.count(4));
    for (int k : always) {
      if (k < 0 || k >= nS) {
        throw new Broken("an always-tried signature is out of range");
      }
    }
    int[] listOff = in.offsets(nK);
    int listBase = in.skip(4L * listOff[nK]);
    in.align();
    int bitsBase = in.skip(32L * nS);
    int[] reqOff = in.offsets(nS);
    for (int k = 0; k < nS; k++) {
      if (reqOff[k + 1] - reqOff[k] > Ranking.MAX_REQ) {
        throw new Broken("signature " + k + " has too many required tokens");
      }
    }
    in.align();
    int reqBase = in.skip(8L * reqOff[nS]);
    int[] sigOff = in.offsets(nS);
    int sigBase = in.skip(sigOff[nS]);
    in.align();
    int[] alignOff = in.offsets(nS);
    int alignBase = in.skip(alignOff[nS]);
    int nShort = in.count(4);
    List<List<String>> shortTokens = new ArrayList<>(nShort);
    for (int i = 0; i < nShort; i++) {
      int nt = in.count(4);
      if (nt < 1 || nt > SoftTokens.MAX_KNOWN_TOKENS) {
        throw new Broken("a short message has " + nt + " tokens");
      }
      String[] toks = new String[nt];
      for (int j = 0; j < nt; j++) {
        toks[j] = in.string();
      }
      shortTokens.add(List.of(toks));
    }
    in.align();
    long[] termHash = in.longs(nT);
    double[] termWeight = in.doubles(nT);
    LongIntMap termIds = new LongIntMap(nT);
    for (int t = 0; t < nT; t++) {
      if (!(termWeight[t] >= 0 && termWeight[t] < 1e6)) {
        throw new Broken("term " + t + "'s weight is out of range");
      }
      if (termIds.get(termHash[t], -1) >= 0) {
        throw new Broken("term " + t + " is there twice");
      }
      termIds.put(termHash[t], t);
    }
    int[] docOff = in.offsets(nT);
    int docBase = in.skip(4L * docOff[nT]);
    int weightBase = in.skip(4L * docOff[nT]);
    int[] spOff = in.offsets(nT);
    int spBase = in.skip(4L * spOff[nT]);
    in.align();
    double[] lowTotal = in.doubles(nS);
    int[] loose = in.ints(nS);
    for (int k = 0; k < nS; k++) {
      if (!(lowTotal[k] >= 0 && lowTotal[k] < 1e9) || loose[k] < 0 || loose[k] > 1 << 20) {
        throw new Broken("signature " + k + "'s bounds are out of range");
      }
    }
    int[] idOff = in.offsets(nS);
    int idBase = in.skip(4L * idOff[nS]);
    if (in.at != body.b.limit()) {
      throw new Broken("data after the last list");
    }
    Lists lists = new Lists(body, nE, nS, nT, listOff, listBase, bitsBase, reqOff, reqBase, sigOff, sigBase,
        docOff, docBase, weightBase, spOff, spBase, idOff, idBase, alignOff, alignBase);
    int[] firstSig = new int[nE + 1];
    for (int e = 0; e < nE; e++) {
      firstSig[e + 1] = firstSig[e] + sigCount[e];
    }
    Entries entries = new Entries(body, entryOff, entryBase, firstSig, lists);
    SignatureTable table = SignatureTable.lazy(entries, sigEntry, lists::sig, List.copyOf(shortTokens));
    CandidateFilter filter = new CandidateFilter(slotHash, always, lists);
    Bm25 bm = new Bm25(termIds, termWeight, lowTotal, loose, lists);
    return ErrorIndex.fromSidecar(table, filter, bm, langs, lists::align, fallback);
  }

  /** The lists of the filter, the signatures and BM25, each decoded and checked the first time a paste needs it. */
  private static final class Lists implements Bm25.Lists, CandidateFilter.Lists {
    private final Body body;
    private final int nE;
    private final int nS;
    private final int nT;
    private final int[] listOff;
    private final int listBase;
    private final int bitsBase;
    private final int[] reqOff;
    private final int reqBase;
    private final int[] sigOff;
    private final int sigBase;
    private final int[] docOff;
    private final int docBase;
    private final int weightBase;
    private final int[] spOff;
    private final int spBase;
    private final int[] idOff;
    private final int idBase;
    private final int[] alignOff;
    private final int alignBase;
    private final AtomicReferenceArray<SignatureAlignments.SigAlign> aligns;
    private final AtomicReferenceArray<int[]> keyLists;
    private final AtomicReferenceArray<long[]> keyBits;
    private final AtomicReferenceArray<long[]> required;
    private final AtomicReferenceArray<IndexSignature> sigs;
    private final AtomicReferenceArray<int[]> docs;
    private final AtomicReferenceArray<float[]> weights;
    private final AtomicReferenceArray<int[]> sigPostings;
    private final AtomicReferenceArray<int[]> sigIds;

    Lists(Body body, int nE, int nS, int nT, int[] listOff, int listBase, int bitsBase, int[] reqOff, int reqBase,
        int[] sigOff, int sigBase, int[] docOff, int docBase, int weightBase, int[] spOff, int spBase, int[] idOff, int idBase,
        int[] alignOff, int alignBase) {
      this.alignOff = alignOff;
      this.alignBase = alignBase;
      aligns = new AtomicReferenceArray<>(nS);
      this.body = body;
      this.nE = nE;
      this.nS = nS;
      this.nT = nT;
      this.listOff = listOff;
      this.listBase = listBase;
      this.bitsBase = bitsBase;
      this.reqOff = reqOff;
      this.reqBase = reqBase;
      this.sigOff = sigOff;
      this.sigBase = sigBase;
      this.docOff = docOff;
      this.docBase = docBase;
      this.weightBase = weightBase;
      this.spOff = spOff;
      this.spBase = spBase;
      this.idOff = idOff;
      this.idBase = idBase;
      keyLists = new AtomicReferenceArray<>(listOff.length - 1);
      keyBits = new AtomicReferenceArray<>(listOff.length - 1);
      required = new AtomicReferenceArray<>(nS);
      sigs = new AtomicReferenceArray<>(nS);
      docs = new AtomicReferenceArray<>(nT);
      weights = new AtomicReferenceArray<>(nT);
      sigPostings = new AtomicReferenceArray<>(nT);
      sigIds = new AtomicReferenceArray<>(nS);
    }

    private int[] ints(int base, int[] off, int i) {
      return body.ints(base + 4 * off[i], off[i + 1] - off[i]);
    }

    @Override
    public int[] list(int slot) {
      int[] l = keyLists.get(slot);
      if (l == null) {
        l = ints(listBase, listOff, slot);
        for (int k : l) {
          if (k < 0 || k >= nS) {
            throw new Broken("key " + slot + "'s signatures are out of range");
          }
        }
        keyLists.set(slot, l);
      }
      return l;
    }

    @Override
    public long[] bits(int slot) {
      long[] b = keyBits.get(slot);
      if (b == null) {
        int[] l = list(slot);
        b = new long[l.length * 4];
        for (int i = 0; i < l.length; i++) {
          System.arraycopy(body.longs(bitsBase + 32 * l[i], 4), 0, b, 4 * i, 4);
        }
        keyBits.set(slot, b);
      }
      return b;
    }

    @Override
    public long[] required(int k) {
      long[] r = required.get(k);
      if (r == null) {
        r = body.longs(reqBase + 8 * reqOff[k], reqOff[k + 1] - reqOff[k]);
        required.set(k, r);
      }
      return r;
    }

    /** Signature {@code k}'s record. */
    IndexSignature sig(int k) {
      IndexSignature s = sigs.get(k);
      if (s == null) {
        ByteBuffer b = record(sigBase, sigOff, k);
        try {
          String id = string(b);
          String lang = string(b);
          String text = string(b);
          String template = string(b);
          String regex = string(b);
          int n = b.getInt();
          if (n < 0 || n > b.remaining() / 4) {
            throw new Broken("signature " + k + "'s record is out of range");
          }
          String[] anchors = new String[n];
          for (int i = 0; i < n; i++) {
            anchors[i] = string(b);
          }
          if (b.hasRemaining()) {
            throw new Broken("signature " + k + "'s record is longer than its fields");
          }
          s = new IndexSignature(id, lang, text, template, regex, List.of(anchors));
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
          throw new Broken("signature " + k + "'s record is out of range", e);
        }
        sigs.set(k, s);
      }
      return s;
    }

    /** Signature {@code k}'s alignment data, as {@link SignatureAlignments#get} derives it. */
    SignatureAlignments.SigAlign align(int k) {
      SignatureAlignments.SigAlign a = aligns.get(k);
      if (a == null) {
        ByteBuffer b = record(alignBase, alignOff, k);
        try {
          int n = b.getInt();
          if (n < 0 || n > b.remaining() / 20) {
            throw new Broken("signature " + k + "'s alignment data is out of range");
          }
          int[] ids = new int[n];
          b.asIntBuffer().get(ids);
          b.position(b.position() + 4 * n);
          double[] w = new double[n];
          b.asDoubleBuffer().get(w);
          b.position(b.position() + 8 * n);
          double[] sub = new double[n];
          b.asDoubleBuffer().get(sub);
          b.position(b.position() + 8 * n);
          double total = b.getDouble();
          double need = b.getDouble();
          boolean[] soft = null;
          if (b.get() != 0) {
            soft = new boolean[n];
            for (int i = 0; i < n; i++) {
              soft[i] = b.get() != 0;
            }
          }
          if (b.hasRemaining() || !weight(total) || !weight(need)) {
            throw new Broken("signature " + k + "'s alignment data is out of range");
          }
          for (int i = 0; i < n; i++) {
            boolean term = ids[i] >= 0 && ids[i] < nT;
            if (!(term || ids[i] == Alignment.PLACEHOLDER || ids[i] == Alignment.UNKNOWN - 1)
                || !weight(w[i]) || !weight(sub[i]) || sub[i] > 0 && !term) {
              throw new Broken("signature " + k + "'s alignment data is out of range");
            }
          }
          a = new SignatureAlignments.SigAlign(ids, w, soft, sub, total, need);
        } catch (java.nio.BufferUnderflowException e) {
          throw new Broken("signature " + k + "'s alignment data runs past its record", e);
        }
        aligns.set(k, a);
      }
      return a;
    }

    private static boolean weight(double v) {
      return v >= 0 && v < 1e9;
    }

    /** Record {@code i} of the table at {@code base} with offsets {@code off}, its blocks checked. */
    ByteBuffer record(int base, int[] off, int i) {
      int from = base + off[i];
      int len = off[i + 1] - off[i];
      body.check(from, len);
      return body.b.slice(from, len).order(ByteOrder.LITTLE_ENDIAN);
    }

    static String string(ByteBuffer b) {
      int n = b.getInt();
      if (n < 0 || n > b.remaining()) {
        throw new Broken("a string runs past its record");
      }
      byte[] u = new byte[n];
      b.get(u);
      return new String(u, StandardCharsets.UTF_8);
    }

    @Override
    public int[] docs(int t) {
      int[] d = docs.get(t);
      if (d == null) {
        d = ints(docBase, docOff, t);
        for (int i = 0; i < d.length; i++) {
          if (d[i] < 0 || d[i] >= nE || i > 0 && d[i] <= d[i - 1]) {
            throw new Broken("term " + t + "'s postings are out of range");
          }
        }
        docs.set(t, d);
      }
      return d;
    }

    @Override
    public float[] weights(int t) {
      float[] w = weights.get(t);
      if (w == null) {
        w = body.floats(weightBase + 4 * docOff[t], docOff[t + 1] - docOff[t]);
        for (float f : w) {
          if (!(f >= 0 && f < 1e6f)) {
            throw new Broken("term " + t + "'s weights are out of range");
          }
        }
        weights.set(t, w);
      }
      return w;
    }

    @Override
    public int[] sigPostings(int t) {
      int[] p = sigPostings.get(t);
      if (p == null) {
        p = ints(spBase, spOff, t);
        if (p.length % 2 != 0) {
          throw new Broken("term " + t + "'s signature postings are not pairs");
        }
        for (int i = 0; i < p.length; i += 2) {
          if (p[i] < 0 || p[i] >= nS || p[i + 1] < 1 || p[i + 1] > 1 << 20) {
            throw new Broken("term " + t + "'s signature postings are out of range");
          }
        }
        sigPostings.set(t, p);
      }
      return p;
    }

    @Override
    public int[] sigIds(int k) {
      int[] p = sigIds.get(k);
      if (p == null) {
        p = ints(idBase, idOff, k);
        for (int id : p) {
          if (id < -1 || id >= nT) {
            throw new Broken("signature " + k + "'s terms are out of range");
          }
        }
        sigIds.set(k, p);
      }
      return p;
    }
  }

  /**
   * The entries, each decoded from its record the first time it is asked for, with the signatures
   * the table holds for it. Unmodifiable.
   */
  private static final class Entries extends AbstractList<IndexEntry> implements RandomAccess {
    private final Body body;
    private final int[] off;
    private final int base;
    private final int[] firstSig;
    private final Lists lists;
    private final AtomicReferenceArray<IndexEntry> decoded;

    Entries(Body body, int[] off, int base, int[] firstSig, Lists lists) {
      this.body = body;
      this.off = off;
      this.base = base;
      this.firstSig = firstSig;
      this.lists = lists;
      this.decoded = new AtomicReferenceArray<>(off.length - 1);
    }

    @Override
    public IndexEntry get(int i) {
      IndexEntry e = decoded.get(i);
      if (e == null) {
        ByteBuffer b = lists.record(base, off, i);
        try {
          String id = Lists.string(b);
          List<java.util.TreeMap<String, String>> maps = new ArrayList<>(6);
          for (int m = 0; m < 6; m++) {
            java.util.TreeMap<String, String> map = new java.util.TreeMap<>();
            int n = count(b, 8);
            for (int j = 0; j < n; j++) {
              map.put(Lists.string(b), Lists.string(b));
            }
            maps.add(map);
          }
          String product = Lists.string(b);
          int nt = count(b, 4);
          String[] tags = new String[nt];
          for (int j = 0; j < nt; j++) {
            tags[j] = Lists.string(b);
          }
          String severity = Lists.string(b);
          int nr = count(b, 9);
          List<IndexEntry.Requirement> req = new ArrayList<>(nr);
          for (int j = 0; j < nr; j++) {
            String kind = Lists.string(b);
            String value = Lists.string(b);
            req.add(new IndexEntry.Requirement(kind, value, b.get() != 0 ? java.util.Optional.of(Lists.string(b)) : java.util.Optional.empty()));
          }
          java.util.Optional<String> updated = b.get() != 0 ? java.util.Optional.of(Lists.string(b)) : java.util.Optional.empty();
          String contentHash = Lists.string(b);
          if (b.hasRemaining()) {
            throw new Broken("entry " + i + "'s record is longer than its fields");
          }
          IndexSignature[] sigs = new IndexSignature[firstSig[i + 1] - firstSig[i]];
          for (int j = 0; j < sigs.length; j++) {
            sigs[j] = lists.sig(firstSig[i] + j);
          }
          e = new IndexEntry(id, maps.get(0), maps.get(1), maps.get(2), maps.get(3), maps.get(4), maps.get(5), product,
              List.of(tags), severity, req, updated, contentHash, List.of(sigs));
        } catch (java.nio.BufferUnderflowException | NullPointerException x) {
          throw new Broken("entry " + i + "'s record runs past its end", x);
        }
        decoded.set(i, e);
      }
      return e;
    }

    private static int count(ByteBuffer b, int min) {
      int n = b.getInt();
      if (n < 0 || n > b.remaining() / min) {
        throw new Broken("a count runs past its record");
      }
      return n;
    }

    @Override
    public int size() {
      return off.length - 1;
    }
  }
}
