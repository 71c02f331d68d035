package dev.errorkb.util;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A '/'-separated relative path (as the model, manifests and URLs spell it) resolved under a root
 * one name at a time, so that it means the same on every file system (Windows, Jimfs) and never
 * goes through {@code Path.of}.
 */
public final class RelPath {
  private RelPath() {}

  /** {@code root} resolved by each non-empty name of {@code rel}, for paths errorkb made itself. */
  public static Path resolve(Path root, String rel) {
    Path p = root;
    for (String part : rel.split("/")) {
      if (!part.isEmpty()) {
        p = p.resolve(part);
      }
    }
    return p;
  }

  /**
   * {@code rel} under {@code root} for a path that may come from outside: empty when a name is
   * empty, {@code .} or {@code ..}, or holds a backslash (a separator on Windows), so the result is
   * always inside {@code root}.
   *
   * @throws java.nio.file.InvalidPathException for a name the file system cannot hold (a NUL)
   */
  public static Optional<Path> inside(Path root, String rel) {
    Path p = root;
    for (String part : rel.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..") || part.contains("\\")) {
        return Optional.empty();
      }
      p = p.resolve(part);
    }
    return Optional.of(p);
  }
}
