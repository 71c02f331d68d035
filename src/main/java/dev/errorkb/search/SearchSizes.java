package dev.errorkb.search;

import dev.errorkb.util.Sha256;
import dev.errorkb.util.SitePaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The sizes of the search data, raw and gzip-compressed (as a web server would send it), for the
 * build report and the benchmark.
 *
 * @param meta bytes of meta.js (every first query loads it)
 * @param shards term shard count, with their average and largest size
 * @param chunks display chunk count, with their average and largest size
 * @param sigChunks signature chunk count (the alignment's data), with their average and largest size
 */
public record SearchSizes(Size meta, int shards, Size shardAvg, Size shardMax, int chunks, Size chunkAvg,
    Size chunkMax, Size total, int sigChunks, Size sigChunkAvg, Size sigChunkMax) {

  /** One size, raw and gzip. */
  public record Size(long raw, long gzip) {
    @Override
    public String toString() {
      return kb(gzip) + " gzip (" + kb(raw) + ")";
    }
  }

  /** Sizes of the {@code search/} files of a rendered site (path relative to the site root → bytes). */
  public static SearchSizes of(Map<String, byte[]> files) {
    return of(files, SearchSizes::gzip);
  }

  /** {@link #of(Map)} with the gzip size of each file's bytes from {@code gzipSize} (asked from several threads). */
  private static SearchSizes of(Map<String, byte[]> files, java.util.function.ToLongFunction<byte[]> gzipSize) {
    // Compressing dominates (32 MB at 10,000 entries): both cores, then the sums in path order.
    Map<String, Size> sizes = new java.util.concurrent.ConcurrentHashMap<>();
    files.entrySet().parallelStream().filter(f -> f.getKey().startsWith(SearchDataWriter.DIR))
        .forEach(f -> sizes.put(f.getKey(), new Size(f.getValue().length, gzipSize.applyAsLong(f.getValue()))));
    return summarise(new TreeMap<>(sizes));
  }

  /** The summary of the sizes of the search files (site path → size). */
  private static SearchSizes summarise(SortedMap<String, Size> files) {
    Size meta = new Size(0, 0);
    long[] shard = new long[3];
    long[] shardMax = new long[2];
    long[] chunk = new long[3];
    long[] chunkMax = new long[2];
    long[] sig = new long[3];
    long[] sigMax = new long[2];
    long raw = 0;
    long gz = 0;
    for (Map.Entry<String, Size> f : files.entrySet()) {
      String p = f.getKey();
      long r = f.getValue().raw();
      long g = f.getValue().gzip();
      raw += r;
      gz += g;
      String rel = p.substring(SearchDataWriter.DIR.length());
      if (rel.equals("meta.js")) {
        meta = new Size(r, g);
      } else if (rel.startsWith("t/")) {
        add(shard, shardMax, r, g);
      } else if (rel.startsWith("d/")) {
        add(chunk, chunkMax, r, g);
      } else if (rel.startsWith("s/")) {
        add(sig, sigMax, r, g);
      }
    }
    return new SearchSizes(meta, (int) shard[0], avg(shard), new Size(shardMax[0], shardMax[1]), (int) chunk[0],
        avg(chunk), new Size(chunkMax[0], chunkMax[1]), new Size(raw, gz), (int) sig[0], avg(sig),
        new Size(sigMax[0], sigMax[1]));
  }

  /** Sizes of the search data of a published site folder, every file read. */
  public static SearchSizes read(Path siteRoot) {
    SortedMap<String, byte[]> files = new TreeMap<>();
    Path dir = siteRoot.resolve(SearchDataWriter.DIR);
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          StringBuilder rel = new StringBuilder(SearchDataWriter.DIR);
          Path r = dir.relativize(p);
          for (int i = 0; i < r.getNameCount(); i++) {
            rel.append(i > 0 ? "/" : "").append(r.getName(i));
          }
          files.put(rel.toString(), Files.readAllBytes(p));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // The gzip sizes of files published before are kept by content hash in the build cache (a
    // rebuild after one edit rewrites a few of 10,000 files; gzipping all of them again took 2 s).
    Path memo = memoFile(siteRoot);
    Map<String, Size> known = readMemo(memo);
    Map<String, Size> now = new java.util.concurrent.ConcurrentHashMap<>();
    SearchSizes sizes = of(files, bytes -> {
      String h = Sha256.hex(bytes);
      Size k = known.get(h);
      Size size = k != null && k.raw() == bytes.length ? k : new Size(bytes.length, gzip(bytes));
      now.put(h, size);
      return size.gzip();
    });
    if (!now.equals(known)) {
      writeMemo(memo, now);
    }
    return sizes;
  }

  /**
   * Sizes of the search data a build has just published, taken from the site's manifest (the
   * SHA-256 of every file) and the memo: only files whose content the memo does not know are
   * read. Reading and hashing the 8,000 files of a 10,000-entry site after every build took
   * 0.3 s. Without a readable manifest, {@link #read(Path)}.
   */
  public static SearchSizes published(Path siteRoot) {
    Map<String, String> listed;
    try {
      listed = dev.errorkb.publish.Manifest.parse(
          Files.readString(siteRoot.resolve(dev.errorkb.publish.Publisher.MANIFEST), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      listed = null;
    }
    if (listed == null) {
      return read(siteRoot);
    }
    Path memo = memoFile(siteRoot);
    Map<String, Size> known = readMemo(memo);
    Map<String, Size> now = new java.util.concurrent.ConcurrentHashMap<>();
    Map<String, Size> sizes = new java.util.concurrent.ConcurrentHashMap<>();
    listed.entrySet().parallelStream().filter(f -> f.getKey().startsWith(SearchDataWriter.DIR)).forEach(f -> {
      Size size = known.get(f.getValue());
      if (size == null) {
        try {
          byte[] bytes = Files.readAllBytes(siteRoot.resolve(f.getKey()));
          size = new Size(bytes.length, gzip(bytes));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      now.put(f.getValue(), size);
      sizes.put(f.getKey(), size);
    });
    if (!now.equals(known)) {
      writeMemo(memo, now);
    }
    return summarise(new TreeMap<>(sizes));
  }

  private static Path memoFile(Path siteRoot) {
    return SitePaths.cache(siteRoot.toAbsolutePath().normalize()).resolve("gzip-sizes");
  }

  /** Content hash → sizes; lines of another format (or none) are not trusted: those files are measured again. */
  private static Map<String, Size> readMemo(Path memo) {
    Map<String, Size> known = new java.util.HashMap<>();
    try {
      for (String l : Files.readAllLines(memo, StandardCharsets.UTF_8)) {
        String[] f = l.split("\t", -1);
        if (f.length == 3 && f[0].length() == 64) {
          known.put(f[0], new Size(Long.parseLong(f[2]), Long.parseLong(f[1])));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Map.of(); // missing or damaged: gzip everything
    }
    return known;
  }

  /** Best effort: a memo that cannot be written only costs the next build the compression. */
  private static void writeMemo(Path memo, Map<String, Size> sizes) {
    StringBuilder b = new StringBuilder(sizes.size() * 80);
    new TreeMap<>(sizes).forEach((h, g) -> b.append(h).append('\t').append(g.gzip()).append('\t').append(g.raw()).append('\n'));
    try {
      Files.createDirectories(memo.getParent());
      Path part = memo.resolveSibling(memo.getFileName() + ".part");
      Files.writeString(part, b, StandardCharsets.UTF_8);
      Files.move(part, memo, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // the next build gzips again
    }
  }

  /** One line for the build output. */
  public String describe() {
    return String.format(Locale.ROOT,
        "search data: %s in all; meta.js %s, %d term shards avg %s max %s, %d display chunks avg %s max %s,"
            + " %d signature chunks avg %s max %s",
        total, meta, shards, shardAvg, shardMax, chunks, chunkAvg, chunkMax, sigChunks, sigChunkAvg, sigChunkMax);
  }

  private static void add(long[] acc, long[] max, long raw, long gz) {
    acc[0]++;
    acc[1] += raw;
    acc[2] += gz;
    max[0] = Math.max(max[0], raw);
    max[1] = Math.max(max[1], gz);
  }

  private static Size avg(long[] acc) {
    return acc[0] == 0 ? new Size(0, 0) : new Size(acc[1] / acc[0], acc[2] / acc[0]);
  }

  /** gzip size at the default level, as web servers commonly compress. */
  static long gzip(byte[] data) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream(data.length / 3 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.size();
  }

  private static String kb(long bytes) {
    return bytes < 1024 ? bytes + " B" : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
  }
}
