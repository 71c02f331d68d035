package dev.errorkb.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.cli.Main;
import dev.errorkb.publish.Publisher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two builds into one output folder at once (a CI job and a developer, or two terminals): the
 * second refuses at once with a clear message instead of deleting the first one's staging
 * folder or applying its journal twice.
 */
class ConcurrentBuildTest {
  @TempDir Path dir;

  /** Holds the output folder's lock until killed, as a running build does. */
  public static final class Holder {
    private Holder() {}

    public static void main(String[] args) throws Exception {
      dev.errorkb.publish.OutputLock lock = new Publisher(Path.of(args[0])).lock();
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(120_000);
      lock.close();
    }
  }

  @Test
  void aSecondBuildIntoTheSameFolderIsRefusedWhileTheFirstRuns() throws Exception {
    Path content = dir.resolve("content");
    Path out = dir.resolve("site");
    CrashSafetyTest.writeKb(content, "A");
    Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Holder.class.getName(), out.toString())).redirectErrorStream(true).start();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", r.readLine());

      StringWriter err = new StringWriter();
      int code = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
          .execute("build", "--content", content.toString(), "--templates", Path.of("templates").toAbsolutePath().toString(),
              "--out", out.toString());

      assertEquals(3, code, err.toString());
      assertTrue(err.toString().contains("another errorkb build is publishing into this folder"), err.toString());
    } finally {
      holder.destroyForcibly();
      holder.waitFor(30, TimeUnit.SECONDS);
    }
    // The lock dies with its process: the next build goes ahead.
    int code = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
        .execute("build", "--content", content.toString(), "--templates", Path.of("templates").toAbsolutePath().toString(),
            "--out", out.toString());
    assertEquals(0, code);
  }

  @Test
  void theLockIsAlsoExclusiveWithinOneProcess() throws Exception {
    Path out = dir.resolve("site2");
    dev.errorkb.publish.OutputLock first = new Publisher(out).lock();
    dev.errorkb.publish.OutputLock.BusyException e = org.junit.jupiter.api.Assertions.assertThrows(dev.errorkb.publish.OutputLock.BusyException.class, () -> new Publisher(out).lock());
    assertTrue(e.getMessage().contains(".site2.lock"), e.getMessage());
    first.close();
    // Released: the next build takes it.
    new Publisher(out).lock().close();
  }
}
