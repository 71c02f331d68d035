package dev.errorkb.publish;

/**
 * Writes a path into one line of a line-based file (the publish journal, the manifest) with
 * {@code sha256sum}'s escapes: {@code \\}, {@code \n}, {@code \r}, and {@code \xHH}-style
 * {@code \\uXXXX} for other control characters, so a file name can never add a line (issue 12).
 */
final class PathLines {
  private PathLines() {}

  static String encode(String path) {
    StringBuilder sb = null;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      String esc = c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r"
          : c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 ? String.format(java.util.Locale.ROOT, "\\u%04x", (int) c) : null;
      if (esc != null && sb == null) {
        sb = new StringBuilder(path.length() + 8).append(path, 0, i);
      }
      if (sb != null) {
        if (esc != null) {
          sb.append(esc);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? path : sb.toString();
  }

  /** The path {@link #encode} wrote, or null when {@code line} is not such an encoding. */
  static String decode(String line) {
    StringBuilder sb = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return null;
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (++i >= line.length()) {
        return null;
      }
      char e = line.charAt(i);
      if (e == '\\') {
        sb.append('\\');
      } else if (e == 'n') {
        sb.append('\n');
      } else if (e == 'r') {
        sb.append('\r');
      } else if (e == 'u' && i + 4 < line.length()) {
        try {
          sb.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
        } catch (NumberFormatException x) {
          return null;
        }
        i += 4;
      } else {
        return null;
      }
    }
    return sb.toString();
  }
}
