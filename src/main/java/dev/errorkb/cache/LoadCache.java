package dev.errorkb.cache;

import dev.errorkb.load.EntryMemo;
import dev.errorkb.util.Sha256;
import dev.errorkb.util.SitePaths;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load stage's memo (issue 15): what reading each entry folder gave in the last build, in
 * {@code .<out>.cache/loaded}, keyed by the SHA-256 of the folder's files (paths and contents, as
 * the build's fingerprint hashed them) and of site.yaml. A rebuild after one edit parses that
 * folder's YAML and Markdown and decodes the other folders' records (about ten times faster).
 *
 * <p>Never trusted beyond its keys: a record is used only when its key is that of the files now
 * there, a file the fingerprint did not hash (it appeared since) makes the folder a miss, and a
 * file written by another errorkb ({@link BuildCache#generatorId()}) or cut short is ignored whole.
 * Unlike the render records it does not depend on the published site, so it is kept after a failed
 * build too: fixing an error in one entry then reads that entry alone. One load, one
 * {@link #save()}: saving lets the records go.
 */
public final class LoadCache implements EntryMemo {
  private static final String MAGIC = "errorkb-load-cache 1";

  /** One folder's record: its key and where its bytes are. */
  private record Slot(String key, byte[] data, int offset, int length) {}

  private final Path file;
  private final Map<String, String> hashes;
  private final String siteKey;
  private volatile Map<String, Slot> old;
  private final Map<String, Slot> now = new ConcurrentHashMap<>();
  private final AtomicInteger misses = new AtomicInteger();

  private LoadCache(Path file, Map<String, String> hashes, String siteKey, Map<String, Slot> old) {
    this.file = file;
    this.hashes = hashes;
    this.siteKey = siteKey;
    this.old = old;
  }

  /**
   * The memo of the site {@code out}, for content whose files have the SHA-256s {@code hashes}
   * (path relative to the content root → hash, from the fingerprint).
   */
  public static LoadCache open(Path out, Map<String, String> hashes) {
    Path file = SitePaths.cache(out.toAbsolutePath().normalize()).resolve("loaded");
    String siteKey = hashes.getOrDefault("site.yaml", "-");
    return new LoadCache(file, hashes, siteKey, read(file));
  }

  /** The records of the file; none if it is missing, another errorkb's, or damaged. */
  private static Map<String, Slot> read(Path file) {
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      return Map.of();
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(b);
      if (!MAGIC.equals(string(in)) || !BuildCache.generatorId().equals(string(in))) {
        return Map.of();
      }
      int n = in.getInt();
      Map<String, Slot> slots = new HashMap<>(n * 2);
      for (int i = 0; i < n; i++) {
        String dir = string(in);
        String key = string(in);
        int len = in.getInt();
        if (len < 0 || len > in.remaining()) {
          return Map.of();
        }
        slots.put(dir, new Slot(key, b, in.position(), len));
        in.position(in.position() + len);
      }
      return in.hasRemaining() ? Map.of() : slots;
    } catch (RuntimeException e) {
      return Map.of(); // cut short or garbled: read every folder
    }
  }

  /** The key of a folder's inputs, or empty if one of its files was not hashed by the fingerprint. */
  private Optional<String> key(String dir, List<String> files) {
    MessageDigest d = Sha256.digest();
    update(d, "site.yaml " + siteKey);
    update(d, "dir " + dir);
    for (String f : files) {
      String h = hashes.get(f);
      if (h == null) {
        return Optional.empty();
      }
      update(d, f + "\0" + h);
    }
    return Optional.of(Sha256.hex(d, 64));
  }

  private static void update(MessageDigest d, String s) {
    d.update(s.getBytes(StandardCharsets.UTF_8));
    d.update((byte) '\n');
  }

  @Override
  public Optional<Read> recall(String dir, List<String> files) {
    Slot s = old.get(dir);
    if (s == null) {
      return Optional.empty(); // nothing stored: do not compute a key that remember computes again
    }
    Optional<String> key = key(dir, files);
    if (key.isEmpty() || !s.key().equals(key.get())) {
      return Optional.empty();
    }
    ModelCodec.Decoded d;
    try {
      d = ModelCodec.decode(s.data(), s.offset(), s.length());
    } catch (RuntimeException e) {
      return Optional.empty(); // a damaged record: read the folder
    }
    now.put(dir, s);
    return Optional.of(new Read(d.entry(), d.problems()));
  }

  @Override
  public void remember(String dir, List<String> files, Read read) {
    misses.incrementAndGet();
    key(dir, files).ifPresent(k -> {
      byte[] b = ModelCodec.encode(read.entry(), read.problems());
      now.put(dir, new Slot(k, b, 0, b.length));
    });
  }

  /** Folders read from their files (not from the memo) since it was opened. */
  public int misses() {
    return misses.get();
  }

  /**
   * Writes the records of this load's folders, replacing the file (through a temporary file and a
   * rename, so a kill leaves the old file or the new one); nothing when every folder was a hit and
   * none went away. Streamed, and the records are let go afterwards: at 10,000 entries they are
   * 33 MB, held beside the build's own peak (issue 15's memory bar).
   */
  public void save() throws IOException {
    try {
      if (misses.get() == 0 && now.keySet().equals(old.keySet())) {
        return;
      }
      Files.createDirectories(file.getParent());
      Path part = file.resolveSibling("loaded.part");
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
        out.write(string(MAGIC));
        out.write(string(BuildCache.generatorId()));
        out.write(ByteBuffer.allocate(4).putInt(now.size()).array());
        for (Map.Entry<String, Slot> e : new TreeMap<>(now).entrySet()) {
          Slot s = e.getValue();
          out.write(string(e.getKey()));
          out.write(string(s.key()));
          out.write(ByteBuffer.allocate(4).putInt(s.length()).array());
          out.write(s.data(), s.offset(), s.length());
        }
      }
      Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      now.clear();
      old = Map.of();
    }
  }

  private static byte[] string(String s) {
    byte[] u = s.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + u.length).putInt(u.length).put(u).array();
  }

  private static String string(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("string runs past the end");
    }
    String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
    in.position(in.position() + n);
    return s;
  }
}
