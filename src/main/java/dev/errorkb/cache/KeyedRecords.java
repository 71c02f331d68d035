package dev.errorkb.cache;

import dev.errorkb.util.SitePaths;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A file of per-entry records under the site's cache folder, each an encoded value by key: what
 * {@link CountCache} and {@link IndexCache} keep from one published build for the next (issue 15).
 * Records stay encoded until an entry asks for them. A file whose header differs (another
 * errorkb, another format or another context such as site.yaml's hash), cut short or garbled is
 * ignored whole. Saved with the records the build used, so entries that went away are dropped.
 *
 * <p>A value made in this build is encoded at once and spilled to a scratch file beside the cache
 * file ({@code <name>.spill}), read back when the file is saved: a cold 10,000-entry build makes
 * 30 MB of records per cache, and held in the heap until the save they outlived several young
 * collections and took the build over issue 15's 600 MB bar.
 *
 * <p>{@link CountCache} and {@link IndexCache} are this class for their value type, each with its
 * file name, magic and codec.
 *
 * @param <T> the decoded value
 */
abstract class KeyedRecords<T> {
  /** One record: where its encoded bytes are; with no {@code data}, at {@code offset} in the spill file. */
  private record Slot(byte[] data, long offset, int length) {}

  /** How values become bytes and back; {@code decode} may throw on damaged bytes. */
  interface Codec<T> {
    byte[] encode(T value);

    T decode(byte[] b, int offset, int length);
  }

  private final Path file;
  private final byte[] header;
  private final Codec<T> codec;
  private volatile Map<String, Slot> old;
  private final Map<String, Slot> now = new ConcurrentHashMap<>();
  private final AtomicInteger misses = new AtomicInteger();
  /** The scratch file of this build's records, opened on the first miss; null before, or if it failed. */
  private java.nio.channels.FileChannel spill;
  private long spilled;
  private boolean spillFailed;

  /**
   * The records in the cache file {@code name} beside the site {@code out}, if its header is
   * {@code magic}, this errorkb's {@link BuildCache#generatorId()} and {@code context}; else none.
   */
  KeyedRecords(Path out, String name, String magic, String context, Codec<T> codec) {
    this.file = SitePaths.cache(out.toAbsolutePath().normalize()).resolve(name);
    this.header = header(magic, context);
    this.codec = codec;
    this.old = read(file, header);
  }

  private static Map<String, Slot> read(Path file, byte[] header) {
    try {
      return slots(Files.readAllBytes(file), header);
    } catch (IOException e) {
      return Map.of();
    }
  }

  /** The value kept under {@code key}, if there is one that decodes; it is kept for the next build. Called from several threads. */
  public Optional<T> recall(String key) {
    Slot s = old.get(key);
    Optional<T> v = decode(s);
    if (v.isPresent()) {
      now.put(key, s);
    }
    return v;
  }

  /** The value kept under {@code key}, if there is one that decodes, without keeping it for the next build. */
  public Optional<T> peek(String key) {
    return decode(old.get(key));
  }

  private Optional<T> decode(Slot s) {
    if (s == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(codec.decode(s.data(), (int) s.offset(), s.length()));
    } catch (RuntimeException e) {
      return Optional.empty(); // a damaged record: the caller makes the value again
    }
  }

  /** Keeps the record under {@code key} for the next build without decoding it; false if there is none. */
  public boolean keep(String key) {
    Slot s = old.get(key);
    if (s == null) {
      return false;
    }
    now.put(key, s);
    return true;
  }

  /** Keeps {@code value} under {@code key} for the next build, and counts a miss. Called from several threads. */
  public void remember(String key, T value) {
    misses.incrementAndGet();
    byte[] b = codec.encode(value);
    now.put(key, spill(b));
  }

  /** {@code b} written to the spill file, or kept in memory if that cannot be done. */
  private synchronized Slot spill(byte[] b) {
    if (!spillFailed) {
      try {
        if (spill == null) {
          Files.createDirectories(file.getParent());
          spill = java.nio.channels.FileChannel.open(spillFile(), java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.READ,
              java.nio.file.StandardOpenOption.WRITE);
        }
        long at = spilled;
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
          spill.write(buf, at + buf.position());
        }
        spilled += b.length;
        return new Slot(null, at, b.length);
      } catch (IOException | RuntimeException e) {
        spillFailed = true;
      }
    }
    return new Slot(b, 0, b.length);
  }

  private Path spillFile() {
    return file.resolveSibling(file.getFileName() + ".spill");
  }

  /** Values remembered (not recalled) since the file was opened. */
  public int misses() {
    return misses.get();
  }

  /**
   * Writes the records this build used, streamed through a temporary file and a rename (a kill
   * leaves the old file or the new one); nothing when every value was recalled and none went away.
   * A file that cannot be written only costs the next build the work. Then lets every record go
   * (tens of megabytes at 10,000 entries, issue 15's memory bar): nothing is recalled after this.
   */
  public void save() {
    try {
      write();
    } finally {
      old = Map.of();
      now.clear();
      closeSpill();
    }
  }

  private synchronized void closeSpill() {
    if (spill == null) {
      return;
    }
    try {
      spill.close();
      Files.deleteIfExists(spillFile());
    } catch (IOException e) {
      // a stale scratch file is truncated by the next build that spills
    }
    spill = null;
  }

  private void write() {
    if (misses.get() == 0 && now.keySet().equals(old.keySet())) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      Path part = file.resolveSibling(file.getFileName() + ".part");
      try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(part), 1 << 16))) {
        o.write(header);
        o.writeInt(now.size());
        for (Map.Entry<String, Slot> e : new TreeMap<>(now).entrySet()) {
          byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
          Slot s = e.getValue();
          o.writeInt(k.length);
          o.write(k);
          o.writeInt(s.length());
          o.write(bytes(s), s.data() == null ? 0 : (int) s.offset(), s.length());
        }
      }
      Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      // the next build makes every value again
    }
  }

  /** A slot's backing bytes: its array, or its record read back from the spill file. */
  private byte[] bytes(Slot s) throws IOException {
    if (s.data() != null) {
      return s.data();
    }
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(s.length());
    synchronized (this) {
      while (buf.hasRemaining()) {
        if (spill.read(buf, s.offset() + buf.position()) < 0) {
          throw new IOException("the spill file is shorter than its records");
        }
      }
    }
    return buf.array();
  }

  private static byte[] header(String magic, String context) {
    Leb128.Out o = new Leb128.Out();
    o.str(magic);
    o.str(BuildCache.generatorId());
    o.str(context);
    return o.bytes();
  }

  /** The records of a file's bytes by key; none if its header differs, or it is cut short or garbled. */
  private static Map<String, Slot> slots(byte[] b, byte[] header) {
    try {
      if (b.length < header.length || !Arrays.equals(b, 0, header.length, header, 0, header.length)) {
        return Map.of();
      }
      ByteBuffer in = ByteBuffer.wrap(b, header.length, b.length - header.length);
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

  /** What {@link #recall} gives for every record of a file's bytes: for tests. */
  static <T> Map<String, T> decodeAll(byte[] b, String magic, String context, Codec<T> codec) {
    Map<String, T> out = new HashMap<>();
    slots(b, header(magic, context)).forEach((k, s) -> out.put(k, codec.decode(s.data(), (int) s.offset(), s.length())));
    return out;
  }

  /** A codec of an encoding function and a decoding one. */
  static <T> Codec<T> codec(Function<T, byte[]> encode, Decoder<T> decode) {
    return new Codec<>() {
      @Override
      public byte[] encode(T value) {
        return encode.apply(value);
      }

      @Override
      public T decode(byte[] b, int offset, int length) {
        return decode.decode(b, offset, length);
      }
    };
  }

  /** {@link Codec#decode} as a lambda. */
  interface Decoder<T> {
    T decode(byte[] b, int offset, int length);
  }
}
