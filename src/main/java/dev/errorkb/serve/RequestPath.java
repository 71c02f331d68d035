package dev.errorkb.serve;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns the raw path of an HTTP request into a key of the in-memory site ({@code en/x/index.html}).
 * Anything that could name something outside the site is refused: {@code ..} and {@code .}
 * segments (also percent-encoded, also double-encoded), backslashes, NUL, empty segments and
 * invalid UTF-8. A refused path is simply not found. A '%' in a file name is served ({@code
 * 100%25.txt} is {@code 100%.txt}).
 */
public final class RequestPath {
  private RequestPath() {}

  /** The site key for {@code rawPath} (as sent, still percent-encoded), or empty if it is refused. */
  public static Optional<String> toKey(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      return Optional.empty();
    }
    Optional<String> decoded = decode(rawPath);
    if (decoded.isEmpty()) {
      return Optional.empty();
    }
    String p = decoded.get();
    if (p.indexOf('\\') >= 0 || p.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    String rel = p.substring(1);
    if (rel.isEmpty()) {
      return Optional.of("index.html");
    }
    boolean dir = rel.endsWith("/");
    String body = dir ? rel.substring(0, rel.length() - 1) : rel;
    for (String seg : body.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..") || seg.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
          || doubleEncoded(seg)) {
        return Optional.empty();
      }
    }
    return Optional.of(dir ? body + "/index.html" : body);
  }

  /**
   * Whether a decoded segment still percent-encodes a dot, a slash, a backslash or NUL ({@code
   * %252e%252e} arrives as {@code %2e%2e}): a second decoder along the way would read it as a way
   * out. Any other '%' is part of a file name ({@code 100%.txt}, requested as {@code 100%25.txt}).
   */
  private static boolean doubleEncoded(String seg) {
    for (int i = seg.indexOf('%'); i >= 0; i = seg.indexOf('%', i + 1)) {
      if (i + 2 >= seg.length()) {
        break;
      }
      String hex = seg.substring(i + 1, i + 3).toLowerCase(java.util.Locale.ROOT);
      if (hex.equals("2e") || hex.equals("2f") || hex.equals("5c") || hex.equals("00")) {
        return true;
      }
    }
    return false;
  }

  /** Strict percent-decoding as UTF-8; '+' stays '+' in paths. */
  static Optional<String> decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray())).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
