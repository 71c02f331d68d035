package dev.errorkb.cache;

import dev.errorkb.signature.IndexEntry;
import dev.errorkb.signature.IndexMemo;
import dev.errorkb.signature.IndexSignature;
import dev.errorkb.signature.SignatureChecks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Each entry's share of the signature index (issue 15), in {@code .<out>.cache/index-entries}: the
 * errors.json record and what compiling its signatures found, as the last published build made
 * them, keyed by the entry's content hash (every file of its folder, with its path). The file is
 * tied to this errorkb, site.yaml's hash and the build's base URL, which are all that the record
 * reads besides the folder; a change to any of them makes every record again.
 * Saved, whatever the build's outcome, as soon as the index is built ({@link KeyedRecords}).
 */
public final class IndexCache extends KeyedRecords<IndexMemo.Made> implements IndexMemo {
  private static final String MAGIC = "errorkb-index-entries 1";
  private static final String NAME = "index-entries";
  private static final Codec<Made> CODEC = codec(IndexCache::encode, IndexCache::decode);

  private IndexCache(Path out, String context) {
    super(out, NAME, MAGIC, context, CODEC);
  }

  /**
   * The records kept beside the site {@code out} for {@code context} (what the records depend on
   * besides each folder: site.yaml's hash and the options); empty if none or unreadable.
   */
  public static IndexCache open(Path out, String context) {
    return new IndexCache(out, context);
  }

  static byte[] encode(Made m) {
    Leb128.Out o = new Leb128.Out();
    IndexEntry e = m.entry();
    o.str(e.id());
    for (Map<String, String> field : List.of(e.title(), e.summary(), e.cause(), e.fix(), e.url(), e.absoluteUrl())) {
      map(o, field);
    }
    o.str(e.product());
    o.strs(e.tags());
    o.str(e.severity());
    o.list(e.requires(), r -> {
      o.str(r.kind());
      o.str(r.value());
      o.opt(r.note());
    });
    o.opt(e.updated());
    o.str(e.contentHash());
    o.list(e.signatures(), s -> {
      o.str(s.id());
      o.str(s.lang());
      o.str(s.text());
      o.str(s.template());
      o.str(s.regex());
      o.strs(s.anchors());
    });
    o.list(m.compiled(), c -> {
      o.list(c.problems(), p -> ModelCodec.problem(o, p));
      o.opt(Optional.ofNullable(c.anchoredTemplate()));
    });
    return o.bytes();
  }

  static Made decode(byte[] b, int offset, int length) {
    Leb128.In in = new Leb128.In(b, offset, offset + length);
    IndexEntry e = new IndexEntry(in.str(), map(in), map(in), map(in), map(in), map(in), map(in), in.str(), in.strs(),
        in.str(), in.list(() -> new IndexEntry.Requirement(in.str(), in.str(), in.opt())), in.opt(), in.str(),
        in.list(() -> new IndexSignature(in.str(), in.str(), in.str(), in.str(), in.str(), in.strs())));
    List<SignatureChecks.Compiled> compiled =
        in.list(() -> new SignatureChecks.Compiled(in.list(() -> ModelCodec.problem(in)), in.opt().orElse(null)));
    if (!in.atEnd()) {
      throw new IllegalArgumentException("trailing bytes in an index record");
    }
    return new Made(e, compiled);
  }

  private static void map(Leb128.Out o, Map<String, String> m) {
    o.num(m.size());
    m.forEach((k, v) -> {
      o.str(k);
      o.str(v);
    });
  }

  private static SortedMap<String, String> map(Leb128.In in) {
    int n = in.num();
    SortedMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      m.put(in.str(), in.str());
    }
    return m;
  }

  /** What {@link #recall} gives for every record of a file's bytes: for tests. */
  static Map<String, Made> decodeAll(byte[] b, String context) {
    return decodeAll(b, MAGIC, context, CODEC);
  }
}
