package dev.errorkb.publish;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Swaps two folders in one step, so that a reader of the output folder sees the old site or the
 * new one and never neither or a mixture (issue 12, item 6). Linux's {@code renameat2} with
 * {@code RENAME_EXCHANGE} does it; Java has no API for it, so it is called through JNA. Where it is
 * missing (another OS, a file system without it, JNA's native part not loadable, an in-memory file
 * system in tests) {@link #exchange} says so and the publisher falls back to three renames.
 */
final class DirectorySwap {
  /** The C library's call; JNA maps it by name (glibc 2.28+). */
  private interface LibC extends Library {
    int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags) throws LastErrorException;
  }

  private static final int AT_FDCWD = -100;
  private static final int RENAME_EXCHANGE = 2;
  private static final int EINVAL = 22;
  private static final int ENOSYS = 38;
  private static final int EXDEV = 18;
  /** False to use the fallback on a real file system (tests; {@code -Derrorkb.publish.noExchange=true}). */
  static volatile boolean enabled = !Boolean.getBoolean("errorkb.publish.noExchange");

  private static volatile LibC libc;
  private static volatile boolean unavailable;

  private DirectorySwap() {}

  /** True when {@link #exchange} can swap folders on the default file system here. */
  static boolean available() {
    return enabled && load() != null;
  }

  /**
   * Exchanges {@code a} and {@code b} (both existing folders on one file system) atomically.
   *
   * @return false, having changed nothing, when this system cannot do it in one step
   * @throws IOException when the system can but refused (permissions, a folder gone)
   */
  static boolean exchange(Path a, Path b) throws IOException {
    LibC c = enabled && a.getFileSystem() == FileSystems.getDefault() ? load() : null;
    if (c == null) {
      return false;
    }
    try {
      c.renameat2(AT_FDCWD, cPath(a), AT_FDCWD, cPath(b), RENAME_EXCHANGE);
      return true;
    } catch (LastErrorException e) {
      int code = e.getErrorCode();
      if (code == EINVAL || code == ENOSYS || code == EXDEV) {
        return false;
      }
      throw new IOException(a + " and " + b + ": cannot swap the folders (errno " + code + ": "
          + e.getMessage().replaceFirst("^\\[\\d+\\]\\s*", "") + ")");
    } catch (UnsatisfiedLinkError e) {
      unavailable = true;
      return false;
    }
  }

  private static LibC load() {
    if (unavailable) {
      return null;
    }
    LibC c = libc;
    if (c == null && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      try {
        c = Native.load("c", LibC.class);
        libc = c;
      } catch (LinkageError | RuntimeException e) {
        // No native part for this platform, a noexec temp folder, an old C library: fall back.
        unavailable = true;
      }
    }
    return c;
  }

  /** The path as the C library needs it: absolute, in the JDK's file-name encoding, NUL-terminated. */
  private static byte[] cPath(Path p) {
    String enc = System.getProperty("sun.jnu.encoding");
    Charset cs = enc != null && Charset.isSupported(enc) ? Charset.forName(enc) : StandardCharsets.UTF_8;
    byte[] b = p.toAbsolutePath().toString().getBytes(cs);
    return Arrays.copyOf(b, b.length + 1);
  }
}
