package dev.errorkb.publish;

import dev.errorkb.util.SitePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The output folder's lock: an {@code fcntl} lock on {@code .X.lock} beside it, held for a whole
 * build, because two builds publishing into one folder at once would delete each other's staging
 * folder. The lock dies with its process, so a killed build never leaves the folder locked. The
 * file stays after the build: removing it safely would need a check that reopens it, and closing
 * any descriptor of a file releases the process's {@code fcntl} locks on it (POSIX).
 */
public final class OutputLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Thrown when another build holds the output folder's lock. */
  public static final class BusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BusyException(Path out, Path lock) {
      super(out + ": another errorkb build is publishing into this folder (it holds " + lock
          + "); wait for it to finish and build again");
    }
  }

  /** Takes the lock of output folder {@code out}; fails at once, with {@link BusyException}, if another holds it. */
  static OutputLock take(Path out) {
    Path lockFile = SitePaths.lock(out);
    try {
      Files.createDirectories(lockFile.getParent());
      FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock held;
      try {
        held = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        held = null;
      }
      if (held == null) {
        ch.close();
        throw new BusyException(out, lockFile);
      }
      return new OutputLock(ch, held);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Releases the lock. */
  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
