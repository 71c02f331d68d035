package dev.errorkb.cache;

import dev.errorkb.search.CountMemo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The search data's word counts per entry (issue 15), in {@code .<out>.cache/search-counts}: what
 * {@link dev.errorkb.search.SearchDataWriter} counted for each entry of the last published build,
 * keyed by the hash of everything the counting read. A rebuild after one edit counts that entry
 * and takes the other 9,999 from here.
 *
 * <p>Records stay encoded (a few hundred bytes an entry; 10,000 entries' decoded counts cost
 * 70 MB) until an entry asks for them ({@link KeyedRecords}). Saved, whatever the build's outcome,
 * as soon as the search data is written: the counts depend on the content alone.
 */
public final class CountCache extends KeyedRecords<CountMemo.Counts> implements CountMemo {
  private static final String MAGIC = "errorkb-search-counts 4";
  private static final String NAME = "search-counts";
  private static final Codec<Counts> CODEC = codec(CountCache::encode, CountCache::decode);

  private CountCache(Path out) {
    super(out, NAME, MAGIC, "", CODEC);
  }

  /** The counts kept beside the site {@code out}; empty if there are none or they cannot be read. */
  public static CountCache open(Path out) {
    return new CountCache(out);
  }

  /** One entry's counts as bytes: length, language bits, each term with its frequency, then the display JSON. */
  static byte[] encode(Counts c) {
    Leb128.Out o = new Leb128.Out();
    o.num(c.length());
    o.num(c.langs());
    o.num(c.terms().size());
    for (int i = 0; i < c.tf().length; i++) {
      o.str(c.terms().get(i));
      o.num(c.tf()[i]);
    }
    o.raw(c.display());
    return o.bytes();
  }

  private static Counts decode(byte[] b, int offset, int length) {
    Leb128.In in = new Leb128.In(b, offset, offset + length);
    int len = in.num();
    int langs = in.num();
    int k = in.num();
    List<String> terms = new ArrayList<>(Math.min(k, 1 << 16));
    int[] tf = new int[k];
    for (int i = 0; i < k; i++) {
      terms.add(in.str());
      tf[i] = in.num();
    }
    byte[] display = in.raw();
    if (!in.atEnd()) {
      throw new IllegalArgumentException("trailing bytes in a count record");
    }
    return new Counts(terms, tf, len, langs, display);
  }

  /** What {@link #recall} gives for every record of a file's bytes: for tests. */
  static Map<String, Counts> decodeAll(byte[] b) {
    return decodeAll(b, MAGIC, "", CODEC);
  }
}
