package dev.errorkb.cache;

import dev.errorkb.search.CountMemo;
import dev.errorkb.util.SitePaths;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The search data's word counts per entry (issue 15), in {@code .<out>.cache/search-counts}: what
 * {@link dev.errorkb.search.SearchDataWriter} counted for each entry of the last published build,
 * keyed by the hash of everything the counting read. A rebuild after one edit counts that entry
 * and takes the other 9,999 from here.
 *
 * <p>Records stay encoded (a few hundred bytes an entry) until an entry asks for them. A file written by another errorkb
 * ({@link BuildCache#generatorId()}), cut short or garbled is ignored whole. Saved after a
 * published build only, with the records that build used: entries that went away are dropped.
 */
public final class CountCache implements CountMemo {
  private static final String MAGIC = "errorkb-search-counts 2";

  /** One entry's record: where its encoded bytes are (held encoded: 10,000 entries' decoded counts cost 70 MB). */
  private record Slot(byte[] data, int offset, int length) {}

  private final Path file;
  private final Map<String, Slot> old;
  private final Map<String, Slot> now = new ConcurrentHashMap<>();
  private final AtomicInteger misses = new AtomicInteger();

  private CountCache(Path file, Map<String, Slot> old) {
    this.file = file;
    this.old = old;
  }

  /** The counts kept beside the site {@code out}; empty if there are none or they cannot be read. */
  public static CountCache open(Path out) {
    Path file = SitePaths.cache(out.toAbsolutePath().normalize()).resolve("search-counts");
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (IOException e) {
      return new CountCache(file, Map.of());
    }
    return new CountCache(file, slots(b));
  }

  @Override
  public Optional<Counts> recall(String key) {
    Slot s = old.get(key);
    if (s == null) {
      return Optional.empty();
    }
    Counts c;
    try {
      c = decode(s);
    } catch (RuntimeException e) {
      return Optional.empty(); // a damaged record: count the entry
    }
    now.put(key, s);
    return Optional.of(c);
  }

  @Override
  public void remember(String key, Counts counts) {
    misses.incrementAndGet();
    byte[] b = encode(counts);
    now.put(key, new Slot(b, 0, b.length));
  }

  /** Entries counted (not taken from the file) since it was opened. */
  public int misses() {
    return misses.get();
  }

  /**
   * Writes the records this build used, streamed through a temporary file and a rename (a kill
   * leaves the old file or the new one); nothing when every entry was found and none went away. A
   * file that cannot be written only costs the next build the counting.
   */
  public void save() {
    if (misses.get() == 0 && now.keySet().equals(old.keySet())) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      Path part = file.resolveSibling("search-counts.part");
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(part), 1 << 16))) {
        out.write(header());
        out.writeInt(now.size());
        for (Map.Entry<String, Slot> e : new TreeMap<>(now).entrySet()) {
          byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
          Slot s = e.getValue();
          out.writeInt(k.length);
          out.write(k);
          out.writeInt(s.length());
          out.write(s.data(), s.offset(), s.length());
        }
      }
      Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      // the next build counts every entry again
    }
  }

  private static byte[] header() {
    Leb128.Out o = new Leb128.Out();
    o.str(MAGIC);
    o.str(BuildCache.generatorId());
    return o.bytes();
  }

  /** One entry's counts as bytes: length, language bits, then each term with its frequency. */
  static byte[] encode(Counts c) {
    Leb128.Out o = new Leb128.Out();
    o.num(c.length());
    o.num(c.langs());
    o.num(c.terms().size());
    for (int i = 0; i < c.tf().length; i++) {
      o.str(c.terms().get(i));
      o.num(c.tf()[i]);
    }
    return o.bytes();
  }

  private static Counts decode(Slot s) {
    Leb128.In in = new Leb128.In(s.data(), s.offset(), s.offset() + s.length());
    int length = in.num();
    int langs = in.num();
    int k = in.num();
    List<String> terms = new ArrayList<>(Math.min(k, 1 << 16));
    int[] tf = new int[k];
    for (int i = 0; i < k; i++) {
      terms.add(in.str());
      tf[i] = in.num();
    }
    if (!in.atEnd()) {
      throw new IllegalArgumentException("trailing bytes in a count record");
    }
    return new Counts(terms, tf, length, langs);
  }

  /** The records of a file's bytes by key; none if they are another errorkb's, cut short or garbled. */
  static Map<String, Slot> slots(byte[] b) {
    try {
      byte[] h = header();
      if (b.length < h.length || !java.util.Arrays.equals(b, 0, h.length, h, 0, h.length)) {
        return Map.of();
      }
      ByteBuffer in = ByteBuffer.wrap(b, h.length, b.length - h.length);
      int n = in.getInt();
      Map<String, Slot> out = new HashMap<>(Math.min(Math.max(n, 0), 1 << 20) * 2);
      for (int r = 0; r < n; r++) {
        int kl = in.getInt();
        if (kl < 0 || kl > in.remaining()) {
          return Map.of();
        }
        String key = new String(b, in.position(), kl, StandardCharsets.UTF_8);
        in.position(in.position() + kl);
        int len = in.getInt();
        if (len < 0 || len > in.remaining()) {
          return Map.of();
        }
        out.put(key, new Slot(b, in.position(), len));
        in.position(in.position() + len);
      }
      return in.hasRemaining() ? Map.of() : out;
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  /** What {@link #slots} and {@link #recall} give for a file's bytes: for tests. */
  static Map<String, Counts> decodeAll(byte[] b) {
    Map<String, Counts> out = new HashMap<>();
    slots(b).forEach((k, s) -> out.put(k, decode(s)));
    return out;
  }
}
