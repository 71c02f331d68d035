package dev.errorkb.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A KB too large for the heap (issue 7: 50,000 entries did not fit in 1 GB at first) ends with a
 * one-line message saying how to give errorkb more memory, exit code 3, no stack trace, and the
 * published site untouched.
 */
class OutOfMemoryTest {
  @TempDir Path dir;

  @Test
  void tooSmallAHeapGivesOneLineAndLeavesTheSite() throws Exception {
    Path content = dir.resolve("content");
    Path out = dir.resolve("site");
    CrashSafetyTest.writeKb(content, "A");
    Path templates = Path.of("templates").toAbsolutePath();
    List<String> base = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"));
    Process ok = new ProcessBuilder(concat(base, List.of("-Xmx256m", Main.class.getName(), "build", "--content", content.toString(),
        "--templates", templates.toString(), "--out", out.toString()))).redirectErrorStream(true).start();
    String okText = new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(ok.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, ok.exitValue(), okText);
    var before = TreeSnapshot.of(out);

    // Every page of the next build is larger than the heap can hold at once.
    CrashSafetyTest.writeKb(content, "B".repeat(30_000));
    Process p = new ProcessBuilder(concat(base, List.of("-Xmx24m", Main.class.getName(), "build", "--content", content.toString(),
        "--templates", templates.toString(), "--out", out.toString()))).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));

    assertEquals(3, p.exitValue(), text);
    assertTrue(text.contains("errorkb: out of memory: the Java heap is limited to"), text);
    assertTrue(text.contains("-Xmx"), text);
    assertFalse(text.contains("\tat ") || text.contains("Exception in thread"), text);
    assertEquals(before, TreeSnapshot.of(out), "the published site must be left as it was");
    assertFalse(Files.exists(dir.resolve(".site.tmp")), "the staging folder must be discarded");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
