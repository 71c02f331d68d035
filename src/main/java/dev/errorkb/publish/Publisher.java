package dev.errorkb.publish;

import dev.errorkb.util.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Publishes a built site so that neither a reader nor a killed build ever sees a partly written
 * one, and writes only what changed (issue 7: writing and deleting 25,000 files costs seconds; an
 * edit changes a handful).
 *
 * <p>Every published site carries {@value #MANIFEST}: the SHA-256 of each file, in
 * {@code sha256sum} format. The live site folder is never changed in place (issue 12, item 6).
 * Beside it, {@code .X.old} keeps the previous generation; a publish writes new and changed files
 * into the staging folder {@code .X.tmp}, brings the previous generation up to the new site (moving
 * the staged files in, hard-linking the unchanged ones from the live site), and exchanges the two
 * folders in one step ({@link DirectorySwap}; three renames where the system cannot). A first
 * publish writes the whole site into the staging folder and swaps it in the same way. After a
 * kill, {@link #recover()} discards what was half made; the site folder is the old or the new
 * build at every moment.
 */
public final class Publisher {
  /** Marks a folder as errorkb output, so a mistyped --out never replaces someone's folder. */
  public static final String MARKER = ".errorkb-site";
  /** Hash of every published file, {@code sha256sum -c} compatible. */
  public static final String MANIFEST = ".errorkb-manifest";
  /** The journal of the per-file publisher before issue 12's swap; only recognised when recovering. */
  static final String JOURNAL = ".errorkb-journal";
  private static final String MARKER_TEXT = "errorkb output folder; safe to delete and rebuild\n";

  private final OutputFolder folder;
  private final Path out;
  private final Path tmp;
  private final Path old;
  /** Compare published files byte for byte instead of trusting the manifest (build --no-cache). */
  private final boolean rehash;

  /** What a publish did: files in the new site, files written (new or changed), files removed. */
  public record Report(int files, int written, int removed) {}

  public Publisher(Path out) {
    this(out, false);
  }

  /**
   * A publisher that, with {@code rehash}, reads every published file a new build keeps instead
   * of trusting the manifest, so a page changed in place (same size) is repaired (issue 12).
   */
  public Publisher(Path out, boolean rehash) {
    this.rehash = rehash;
    Path abs = out.toAbsolutePath().normalize();
    // An output folder given as a link is published where the link points, and the link stays:
    // swapping the link itself away would silently stop updating its target.
    try {
      abs = Files.isSymbolicLink(abs) ? abs.toRealPath() : abs;
    } catch (IOException dangling) {
      // A link to nothing is left to the checks that report it.
    }
    this.folder = new OutputFolder(abs);
    this.out = folder.out();
    this.tmp = folder.tmp();
    this.old = folder.old();
  }

  /**
   * Takes the output folder's lock for the duration of a build (see {@link OutputLock}). A folder
   * that is not errorkb's is refused first, before anything is created beside it (issue 12:
   * refused builds left a .X.lock in the user's folder); recover() checks again under the lock.
   */
  public OutputLock lock() {
    folder.requireOurs();
    try {
      folder.requireStaging(tmp);
      folder.requireStaging(old);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return OutputLock.take(out);
  }

  /** Thrown when the output folder exists but is not an errorkb site. */
  public static final class NotASiteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotASiteException(Path p) {
      super(p + ": exists and is not an errorkb output folder (no " + MARKER + " file); refusing to replace it. Choose another --out or remove it.");
    }
  }

  /**
   * Restores a consistent state after a build that was killed mid-way: the site folder is then
   * whole (a kill can only leave it missing, between the fallback's renames), the staging folder
   * is gone, and the previous generation beside it is kept only if it is complete.
   */
  public void recover() {
    folder.requireOurs();
    try {
      folder.requireStaging(tmp);
      folder.requireStaging(old);
      folder.restoreMissingSite();
      if ((Files.exists(tmp.resolve(JOURNAL)) || Files.exists(tmp.resolve(JOURNAL + ".part"))) && Files.isDirectory(out)) {
        // An errorkb before issue 12's swap, killed while applying its journal, may have left a
        // mixed site: its manifest no longer says what is there, so the next publish rewrites all.
        Files.deleteIfExists(out.resolve(MANIFEST));
      }
      OutputFolder.deleteTree(tmp);
      if (Files.isDirectory(old, LinkOption.NOFOLLOW_LINKS) && !OutputFolder.complete(old)) {
        OutputFolder.deleteTree(old);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Brings the previous generation (the folder the last swap parked) up to the new site, touching
   * only what differs: files the new site drops or changes are removed, new or changed files are
   * moved in from the staging folder, files the live site already has are hard-linked from it
   * (copied where links are not possible). Without a trusted previous generation (the first
   * publish over a site, after a kill, {@code --no-cache}) the whole site is linked anew.
   */
  private void prepareGeneration(SortedMap<String, String> next, byte[] manifestBytes, Set<String> staged) throws IOException {
    Map<String, String> have = rehash ? null : OutputFolder.readManifest(old);
    if (have == null) {
      OutputFolder.deleteTree(old);
      have = Map.of();
    }
    Files.createDirectories(old);
    // The manifest goes before anything else changes: from here until the new one lands the folder
    // is incomplete, and recover() discards it. Rewriting the marker first left a window (open,
    // truncated, not yet written) in which a kill kept a generation with its manifest and an empty
    // marker as whole (CrashSafetyTest, once).
    Files.deleteIfExists(old.resolve(MANIFEST));
    Files.writeString(old.resolve(MARKER), MARKER_TEXT, StandardCharsets.UTF_8);
    for (Map.Entry<String, String> h : have.entrySet()) {
      if (!h.getValue().equals(next.get(h.getKey()))) {
        Path p = OutputFolder.resolveInside(old, h.getKey());
        Files.deleteIfExists(p);
        OutputFolder.pruneEmptyParents(old, p);
      }
    }
    Map<String, String> known = have;
    List<String> place = new ArrayList<>();
    next.forEach((rel, hash) -> {
      if (!hash.equals(known.get(rel))) {
        place.add(rel);
      }
    });
    Set<Path> made = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.stream.Stream<String> work = place.size() > 2_000 ? place.parallelStream() : place.stream();
    try {
      work.forEach(rel -> {
        try {
          Path to = OutputFolder.resolveInside(old, rel);
          Path dir = to.getParent();
          if (made.add(dir)) {
            Files.createDirectories(dir);
          }
          if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
            OutputFolder.deleteTree(to);
          }
          if (staged.contains(rel)) {
            Files.move(OutputFolder.resolveInside(tmp, rel), to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } else {
            linkOrCopy(OutputFolder.resolveInside(out, rel), to);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    writeManifest(old, manifestBytes);
  }

  /**
   * Gives {@code dir} its manifest in one rename, the last step that makes it a whole site: written
   * in place, a kill between truncating and writing left a folder {@link OutputFolder#complete}
   * took as whole with an empty or cut manifest.
   */
  private static void writeManifest(Path dir, byte[] manifestBytes) throws IOException {
    Path part = dir.resolve(MANIFEST + ".part");
    write(part, manifestBytes);
    Files.move(part, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw located(file, e);
    }
  }

  /** A second name for an unchanged file (no bytes written); a copy where the file system has no links. */
  private static void linkOrCopy(Path from, Path to) throws IOException {
    Files.deleteIfExists(to);
    try {
      Files.createLink(to, from);
    } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
      if (e instanceof java.nio.file.NoSuchFileException) {
        throw (java.nio.file.NoSuchFileException) e;
      }
      try {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException copying) {
        throw located(to, copying);
      }
    }
  }

  /**
   * Writes {@code files} and copies {@code copies} (output path → source below {@code sourceRoot})
   * as the new site: only files whose bytes changed are written, files no longer produced are
   * removed.
   */
  public Report publish(SortedMap<String, byte[]> files, SortedMap<String, String> copies, Path sourceRoot) {
    try (Session s = begin()) {
      // Every put finishes before the session can close: a refused name on one thread must not let
      // close() clear the staging folder (marker first) while another thread still writes into it,
      // which left an unmarked folder that the next build refused as foreign (PublishFuzzTest).
      java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
      files.entrySet().parallelStream().forEach(f -> {
        if (failed.get() == null) {
          try {
            s.put(f.getKey(), f.getValue());
          } catch (RuntimeException e) {
            failed.compareAndSet(null, e);
          }
        }
      });
      if (failed.get() != null) {
        throw failed.get();
      }
      for (Map.Entry<String, String> c : copies.entrySet()) {
        s.copy(c.getKey(), sourceRoot, c.getValue());
      }
      return s.commit();
    }
  }

  /**
   * Starts a publish that takes files as they are produced, on any thread, so a build never holds
   * the whole site in memory: unchanged files are only hashed, new or changed ones are written to
   * the staging folder at once. Nothing reaches the site before {@link Session#commit()}; closing a
   * session that was not committed discards what it staged.
   */
  public Session begin() {
    folder.requireOurs();
    recover();
    try {
      Map<String, String> previous = OutputFolder.readManifest(out);
      OutputFolder.deleteTree(tmp);
      Files.createDirectories(tmp);
      // Marks the staging folder as ours at once, so a later build may delete it after a kill.
      Files.writeString(tmp.resolve(MARKER), MARKER_TEXT, StandardCharsets.UTF_8);
      return new Session(previous);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One publish in progress; see {@link #begin()}. */
  public final class Session implements AutoCloseable {
    /** The published site's manifest, or null: then every file is written and swapped in whole. */
    private final Map<String, String> previous;
    private final Map<String, String> manifest = new ConcurrentSkipListMap<>();
    private final Set<String> changed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Set<Path> dirs = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private boolean done;

    private Session(Map<String, String> previous) {
      this.previous = previous;
    }

    /** Adds one file of the new site; thread-safe. */
    public void put(String rel, byte[] bytes) {
      try {
        OutputFolder.checkName(rel);
        String hash = Sha256.hex(bytes);
        manifest.put(rel, hash);
        if (unchanged(rel, hash, bytes.length, file -> java.util.Arrays.equals(Files.readAllBytes(file), bytes))) {
          changed.remove(rel);
          return;
        }
        changed.add(rel);
        Path target = OutputFolder.resolveInside(tmp, rel);
        mkdirs(target.getParent());
        try {
          Files.write(target, bytes);
        } catch (IOException e) {
          throw located(target, e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Adds one file of the new site given as consecutive parts, which are never joined: a large
     * generated file (errors.idx, 54 MB for 10,000 entries) costs its parts only, not a second
     * copy of itself. Thread-safe.
     */
    public void put(String rel, List<byte[]> parts) {
      try {
        OutputFolder.checkName(rel);
        java.security.MessageDigest d = Sha256.digest();
        long size = 0;
        for (byte[] p : parts) {
          d.update(p);
          size += p.length;
        }
        String hash = Sha256.hex(d, 64);
        manifest.put(rel, hash);
        if (unchanged(rel, hash, size, file -> sameBytes(file, parts))) {
          changed.remove(rel);
          return;
        }
        changed.add(rel);
        Path target = OutputFolder.resolveInside(tmp, rel);
        mkdirs(target.getParent());
        try (java.io.OutputStream o = Files.newOutputStream(target)) {
          for (byte[] p : parts) {
            o.write(p);
          }
        } catch (IOException e) {
          throw located(target, e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Whether {@code file} holds exactly {@code parts}, one after the other (its size already matches). */
    private static boolean sameBytes(Path file, List<byte[]> parts) throws IOException {
      try (java.io.InputStream in = Files.newInputStream(file)) {
        for (byte[] p : parts) {
          if (!java.util.Arrays.equals(in.readNBytes(p.length), p)) {
            return false;
          }
        }
        return true;
      }
    }

    /**
     * Keeps a file of the published site without being given its bytes (a page whose inputs did
     * not change). False unless the site's manifest gives it {@code expectedHash} and the file is
     * there; then the caller must {@link #put} it.
     */
    public boolean keep(String rel, String expectedHash) {
      String hash = previous == null ? null : previous.get(rel);
      if (rehash || hash == null || !hash.equals(expectedHash)) {
        return false;
      }
      try {
        OutputFolder.checkName(rel);
        if (!Files.isRegularFile(OutputFolder.resolveInside(out, rel), LinkOption.NOFOLLOW_LINKS)) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
      manifest.put(rel, hash);
      changed.remove(rel);
      return true;
    }

    /** The SHA-256 the published site's manifest gives {@code rel}, or null (none, or --no-cache). */
    public String publishedHash(String rel) {
      return previous == null || rehash ? null : previous.get(rel);
    }

    /**
     * The bytes of the published site's file {@code rel}, if it is there and still has its
     * manifest hash (a file changed by hand since is not trusted); for a build that patches what
     * it wrote last time.
     */
    public java.util.Optional<byte[]> published(String rel) {
      String hash = publishedHash(rel);
      if (hash == null) {
        return java.util.Optional.empty();
      }
      try {
        OutputFolder.checkName(rel);
        byte[] b = Files.readAllBytes(OutputFolder.resolveInside(out, rel));
        return hash.equals(Sha256.hex(b)) ? java.util.Optional.of(b) : java.util.Optional.empty();
      } catch (IOException | UncheckedIOException e) {
        return java.util.Optional.empty();
      }
    }

    /** The SHA-256 of a file put or kept in this session, or null. */
    public String hashOf(String rel) {
      return manifest.get(rel);
    }

    /** Adds a file copied unchanged from {@code source} below {@code sourceRoot}. */
    public void copy(String rel, Path sourceRoot, String source) {
      try {
        put(rel, Files.readAllBytes(OutputFolder.resolveInside(sourceRoot, source)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * True when the published site already holds these bytes (by manifest hash and file size; when
     * rehashing, by reading the file).
     */
    /** What compares a published file with the bytes being put (build --no-cache). */
    private interface SameBytes {
      boolean test(Path file) throws IOException;
    }

    private boolean unchanged(String rel, String hash, long size, SameBytes same) throws IOException {
      if (previous == null || !hash.equals(previous.get(rel))) {
        return false;
      }
      try {
        Path file = OutputFolder.resolveInside(out, rel);
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile() || a.size() != size) {
          return false;
        }
        return !rehash || same.test(file);
      } catch (NoSuchFileException e) {
        return false;
      }
    }

    private void mkdirs(Path dir) throws IOException {
      if (!dirs.contains(dir)) {
        Files.createDirectories(dir);
        dirs.add(dir);
      }
    }

    /**
     * Makes the new site the published one. The site folder is never changed in place: the new
     * site is completed in a folder beside it (the staging folder for a first publish, else the
     * previous generation brought up to date) and then swapped in whole (issue 12, item 6).
     */
    public Report commit() {
      done = true;
      try {
        SortedMap<String, String> m = new TreeMap<>(manifest);
        byte[] manifestBytes = Manifest.encode(m);
        if (previous == null) {
          // No site to build on: the staging folder holds every file.
          writeManifest(tmp, manifestBytes);
          OutputFolder.deleteTree(old);
          folder.swapIn(tmp);
          OutputFolder.deleteTree(tmp);
          return new Report(m.size(), m.size(), 0);
        }
        Set<String> removed = new TreeSet<>(previous.keySet());
        removed.removeAll(m.keySet());
        if (changed.isEmpty() && removed.isEmpty()) {
          OutputFolder.deleteTree(tmp);
          return new Report(m.size(), 0, 0);
        }
        int written = changed.size();
        prepareGeneration(m, manifestBytes, changed);
        OutputFolder.deleteTree(tmp);
        folder.swapIn(old);
        return new Report(m.size(), written, removed.size());
      } catch (IOException e) {
        try {
          folder.restoreMissingSite();
          OutputFolder.deleteTree(tmp);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw new UncheckedIOException(e);
      }
    }

    /** Discards an uncommitted publish: the site stays as it was. */
    @Override
    public void close() {
      if (!done) {
        done = true;
        try {
          OutputFolder.deleteTree(tmp);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /**
   * The exception with the file it concerns in its message: a write that fails for lack of space
   * says only "No space left on device" (issue 12), which leaves the user guessing which disk.
   */
  private static IOException located(Path file, IOException e) {
    String msg = e.getMessage();
    if (e instanceof java.nio.file.FileSystemException || (msg != null && msg.contains(file.toString()))) {
      return e;
    }
    return new IOException(file + ": " + (msg != null ? msg : e.getClass().getSimpleName()), e);
  }

  /** Thrown when a staging folder beside the output is not errorkb's (no marker, not empty). */
  public static final class ForeignFolderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ForeignFolderException(Path p, Path out) {
      super(p + ": errorkb stages the build of " + out + " here, but this folder is not errorkb's (no " + MARKER
          + " file); refusing to delete or move it. Rename it or choose another --out.");
    }
  }
}
