package dev.errorkb.load;

import dev.errorkb.model.Problem;
import dev.errorkb.model.Problems;
import dev.errorkb.model.SourcePos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The files of a content folder: walked in a stable order, dot-folders skipped, links and
 * unpublishable names reported (never followed), each named by its path below the root with
 * {@code /} separators whatever the file system. Split out of {@link ContentLoader} (issue 14).
 */
final class ContentTree {
  private final Path root;

  ContentTree(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  static boolean isLanguageFile(Path f) {
    String n = f.getFileName().toString();
    return n.equals("en.md") || n.equals("ja.md");
  }

  static Path owningEntry(Path file, Set<Path> entryDirs) {
    for (Path p = file.getParent(); p != null; p = p.getParent()) {
      if (entryDirs.contains(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Every file below the root in a stable order; links are reported, never followed. The walk
   * hands over each entry's attributes (read without following links), so no file is stat'ed twice.
   */
  List<Path> listFiles(Path from, Problems problems) {
    List<Found> found = new ArrayList<>();
    try {
      // The content folder itself may be a link (the user chose it; issue 12): its files are walked
      // where it points and named below the given root. Links inside it are still refused.
      Path start = from == root && Files.isSymbolicLink(root) ? root.toRealPath() : from;
      Files.walkFileTree(start, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          // Dot-folders (.git, .secrets, .trash) are never published, nor is anything below them.
          return !dir.equals(start) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          Path named = start == from ? file : from.resolve(start.relativize(file).toString());
          found.add(new Found(rel(named), named, attrs));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          throw e;
        }
      });
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return accept(found, problems);
  }

  /** A file of a walk, with its portable relative path. */
  private record Found(String rel, Path path, BasicFileAttributes attrs) {}

  /**
   * What {@link #listFiles(Path, Problems)} gives for the root, from a walk already made of it
   * (the build's fingerprint's): the same files, problems and order. Files below a dot-folder are
   * left out here, where the walk of its own does not enter the folder.
   */
  List<Path> listed(List<WalkedFile> walked, Problems problems) {
    List<Found> found = new ArrayList<>(walked.size());
    for (WalkedFile w : walked) {
      if (!inDotFolder(w.rel())) {
        found.add(new Found(w.rel(), root.resolve(w.rel()), w.attrs()));
      }
    }
    return accept(found, problems);
  }

  private static boolean inDotFolder(String rel) {
    for (int from = 0, slash = rel.indexOf('/'); slash >= 0; from = slash + 1, slash = rel.indexOf('/', from)) {
      if (rel.startsWith(".", from)) {
        return true;
      }
    }
    return false;
  }

  /** The regular files of a walk in portable path order; bad names and links are reported. */
  private List<Path> accept(List<Found> found, Problems problems) {
    // Sort by the portable relative path, computed once per file.
    found.sort(Comparator.comparing(Found::rel));
    List<Path> out = new ArrayList<>(found.size());
    for (Found f : found) {
      Path p = f.path();
      String name = p.getFileName() == null ? "" : p.getFileName().toString();
      if (name.startsWith(".") && !p.equals(root)) {
        continue;
      }
      Optional<String> badName = badName(f.rel());
      if (badName.isPresent()) {
        problems.add(Problem.error(SourcePos.file(printable(f.rel())), "bad-file-name", badName.get()));
      } else if (f.attrs().isSymbolicLink()) {
        problems.add(Problem.error(SourcePos.file(f.rel()), "symlink",
            "symbolic links are not published (they could point outside content/); copy the file instead"));
      } else if (f.attrs().isRegularFile()) {
        out.add(p);
      }
    }
    return out;
  }

  private static boolean isHidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  /**
   * Why a file name cannot be published, if it cannot: control characters would be written into
   * line-based files (the publish journal and manifest) and terminals, and a backslash is a
   * separator on Windows and refused by the publisher (issue 12).
   */
  static Optional<String> badName(String rel) {
    for (int i = 0; i < rel.length(); i++) {
      char c = rel.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
        return Optional.of(String.format(Locale.ROOT,
            "file or folder name contains the control character U+%04X; rename it", (int) c));
      }
      if (c == '\\') {
        return Optional.of("file or folder name contains a backslash (a path separator on Windows); rename it");
      }
    }
    return Optional.empty();
  }

  /** {@code s} with control characters shown as {@code \\uXXXX}, so a problem line stays one line. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Path relative to the content root with '/' separators, whatever the file system. */
  String rel(Path p) {
    String r = root.relativize(p).toString();
    String sep = p.getFileSystem().getSeparator();
    return sep.equals("/") ? r : r.replace(sep, "/");
  }

  Optional<String> readText(Path p, Problems problems) {
    return readText(p, problems, new HashMap<>());
  }

  /** Reads and decodes {@code p}, keeping its bytes in {@code read} for the content hash. */
  Optional<String> readText(Path p, Problems problems, Map<Path, byte[]> read) {
    try {
      byte[] bytes = Files.readAllBytes(p);
      read.put(p, bytes);
      return TextFile.decode(rel(p), bytes, problems);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
