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
    Map<String, Long> gzipped = new java.util.concurrent.ConcurrentHashMap<>();
    files.entrySet().parallelStream().filter(f -> f.getKey().startsWith(SearchDataWriter.DIR))
        .forEach(f -> gzipped.put(f.getKey(), gzipSize.applyAsLong(f.getValue())));
    Size meta = new Size(0, 0);
    long[] shard = new long[3];
    long[] shardMax = new long[2];
    long[] chunk = new long[3];
    long[] chunkMax = new long[2];
    long[] sig = new long[3];
    long[] sigMax = new long[2];
    long raw = 0;
    long gz = 0;
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      String p = f.getKey();
      if (!p.startsWith(SearchDataWriter.DIR)) {
        continue;
      }
      long r = f.getValue().length;
      long g = gzipped.get(p);
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

  /** Sizes of the search data of a published site folder. */
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
    Path memo = SitePaths.cache(siteRoot.toAbsolutePath().normalize()).resolve("gzip-sizes");
    Map<String, Long> known = readMemo(memo);
    Map<String, Long> now = new java.util.concurrent.ConcurrentHashMap<>();
    SearchSizes sizes = of(files, bytes -> {
      String h = Sha256.hex(bytes);
      Long g = known.get(h);
      long size = g != null ? g : gzip(bytes);
      now.put(h, size);
      return size;
    });
    if (!now.equals(known)) {
      writeMemo(memo, now);
    }
    return sizes;
  }

  private static Map<String, Long> readMemo(Path memo) {
    Map<String, Long> known = new java.util.HashMap<>();
    try {
      for (String l : Files.readAllLines(memo, StandardCharsets.UTF_8)) {
        int tab = l.indexOf('\t');
        if (tab > 0) {
          known.put(l.substring(0, tab), Long.parseLong(l.substring(tab + 1)));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Map.of(); // missing or damaged: gzip everything
    }
    return known;
  }

  /** Best effort: a memo that cannot be written only costs the next build the compression. */
  private static void writeMemo(Path memo, Map<String, Long> sizes) {
    StringBuilder b = new StringBuilder(sizes.size() * 72);
    new TreeMap<>(sizes).forEach((h, g) -> b.append(h).append('\t').append(g).append('\n'));
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
