package dev.errorkb.util;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * SHA-256 from the system's OpenSSL {@code libcrypto}, called through JNA (already a dependency
 * for the publisher's folder exchange).
 *
 * <p>Why: the launcher runs short commands with C1 only ({@code -XX:TieredStopAtLevel=1}, issue 7),
 * and C1 has no SHA intrinsic, so the JDK's SHA-256 runs as plain compiled Java at about 74 MB/s
 * on the team's machine against 1.1 GB/s under C2. A cold 10,000-entry build hashes every input
 * file, every page and the search data: SHA-256 was 17 % of its CPU samples (issue 15).
 * OpenSSL uses the CPU's SHA instructions. Where {@code libcrypto} cannot be loaded or fails a
 * known-answer test at start, {@link Sha256} uses the JDK's; the digests are the same bytes
 * either way ({@code Sha256Test}). {@code -Derrorkb.sha256.java=true} forces the JDK.
 */
final class NativeSha256 {
  private static final int BUFFER = 16 * 1024;
  private static final Cleaner CLEANER = Cleaner.create();

  /** True when libcrypto was linked and passed the known-answer test (after CLEANER: the test uses it). */
  static final boolean AVAILABLE = link();

  private NativeSha256() {}

  // libcrypto, mapped directly (a plain native call per use, no proxy). OpenSSL 1.1 and 3.
  private static native Pointer EVP_sha256();

  private static native Pointer EVP_MD_CTX_new();

  private static native void EVP_MD_CTX_free(Pointer ctx);

  private static native int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer engine);

  private static native int EVP_DigestUpdate(Pointer ctx, byte[] data, long count);

  private static native int EVP_DigestFinal_ex(Pointer ctx, byte[] md, Pointer size);

  private static native int EVP_Digest(byte[] data, long count, byte[] md, Pointer size, Pointer type, Pointer engine);

  private static boolean link() {
    if (Boolean.getBoolean("errorkb.sha256.java")
        || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      return false;
    }
    for (String name : List.of("crypto", "libcrypto.so.3", "libcrypto.so.1.1")) {
      try {
        Native.register(NativeSha256.class, NativeLibrary.getInstance(name));
        byte[] abc = "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Digest d = new Digest();
        d.update(abc);
        String want = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        if (HexFormat.of().formatHex(d.digest()).equals(want) && HexFormat.of().formatHex(hash(abc)).equals(want)) {
          return true;
        }
        Native.unregister(NativeSha256.class);
        return false;
      } catch (Throwable e) { // UnsatisfiedLinkError, a missing symbol: the JDK's digest is used
        try {
          Native.unregister(NativeSha256.class);
        } catch (Throwable ignored) {
          // nothing was registered
        }
      }
    }
    return false;
  }

  /** The SHA-256 of {@code bytes}. */
  static byte[] hash(byte[] bytes) {
    // One call, no context to free: most hashes are of one file or page.
    byte[] md = new byte[32];
    if (EVP_Digest(bytes, bytes.length, md, null, EVP_sha256(), null) != 1) {
      throw new IllegalStateException("libcrypto's SHA-256 failed");
    }
    return md;
  }

  /** A {@link MessageDigest} over libcrypto: small updates are gathered in a buffer, large ones go straight through. */
  static final class Digest extends MessageDigest {
    private final byte[] buffer = new byte[BUFFER];
    private final Context context = new Context();
    private int buffered;

    Digest() {
      super("SHA-256");
      CLEANER.register(this, context);
    }

    @Override
    protected void engineUpdate(byte input) {
      if (buffered == BUFFER) {
        flush();
      }
      buffer[buffered++] = input;
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      if (len <= BUFFER - buffered) {
        System.arraycopy(input, offset, buffer, buffered, len);
        buffered += len;
        return;
      }
      flush();
      if (len <= BUFFER) {
        System.arraycopy(input, offset, buffer, 0, len);
        buffered = len;
      } else if (offset == 0 && len == input.length) {
        context.update(input, len);
      } else {
        context.update(java.util.Arrays.copyOfRange(input, offset, offset + len), len);
      }
    }

    @Override
    protected byte[] engineDigest() {
      flush();
      byte[] md = new byte[32];
      context.finish(md);
      return md;
    }

    @Override
    protected void engineReset() {
      buffered = 0;
      context.reset();
    }

    @Override
    protected int engineGetDigestLength() {
      return 32;
    }

    private void flush() {
      if (buffered > 0) {
        context.update(buffer, buffered);
        buffered = 0;
      }
    }
  }

  /**
   * The native context, apart from its digest so that the cleaner can free it when the digest is
   * unreachable. Allocated at the first update and freed after each digest, so a digest that is
   * used once holds no native memory afterwards.
   */
  private static final class Context implements Runnable {
    private Pointer ctx;

    synchronized void update(byte[] data, int len) {
      if (ctx == null) {
        ctx = EVP_MD_CTX_new();
        if (ctx == null || EVP_DigestInit_ex(ctx, EVP_sha256(), null) != 1) {
          throw new IllegalStateException("libcrypto could not start a SHA-256 digest");
        }
      }
      if (len > 0 && EVP_DigestUpdate(ctx, data, len) != 1) {
        throw new IllegalStateException("libcrypto's SHA-256 update failed");
      }
    }

    synchronized void finish(byte[] md) {
      update(md, 0); // starts a context for the hash of nothing
      if (EVP_DigestFinal_ex(ctx, md, null) != 1) {
        throw new IllegalStateException("libcrypto's SHA-256 failed");
      }
      reset();
    }

    synchronized void reset() {
      if (ctx != null) {
        EVP_MD_CTX_free(ctx);
        ctx = null;
      }
    }

    @Override
    public void run() {
      reset();
    }
  }
}
