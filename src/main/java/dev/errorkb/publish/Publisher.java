package dev.errorkb.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.SortedMap;

/**
 * Publishes a built site atomically: everything is written into a temporary folder beside the
 * output folder, then swapped in by two renames. A failed or killed build never leaves a partly
 * written site: before the swap the old site is untouched, and the one moment between the two
 * renames is repaired by {@link #recover()} at the start of the next build.
 */
public final class Publisher {
  /** Marks a folder as errorkb output, so a mistyped --out never replaces someone's folder. */
  public static final String MARKER = ".errorkb-site";

  private final Path out;
  private final Path tmp;
  private final Path old;

  public Publisher(Path out) {
    this.out = out.toAbsolutePath().normalize();
    String name = this.out.getFileName().toString();
    this.tmp = this.out.resolveSibling("." + name + ".tmp");
    this.old = this.out.resolveSibling("." + name + ".old");
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
    try {
      if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(old)) {
        Files.move(old, out, StandardCopyOption.ATOMIC_MOVE);
      }
      deleteTree(tmp);
      deleteTree(old);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code files} and copies {@code copies} (output path → source below {@code sourceRoot})
   * into a new site, then swaps it in.
   */
  public void publish(SortedMap<String, byte[]> files, SortedMap<String, String> copies, Path sourceRoot) {
    requireOurs();
    recover();
    try {
      Files.createDirectories(tmp);
      Files.writeString(tmp.resolve(MARKER), "errorkb output folder; safe to delete and rebuild\n", StandardCharsets.UTF_8);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path target = resolveInside(tmp, f.getKey());
        Files.createDirectories(target.getParent());
        Files.write(target, f.getValue());
      }
      for (Map.Entry<String, String> c : copies.entrySet()) {
        Path target = resolveInside(tmp, c.getKey());
        Files.createDirectories(target.getParent());
        Files.copy(resolveInside(sourceRoot, c.getValue()), target, StandardCopyOption.REPLACE_EXISTING);
      }
      if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
        Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(old);
    } catch (IOException e) {
      try {
        deleteTree(tmp);
        if (!Files.exists(out) && Files.isDirectory(old)) {
          Files.move(old, out, StandardCopyOption.ATOMIC_MOVE);
        }
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException(e);
    }
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
    for (String part : rel.split("/")) {
      if (part.isEmpty() || part.equals(".") || part.equals("..") || part.contains("\\")) {
        throw new IOException("refusing to write outside the output folder: " + rel);
      }
      p = p.resolve(part);
    }
    return p;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
