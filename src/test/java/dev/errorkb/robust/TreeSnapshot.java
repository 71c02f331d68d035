package dev.errorkb.robust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file, folder and link below a root as '/'-separated relative path → content hash (or
 * "dir", or "link:target"), so two states of a folder compare with one {@code assertEquals}.
 * Links are recorded, never followed.
 */
final class TreeSnapshot {
  private TreeSnapshot() {}

  static SortedMap<String, String> of(Path root) {
    SortedMap<String, String> out = new TreeMap<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
          out.put(rel, "link:" + Files.readSymbolicLink(p));
        } else if (a.isDirectory()) {
          out.put(rel, "dir");
        } else {
          out.put(rel, sha256(Files.readAllBytes(p)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The snapshot without the entries at or below {@code prefix}. */
  static SortedMap<String, String> without(SortedMap<String, String> snap, String prefix) {
    SortedMap<String, String> out = new TreeMap<>(snap);
    out.keySet().removeIf(k -> k.equals(prefix) || k.startsWith(prefix + "/"));
    return out;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
