package dev.errorkb.publish;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@value Publisher#MANIFEST} file: the SHA-256 of every published file in {@code sha256sum}
 * format, so {@code sha256sum -c} verifies a deployed copy. Names that need it are escaped as
 * sha256sum escapes them (a leading backslash, then {@link PathLines}); one reader and one writer,
 * so the publisher and the build cache cannot disagree on the format.
 */
public final class Manifest {
  private Manifest() {}

  /** The file's lines for {@code hashes} (path → SHA-256 hex), in path order. */
  public static byte[] encode(SortedMap<String, String> hashes) {
    StringBuilder sb = new StringBuilder(hashes.size() * 100);
    hashes.forEach((p, h) -> {
      String e = PathLines.encode(p);
      sb.append(e.equals(p) ? "" : "\\").append(h).append("  ").append(e).append('\n');
    });
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Path → SHA-256 hex, or null when any line is not a manifest line (then nothing of it is trusted). */
  public static Map<String, String> parse(String text) {
    Map<String, String> hashes = new TreeMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
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

}
