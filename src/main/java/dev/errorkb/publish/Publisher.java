package dev.errorkb.publish;

import dev.errorkb.util.RelPath;
import dev.errorkb.util.Sha256;
import dev.errorkb.util.SitePaths;
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
    this.out = abs;
    this.tmp = SitePaths.staging(this.out);
    this.old = SitePaths.previous(this.out);
  }

  /**
   * Takes the output folder's lock for the duration of a build (see {@link OutputLock}). A folder
   * that is not errorkb's is refused first, before anything is created beside it (issue 12:
   * refused builds left a .X.lock in the user's folder); recover() checks again under the lock.
   */
  public OutputLock lock() {
    requireOurs();
    try {
      requireStaging(tmp);
      requireStaging(old);
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
    requireOurs();
    try {
      requireStaging(tmp);
      requireStaging(old);
      restoreMissingSite();
      if ((Files.exists(tmp.resolve(JOURNAL)) || Files.exists(tmp.resolve(JOURNAL + ".part"))) && Files.isDirectory(out)) {
        // An errorkb before issue 12's swap, killed while applying its journal, may have left a
        // mixed site: its manifest no longer says what is there, so the next publish rewrites all.
        Files.deleteIfExists(out.resolve(MANIFEST));
      }
      deleteTree(tmp);
      if (Files.isDirectory(old, LinkOption.NOFOLLOW_LINKS) && !complete(old)) {
        deleteTree(old);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Puts a complete site back in place when the site folder is missing: a kill between the
   * fallback swap's renames parks the live site, whole, in the staging or the previous folder.
   */
  private void restoreMissingSite() throws IOException {
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (complete(tmp)) {
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
    } else if (complete(old)) {
      Files.move(old, out, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /**
   * True for a folder holding a whole site: its manifest is written only after its last file, and
   * a staging folder of the old journal-based publisher (which also held a manifest) has a journal.
   */
  private static boolean complete(Path dir) {
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
        && Files.isRegularFile(dir.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS)
        && Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)
        && !Files.exists(dir.resolve(JOURNAL), LinkOption.NOFOLLOW_LINKS)
        && !Files.exists(dir.resolve(JOURNAL + ".part"), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Makes {@code ready}'s tree the site in one step where the system allows it; afterwards
   * {@code ready} holds the site that was live (or does not exist, if there was none).
   */
  private void swapIn(Path ready) throws IOException {
    if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(ready, out, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    if (DirectorySwap.exchange(ready, out)) {
      return;
    }
    // Three renames: a reader finds no site between the first two (never a mixed one), and a
    // kill there leaves the live site parked whole beside, which recover() puts back.
    Path park = ready.equals(tmp) ? old : tmp;
    deleteTree(park);
    Files.move(out, park, StandardCopyOption.ATOMIC_MOVE);
    Files.move(ready, out, StandardCopyOption.ATOMIC_MOVE);
    Files.move(park, ready, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Brings the previous generation (the folder the last swap parked) up to the new site, touching
   * only what differs: files the new site drops or changes are removed, new or changed files are
   * moved in from the staging folder, files the live site already has are hard-linked from it
   * (copied where links are not possible). Without a trusted previous generation (the first
   * publish over a site, after a kill, {@code --no-cache}) the whole site is linked anew.
   */
  private void prepareGeneration(SortedMap<String, String> next, byte[] manifestBytes, Set<String> staged) throws IOException {
    Map<String, String> have = rehash ? null : readManifest(old);
    if (have == null) {
      deleteTree(old);
      have = Map.of();
    }
    Files.createDirectories(old);
    Files.writeString(old.resolve(MARKER), MARKER_TEXT, StandardCharsets.UTF_8);
    // From here until the new manifest lands the folder is incomplete, and recover() discards it.
    Files.deleteIfExists(old.resolve(MANIFEST));
    for (Map.Entry<String, String> h : have.entrySet()) {
      if (!h.getValue().equals(next.get(h.getKey()))) {
        Path p = resolveInside(old, h.getKey());
        Files.deleteIfExists(p);
        pruneEmptyParents(old, p);
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
          Path to = resolveInside(old, rel);
          Path dir = to.getParent();
          if (made.add(dir)) {
            Files.createDirectories(dir);
          }
          if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(to);
          }
          if (staged.contains(rel)) {
            Files.move(resolveInside(tmp, rel), to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } else {
            linkOrCopy(resolveInside(out, rel), to);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Path part = old.resolve(MANIFEST + ".part");
    write(part, manifestBytes);
    Files.move(part, old.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
    requireOurs();
    recover();
    try {
      Map<String, String> previous = readManifest(out);
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
        String hash = Sha256.hex(bytes);
        manifest.put(rel, hash);
        if (unchanged(rel, hash, bytes)) {
          changed.remove(rel);
          return;
        }
        changed.add(rel);
        Path target = resolveInside(tmp, rel);
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
          write(tmp.resolve(MANIFEST), manifestBytes);
          deleteTree(old);
          swapIn(tmp);
          deleteTree(tmp);
          return new Report(m.size(), m.size(), 0);
        }
        Set<String> removed = new TreeSet<>(previous.keySet());
        removed.removeAll(m.keySet());
        if (changed.isEmpty() && removed.isEmpty()) {
          deleteTree(tmp);
          return new Report(m.size(), 0, 0);
        }
        int written = changed.size();
        prepareGeneration(m, manifestBytes, changed);
        deleteTree(tmp);
        swapIn(old);
        return new Report(m.size(), written, removed.size());
      } catch (IOException e) {
        try {
          restoreMissingSite();
          deleteTree(tmp);
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

  private static void checkName(String rel) throws IOException {
    // startsWith: the journal is staged as JOURNAL + ".part" before its commit rename.
    if (rel.equals(MARKER) || rel.equals(MANIFEST) || rel.startsWith(JOURNAL)) {
      throw new IOException("refusing to publish a file named like errorkb's own " + rel);
    }
  }

  private static void pruneEmptyParents(Path root, Path p) throws IOException {
    for (Path d = p.getParent(); d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
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

  /** A site folder's manifest, or null when there is none to trust (then everything is written). */
  private static Map<String, String> readManifest(Path site) throws IOException {
    Path m = site.resolve(MANIFEST);
    if (!Files.isRegularFile(m, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(site.resolve(MARKER))) {
      return null;
    }
    return Manifest.parse(Files.readString(m, StandardCharsets.UTF_8));
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
    try {
      return RelPath.inside(dir, rel).orElseThrow(() -> new IOException("refusing to write outside the output folder: " + rel));
    } catch (java.nio.file.InvalidPathException e) {
      // A NUL or a name the file system cannot hold (found by PublishFuzzTest): refused like the rest.
      throw new IOException("refusing a name the file system cannot hold: " + PathLines.encode(rel), e);
    }
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
