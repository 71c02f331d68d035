package dev.errorkb.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as lower-case hex: the form of every hash errorkb writes or compares. The system's
 * libcrypto does the hashing where it can be loaded ({@link NativeSha256}: the JDK's SHA-256 is
 * 15 times slower under the launcher's C1-only JIT), the JDK's digest elsewhere; both give the
 * same bytes.
 */
public final class Sha256 {
  private Sha256() {}

  /** A fresh digest, for hashing several parts in turn. */
  public static MessageDigest digest() {
    return NativeSha256.AVAILABLE ? new NativeSha256.Digest() : jdk();
  }

  /** The JDK's own SHA-256, whatever the system offers (tests compare the two). */
  static MessageDigest jdk() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** True when the system's libcrypto does the hashing (for {@code --timings} and tests). */
  public static boolean isNative() {
    return NativeSha256.AVAILABLE;
  }

  /** The 64 hex digits of the SHA-256 of {@code bytes}. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(NativeSha256.AVAILABLE ? NativeSha256.hash(bytes) : jdk().digest(bytes));
  }

  /** The 64 hex digits of the SHA-256 of {@code text} in UTF-8. */
  public static String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The first {@code digits} hex digits of a finished digest (even, at most 64). */
  public static String hex(MessageDigest d, int digits) {
    return HexFormat.of().formatHex(d.digest(), 0, digits / 2);
  }
}
