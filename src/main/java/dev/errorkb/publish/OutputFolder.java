package dev.errorkb.publish;

import dev.errorkb.util.RelPath;
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
import java.util.List;
import java.util.Map;

/**
 * The output folder and the two folders errorkb keeps beside it ({@code .X.tmp}, staging;
 * {@code .X.old}, the previous generation): the rules that decide what errorkb may replace, move
 * or delete (only what carries its marker, issue 12), the swap that makes a new generation live,
 * and the file-tree helpers the publisher writes through. Split out of {@link Publisher} (issue 14).
 */
final class OutputFolder {
  private final Path out;
  private final Path tmp;
  private final Path old;

  /** {@code out} absolute, with a link to it already resolved by the caller. */
  OutputFolder(Path out) {
    this.out = out;
    this.tmp = SitePaths.staging(out);
    this.old = SitePaths.previous(out);
  }

  Path out() {
    return out;
  }

  Path tmp() {
    return tmp;
  }

  Path old() {
    return old;
  }

  /**
   * Puts a complete site back in place when the site folder is missing: a kill between the
   * fallback swap's renames parks the live site, whole, in the staging or the previous folder.
   */
  void restoreMissingSite() throws IOException {
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
  static boolean complete(Path dir) {
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
        && Files.isRegularFile(dir.resolve(Publisher.MANIFEST), LinkOption.NOFOLLOW_LINKS)
        && Files.isRegularFile(dir.resolve(Publisher.MARKER), LinkOption.NOFOLLOW_LINKS)
        && !Files.exists(dir.resolve(Publisher.JOURNAL), LinkOption.NOFOLLOW_LINKS)
        && !Files.exists(dir.resolve(Publisher.JOURNAL + ".part"), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Makes {@code ready}'s tree the site in one step where the system allows it; afterwards
   * {@code ready} holds the site that was live (or does not exist, if there was none).
   */
  void swapIn(Path ready) throws IOException {
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

  static void checkName(String rel) throws IOException {
    // startsWith: the journal is staged as Publisher.JOURNAL + ".part" before its commit rename.
    if (rel.equals(Publisher.MARKER) || rel.equals(Publisher.MANIFEST) || rel.startsWith(Publisher.JOURNAL)) {
      throw new IOException("refusing to publish a file named like errorkb's own " + rel);
    }
  }

  static void pruneEmptyParents(Path root, Path p) throws IOException {
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
  static Map<String, String> readManifest(Path site) throws IOException {
    Path m = site.resolve(Publisher.MANIFEST);
    if (!Files.isRegularFile(m, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(site.resolve(Publisher.MARKER))) {
      return null;
    }
    return Manifest.parse(Files.readString(m, StandardCharsets.UTF_8));
  }

  /**
   * Refuses to touch {@code dir} (the {@code .X.tmp} or {@code .X.old} sibling) unless it is absent,
   * empty (a kill right after creating it) or carries errorkb's marker (issue 12: a user's own
   * {@code .docs.old/} was deleted).
   */
  void requireStaging(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      for (String own : List.of(Publisher.MARKER, Publisher.MANIFEST, Publisher.JOURNAL, Publisher.JOURNAL + ".part")) {
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
    throw new Publisher.ForeignFolderException(dir, out);
  }

  void requireOurs() {
    if (Files.isDirectory(out) && !Files.exists(out.resolve(Publisher.MARKER))) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(out)) {
        if (s.iterator().hasNext()) {
          throw new Publisher.NotASiteException(out);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
      throw new Publisher.NotASiteException(out);
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
   * Deletes a folder. Its top-level {@link Publisher#MANIFEST} goes first, so a folder a kill left
   * half deleted is never taken for a whole site (the walk follows the directory's order, which
   * can put the manifest last; a partial previous generation with its manifest was kept, and the
   * next publish, trusting it, left out the files it lacked). Its {@link Publisher#MARKER} goes
   * last, so the remains are still recognisably errorkb's.
   */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path manifest = root.resolve(Publisher.MANIFEST);
    if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(manifest, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(manifest);
    }
    Path marker = root.resolve(Publisher.MARKER);
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
