package dev.errorkb.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Publishes a built site so that a killed build never leaves a partly written one, and rewrites
 * only what changed (issue 7: writing and deleting 25,000 files costs seconds; an edit changes a
 * handful).
 *
 * <p>Every published site carries {@value #MANIFEST}: the SHA-256 of each file, in
 * {@code sha256sum} format. With a manifest in place, a publish is a redo log: changed files are
 * written into a staging folder beside the site, a journal naming every write and delete is
 * committed by one rename, then applied with one rename per file; {@link #recover()} finishes an
 * applied-in-part journal and discards an uncommitted one, so after a kill the site is entirely
 * the old or entirely the new build. Without a manifest (first build, or a site from an older
 * errorkb) the whole site is written beside and swapped in by two renames.
 */
public final class Publisher {
  /** Marks a folder as errorkb output, so a mistyped --out never replaces someone's folder. */
  public static final String MARKER = ".errorkb-site";
  /** Hash of every published file, {@code sha256sum -c} compatible. */
  public static final String MANIFEST = ".errorkb-manifest";
  static final String JOURNAL = ".errorkb-journal";
  /** The journal's last line, with the count of the lines before it: a journal without it is never applied. */
  static final String JOURNAL_END = "E ";
  private static final String MARKER_TEXT = "errorkb output folder; safe to delete and rebuild\n";

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
    this.out = out.toAbsolutePath().normalize();
    String name = this.out.getFileName().toString();
    this.tmp = this.out.resolveSibling("." + name + ".tmp");
    this.old = this.out.resolveSibling("." + name + ".old");
  }

  /** Thrown when another build holds the output folder's lock. */
  public static final class BusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BusyException(Path out, Path lock) {
      super(out + ": another errorkb build is publishing into this folder (it holds " + lock
          + "); wait for it to finish and build again");
    }
  }

  /**
   * Takes the output folder's lock (a file beside it) for the duration of a build: two builds
   * publishing into one folder at once would delete each other's staging folder or apply one
   * journal twice. Fails at once, with {@link BusyException}, if another process holds it.
   */
  public Lock lock() {
    Path lockFile = out.resolveSibling("." + out.getFileName() + ".lock");
    try {
      Files.createDirectories(lockFile.getParent());
      java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lockFile,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
      java.nio.channels.FileLock held;
      try {
        held = ch.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        held = null;
      }
      if (held == null) {
        ch.close();
        throw new BusyException(out, lockFile);
      }
      return new Lock(ch, held);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A held output-folder lock; released by {@link #close()} or when the process ends. */
  public static final class Lock implements AutoCloseable {
    private final java.nio.channels.FileChannel channel;
    private final java.nio.channels.FileLock lock;

    private Lock(java.nio.channels.FileChannel channel, java.nio.channels.FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() {
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Thrown when the output folder exists but is not an errorkb site. */
  public static final class NotASiteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotASiteException(Path p) {
      super(p + ": exists and is not an errorkb output folder (no " + MARKER + " file); refusing to replace it. Choose another --out or remove it.");
    }
  }

  /** Restores a consistent state after a build that was killed mid-way. */
  public void recover() {
    requireOurs();
    try {
      requireStaging(tmp);
      requireStaging(old);
      if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(old)) {
        Files.move(old, out, StandardCopyOption.ATOMIC_MOVE);
      }
      if (Files.isRegularFile(tmp.resolve(JOURNAL)) && Files.isDirectory(out)) {
        applyJournal();
      }
      deleteTree(tmp);
      deleteTree(old);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
    requireOurs();
    recover();
    try {
      Map<String, String> previous = readManifest();
      deleteTree(tmp);
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
        checkName(rel);
        String hash = sha256(bytes);
        manifest.put(rel, hash);
        if (unchanged(rel, hash, bytes)) {
          changed.remove(rel);
          return;
        }
        changed.add(rel);
        Path target = resolveInside(tmp, rel);
        mkdirs(target.getParent());
        Files.write(target, bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
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
        checkName(rel);
        if (!Files.isRegularFile(resolveInside(out, rel), LinkOption.NOFOLLOW_LINKS)) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
      manifest.put(rel, hash);
      changed.remove(rel);
      return true;
    }

    /** The SHA-256 of a file put or kept in this session, or null. */
    public String hashOf(String rel) {
      return manifest.get(rel);
    }

    /** Adds a file copied unchanged from {@code source} below {@code sourceRoot}. */
    public void copy(String rel, Path sourceRoot, String source) {
      try {
        put(rel, Files.readAllBytes(resolveInside(sourceRoot, source)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * True when the published site already holds these bytes (by manifest hash and file size; when
     * rehashing, by reading the file).
     */
    private boolean unchanged(String rel, String hash, byte[] bytes) throws IOException {
      if (previous == null || !hash.equals(previous.get(rel))) {
        return false;
      }
      try {
        Path file = resolveInside(out, rel);
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile() || a.size() != bytes.length) {
          return false;
        }
        return !rehash || java.util.Arrays.equals(Files.readAllBytes(file), bytes);
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

    /** Makes the new site the published one: a swap for a first publish, else the journal. */
    public Report commit() {
      done = true;
      try {
        SortedMap<String, String> m = new TreeMap<>(manifest);
        Files.write(tmp.resolve(MANIFEST), manifestBytes(m));
        Files.writeString(tmp.resolve(MARKER), MARKER_TEXT, StandardCharsets.UTF_8);
        if (previous == null) {
          if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
          }
          Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
          deleteTree(old);
          return new Report(m.size(), m.size(), 0);
        }
        Set<String> removed = new TreeSet<>(previous.keySet());
        removed.removeAll(m.keySet());
        Set<String> written = new TreeSet<>(changed);
        if (written.isEmpty() && removed.isEmpty()) {
          deleteTree(tmp);
          return new Report(m.size(), 0, 0);
        }
        StringBuilder journal = new StringBuilder();
        removed.forEach(p -> journal.append("D ").append(PathLines.encode(p)).append('\n'));
        written.forEach(p -> journal.append("W ").append(PathLines.encode(p)).append('\n'));
        journal.append(JOURNAL_END).append(removed.size() + written.size()).append('\n');
        Path part = tmp.resolve(JOURNAL + ".part");
        Files.writeString(part, journal, StandardCharsets.UTF_8);
        // The commit point: from here on recover() rolls forward instead of back.
        Files.move(part, tmp.resolve(JOURNAL), StandardCopyOption.ATOMIC_MOVE);
        applyJournal();
        deleteTree(tmp);
        return new Report(m.size(), written.size(), removed.size());
      } catch (IOException e) {
        try {
          if (!Files.isRegularFile(tmp.resolve(JOURNAL))) {
            deleteTree(tmp);
          }
          if (!Files.exists(out) && Files.isDirectory(old)) {
            Files.move(old, out, StandardCopyOption.ATOMIC_MOVE);
          }
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
          deleteTree(tmp);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private static void checkName(String rel) throws IOException {
    // startsWith: the journal is staged as JOURNAL + ".part" before its commit rename.
    if (rel.equals(MARKER) || rel.equals(MANIFEST) || rel.startsWith(JOURNAL)) {
      throw new IOException("refusing to publish a file named like errorkb's own " + rel);
    }
  }

  /** Deletes, then moves staged files into place, then the manifest; every step is repeatable. */
  private void apply(List<String> journal) throws IOException {
    // Every line was decoded and every path checked by readJournal before the first change.
    for (String line : journal) {
      if (line.startsWith("D ")) {
        Path p = resolveInside(out, line.substring(2));
        Files.deleteIfExists(p);
        pruneEmptyParents(p);
      }
    }
    for (String line : journal) {
      if (line.startsWith("W ")) {
        String rel = line.substring(2);
        Path from = resolveInside(tmp, rel);
        if (Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
          Path to = resolveInside(out, rel);
          Files.createDirectories(to.getParent());
          if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(to);
          }
          Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    // The marker is copied, not moved: the staging folder keeps it until it is deleted (issue 12).
    Path marker = tmp.resolve(MARKER);
    if (Files.exists(marker) && !Files.exists(out.resolve(MARKER))) {
      Files.copy(marker, out.resolve(MARKER));
    }
    Path manifest = tmp.resolve(MANIFEST);
    if (Files.exists(manifest)) {
      Files.move(manifest, out.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * The committed journal as decoded {@code D path} / {@code W path} operations, or null when any
   * line does not parse, a path would leave the site, or the end line is missing or miscounts:
   * such a journal is never applied in part (issue 12).
   */
  private List<String> readJournal() throws IOException {
    List<String> lines = new ArrayList<>();
    boolean ended = false;
    for (String l : Files.readAllLines(tmp.resolve(JOURNAL), StandardCharsets.UTF_8)) {
      if (ended) {
        return null;
      }
      if (l.startsWith(JOURNAL_END)) {
        ended = l.substring(JOURNAL_END.length()).equals(Integer.toString(lines.size()));
        if (!ended) {
          return null;
        }
        continue;
      }
      String rel = l.length() > 2 && (l.startsWith("D ") || l.startsWith("W ")) ? PathLines.decode(l.substring(2)) : null;
      if (rel == null) {
        return null;
      }
      try {
        checkName(rel);
        resolveInside(out, rel);
      } catch (IOException e) {
        return null;
      }
      lines.add(l.substring(0, 2) + rel);
    }
    return ended ? lines : null;
  }

  /**
   * Applies the committed journal, or, when it cannot be trusted, drops the site's manifest so
   * the next publish rewrites every file (the site may then be mixed until it does; it is never
   * changed by a journal that does not parse).
   */
  private void applyJournal() throws IOException {
    List<String> journal = readJournal();
    if (journal != null) {
      apply(journal);
    } else {
      Files.deleteIfExists(out.resolve(MANIFEST));
    }
  }

  private void pruneEmptyParents(Path p) throws IOException {
    for (Path d = p.getParent(); d != null && d.startsWith(out) && !d.equals(out); d = d.getParent()) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
        if (s.iterator().hasNext()) {
          return;
        }
      } catch (NoSuchFileException e) {
        continue;
      }
      Files.delete(d);
    }
  }

  /** The previous site's manifest, or null when there is none to trust (then everything is written). */
  private Map<String, String> readManifest() throws IOException {
    Path m = out.resolve(MANIFEST);
    if (!Files.isRegularFile(m, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(out.resolve(MARKER))) {
      return null;
    }
    Map<String, String> hashes = new TreeMap<>();
    for (String line : Files.readAllLines(m, StandardCharsets.UTF_8)) {
      // sha256sum's escaping: a leading backslash marks a line whose name is escaped (PathLines).
      boolean escaped = line.startsWith("\\");
      String l = escaped ? line.substring(1) : line;
      if (l.length() < 67 || l.charAt(64) != ' ' || l.charAt(65) != ' ') {
        return null;
      }
      String name = escaped ? PathLines.decode(l.substring(66)) : l.substring(66);
      if (name == null) {
        return null;
      }
      hashes.put(name, l.substring(0, 64));
    }
    return hashes;
  }

  private static byte[] manifestBytes(SortedMap<String, String> manifest) {
    StringBuilder sb = new StringBuilder(manifest.size() * 100);
    manifest.forEach((p, h) -> {
      String e = PathLines.encode(p);
      sb.append(e.equals(p) ? "" : "\\").append(h).append("  ").append(e).append('\n');
    });
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Thrown when a staging folder beside the output is not errorkb's (no marker, not empty). */
  public static final class ForeignFolderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ForeignFolderException(Path p, Path out) {
      super(p + ": errorkb stages the build of " + out + " here, but this folder is not errorkb's (no " + MARKER
          + " file); refusing to delete or move it. Rename it or choose another --out.");
    }
  }

  /**
   * Refuses to touch {@code dir} (the {@code .X.tmp} or {@code .X.old} sibling) unless it is absent,
   * empty (a kill right after creating it) or carries errorkb's marker (issue 12: a user's own
   * {@code .docs.old/} was deleted).
   */
  private void requireStaging(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      for (String own : List.of(MARKER, MANIFEST, JOURNAL, JOURNAL + ".part")) {
        if (Files.isRegularFile(dir.resolve(own), LinkOption.NOFOLLOW_LINKS)) {
          return;
        }
      }
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
        if (!s.iterator().hasNext()) {
          return;
        }
      }
    }
    throw new ForeignFolderException(dir, out);
  }

  private void requireOurs() {
    if (Files.isDirectory(out) && !Files.exists(out.resolve(MARKER))) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(out)) {
        if (s.iterator().hasNext()) {
          throw new NotASiteException(out);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotASiteException(out);
    }
  }

  /** Resolves a '/'-separated relative path and refuses anything that would leave {@code dir}. */
  static Path resolveInside(Path dir, String rel) throws IOException {
    Path p = dir;
    for (String part : rel.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..") || part.contains("\\")) {
        throw new IOException("refusing to write outside the output folder: " + rel);
      }
      try {
        p = p.resolve(part);
      } catch (java.nio.file.InvalidPathException e) {
        // A NUL or a name the file system cannot hold (found by PublishFuzzTest): refused like the rest.
        throw new IOException("refusing a name the file system cannot hold: " + PathLines.encode(rel), e);
      }
    }
    return p;
  }

  /**
   * Deletes a folder; its top-level {@link #MARKER} goes last, so a staging folder a kill left
   * half deleted is still recognisably errorkb's.
   */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path marker = root.resolve(MARKER);
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!file.equals(marker)) {
          Files.delete(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        if (dir.equals(root)) {
          Files.deleteIfExists(marker);
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
