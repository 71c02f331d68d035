package dev.errorkb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.testing.Fixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Issue 12, items 16 and 17: errorkb's own failures exit 4 (trace only with ERRORKB_DEBUG=1); huge inputs are bounded. */
class FailureExitCodesTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @CommandLine.Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    final Supplier<Throwable> failure;

    Boom(Supplier<Throwable> failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      Throwable t = failure.get();
      if (t instanceof Error e) {
        throw e;
      }
      throw (Exception) t;
    }
  }

  private int boom(Supplier<Throwable> failure, boolean debug) {
    CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), debug);
    cl.addSubcommand("boom", new Boom(failure));
    // set again so the added subcommand writes to them too
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return Main.run(cl, new String[] {"boom"}, new PrintWriter(err, true), debug);
  }

  @ParameterizedTest
  @CsvSource({"npe, 4", "state, 4", "overflow, 4", "assertion, 4", "io, 3", "unchecked-io, 3", "oom, 3"})
  void exitCodesSayWhoFailed(String kind, int code) {
    Supplier<Throwable> f = switch (kind) {
      case "npe" -> NullPointerException::new;
      case "state" -> () -> new IllegalStateException("broken invariant");
      case "overflow" -> StackOverflowError::new;
      case "assertion" -> () -> new AssertionError("x");
      case "io" -> () -> new java.nio.file.NoSuchFileException("/x/y");
      case "unchecked-io" -> () -> new UncheckedIOException(new java.nio.file.AccessDeniedException("/x/z"));
      case "oom" -> () -> new OutOfMemoryError("Java heap space");
      default -> throw new IllegalArgumentException(kind);
    };
    assertEquals(code, boom(f, false), err::toString);
    String e = err.toString();
    assertFalse(e.contains("\tat "), "no stack trace without ERRORKB_DEBUG=1: " + e);
    assertTrue(e.startsWith("errorkb: "), e);
    if (code == 4) {
      assertTrue(e.contains("internal error") && e.contains("ERRORKB_DEBUG=1"), e);
    }
    if (kind.equals("oom")) {
      assertFalse(e.contains("knowledge base;"), "the message must not blame the KB: " + e);
    }
  }

  @Test
  void errorkbDebugPrintsTheStackTrace() {
    assertEquals(4, boom(() -> new IllegalStateException("broken invariant"), true));
    assertTrue(err.toString().contains("\tat dev.errorkb.cli.FailureExitCodesTest"), err::toString);
    err.getBuffer().setLength(0);
    assertEquals(4, boom(StackOverflowError::new, true));
    assertTrue(err.toString().contains("\tat "), err::toString);
  }

  @Test
  void userMistakesKeepTheirCodes() {
    assertEquals(2, Main.run(new String[] {"match", "--top", "0", "x"}, new PrintWriter(out, true), new PrintWriter(err, true), null));
    assertEquals(3, Main.run(new String[] {"match", "--index", dir.resolve("none.json").toString(), "x"},
        new PrintWriter(out, true), new PrintWriter(err, true), null), err::toString);
    assertFalse(err.toString().contains("internal error"), err::toString);
  }

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), null);
  }

  @Test
  void scanCutsHugeLinesWithAWarningAndStillFindsErrors() throws IOException {
    Fixture.write(dir.resolve("content"), Fixture.SITE + Fixture.ENTRY);
    Path log = dir.resolve("huge.log");
    String error = "fatal: demo failed to open /var/lib/demo/state.db";
    // 20 lines of 4 M characters each (80 M characters; the whole file was one String before)
    try (var w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      w.write("start\n");
      for (int i = 0; i < 20; i++) {
        w.write(error + " ");
        w.write("x".repeat(4 << 20));
        w.write('\n');
      }
      w.write(error + "\n");
    }
    int code = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> run("scan", "--content", dir.resolve("content").toString(), log.toString()));
    assertEquals(1, code, err::toString);
    assertTrue(out.toString().contains(log + ":2: demo-error:"), out::toString);
    assertTrue(out.toString().contains(log + ":22: demo-error:"), out::toString);
    assertTrue(err.toString().contains(log + ":2: warning: 20 lines longer than 262144 characters; only the first 262144 of each"
        + " were scanned"), err::toString);
  }

  @Test
  void matchTopHugeIsBounded() {
    Fixture.write(dir.resolve("content"), Fixture.SITE + Fixture.ENTRY);
    int code = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run("match", "--content", dir.resolve("content").toString(),
        "--top", "2147483647", "fatal: demo failed to open /var/lib/demo/state.db"));
    assertEquals(0, code, err::toString);
    assertTrue(out.toString().startsWith("1. "), out::toString);
  }

  @Test
  void evalRefusesANanOrOutOfRangeGate() {
    for (String v : new String[] {"NaN", "-1", "101", "Infinity"}) {
      err.getBuffer().setLength(0);
      assertEquals(2, run("eval", "--min-top1", v, dir.resolve("pastes.jsonl").toString()), v);
      assertTrue(err.toString().contains("take a percentage from 0 to 100"), err::toString);
    }
  }

  @Test
  void controlCharactersInTitlesArePrintedEscaped() {
    assertEquals("a\\u001b[2Jb\\u000a::error ::x\\u0085\\u2028", MatchCommand.visible("a\u001b[2Jb\n::error ::x\u0085\u2028"));
    assertEquals("日本 ok", MatchCommand.visible("日本 ok"));
  }
}
