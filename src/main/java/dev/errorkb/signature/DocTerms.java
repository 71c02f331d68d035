package dev.errorkb.signature;

import java.util.List;
import java.util.Map;

/**
 * The BM25 terms of one entry (placeholders left out): each distinct token hash once, in order
 * of first occurrence, with its weighted frequency; the weighted length; its languages. Sums are
 * taken token by token in text order, as a single pass over the whole index would. Derived from
 * one entry alone, so that the loading pool can make them while the file is still being parsed
 * ({@link IndexLoader}); {@link Bm25} merges them into the index's postings.
 */
record DocTerms(long[] hashes, float[] tf, int size, float length, byte langs) {

  /** One builder per thread, reused entry after entry: a fresh one per entry made most of the garbage of a load. */
  private static final ThreadLocal<Builder> TERMS = ThreadLocal.withInitial(Builder::new);

  /** The terms of entry {@code e}, whose signatures' template keys are {@code keys}. */
  static DocTerms of(IndexEntry e, TemplateInfo.Keys[] keys) {
    Builder b = TERMS.get();
    b.reset();
    byte langs = 0;
    java.util.function.Supplier<java.util.Set<String>> prose = DocFields.prose(e);
    for (int i = 0; i < e.signatures().size(); i++) {
      IndexSignature s = e.signatures().get(i);
      long[] h = keys[i].tokenHashes();
      if (DocFields.mayHoldErrno(h)) {
        b.addWords(DocFields.signatureWords(s.template(), prose), Ranking.W_SIGNATURE);
      } else {
        b.add(h, h.length, Ranking.W_SIGNATURE);
      }
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
      DocFields.Words copied = DocFields.titleWords(e, t, prose);
      if (copied != null) {
        b.addWords(copied, Ranking.W_TITLE);
      } else {
        b.addProse(t, Ranking.W_TITLE);
      }
    }
    for (Map<String, String> field : List.of(e.summary(), e.cause(), e.fix())) {
      for (String t : field.values()) {
        b.addProse(t, Ranking.W_BODY);
      }
    }
    return b.build(langs);
  }

  /** Counts one entry's weighted token frequencies by hash. */
  private static final class Builder {
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

    /** Words of a signature (DocFields): the uncounted ones with frequency 0. */
    void addWords(DocFields.Words words, float weight) {
      long[] one = new long[1];
      for (int i = 0; i < words.words().size(); i++) {
        one[0] = TokenTable.hash(words.words().get(i));
        add(one, 1, words.uncounted()[i] ? 0f : weight);
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
}
