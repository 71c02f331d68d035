package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.errorkb.model.Lang;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The scan of bytes ({@code ErrorIndex.scan(InputStream, …)}) against the scan of text it must
 * equal: the same hits, lines and spans for logs with CRLF, non-ASCII and invalid UTF-8 lines,
 * multi-line windows with log prefixes, lines past the character cap, no final line break.
 */
class ByteScanTest {

  static final ErrorIndex IDX = ErrorIndex.of(new TestKb()
      .entry("pg-open-file")
      .sig(Lang.EN, "could not open file \"/x\": Permission denied")
      .sig(Lang.JA, "ファイル\"/x\"をオープンできませんでした: 許可がありません")
      .doc(Lang.EN, "Could not open file", "", "", "").add()
      .entry("pg-connect")
      .sig(Lang.EN, "connection to server at \"db\" (10.0.0.1), port 5432 failed: Connection refused")
      .doc(Lang.EN, "Connection refused", "", "", "").add()
      .entry("git-publickey").sig(Lang.EN, """
          git@github.com: Permission denied (publickey).
          fatal: Could not read from remote repository.

          Please make sure you have the correct access rights
          and the repository exists.""").doc(Lang.EN, "Permission denied (publickey)", "", "", "").add()
      .entry("cafe").sig(Lang.EN, "naïve café closed unexpectedly").doc(Lang.EN, "Café", "", "", "").add()
      .build(), UnaryOperator.identity());

  private static String describe(ErrorIndex.ScanHit h) {
    return h.line() + "-" + h.endLine() + " " + h.entry().id() + " " + h.signature().id() + " [" + h.span().text() + "] " + h.slots();
  }

  /** Hits of the text path on the decoded log with its lines cut to {@code max} characters. */
  private static List<String> viaText(byte[] log, int max) throws IOException {
    LogLinesTest.Read lines = LogLinesTest.reference(log, max);
    List<String> out = new ArrayList<>();
    IDX.scan(new StringReader(String.join("\n", lines.lines())), h -> out.add(describe(h)));
    return out;
  }

  private static List<String> viaBytes(byte[] log, int max, int piece) throws IOException {
    List<String> out = new ArrayList<>();
    ErrorIndex.ScanStats s = IDX.scan(new LogLinesTest.Trickle(log, piece), max, h -> out.add(describe(h)), null);
    assertEquals(out.size(), s.hits());
    LogLinesTest.Read ref = LogLinesTest.reference(log, max);
    assertEquals(ref.lines().size(), s.lines());
    assertEquals(ref.cut(), s.cutLines());
    assertEquals(ref.firstCut(), s.firstCutLine());
    return out;
  }

  private static void assertSame(byte[] log, int max) throws IOException {
    List<String> want = viaText(log, max);
    for (int piece : new int[] {0, 5}) {
      assertEquals(want, viaBytes(log, max, piece), new String(log, StandardCharsets.UTF_8));
    }
  }

  static final String LOG = String.join("\r\n",
      "LOG:  database system is ready",
      "ERROR:  could not open file \"pg_wal/000001\": Permission denied",
      "psql: connection to server at \"h\" (::1), port 5432 failed: Connection refused",
      "エラー: ファイル\"/a\"をオープンできませんでした: 許可がありません",
      "\u001b[31mERROR:  could not open file \"x\": Permission denied\u001b[0m",
      "the naïve café closed unexpectedly today",
      "2026-11-26T10:00:01Z [worker-3] git@github.com: Permission denied (publickey).",
      "2026-11-26T10:00:01Z [worker-3] fatal: Could not read from remote repository.",
      "2026-11-26T10:00:01Z [worker-3]",
      "2026-11-26T10:00:01Z [worker-3] Please make sure you have the correct access rights",
      "2026-11-26T10:00:02Z [worker-3] and the repository exists.",
      "git@github.com: Permission denied (publickey).",
      "fatal: Could not read from remote repository.",
      "",
      "Please make sure you have the correct access rights",
      "and the repository exists.",
      "could not open file \"y\": Permission denied");

  @Test
  void sameHitsAsTheTextPath() throws IOException {
    byte[] log = LOG.getBytes(StandardCharsets.UTF_8);
    List<String> hits = viaText(log, Integer.MAX_VALUE);
    assertEquals(8, hits.size(), hits.toString()); // the fixture finds what it is meant to
    assertSame(log, Integer.MAX_VALUE);
    assertSame((LOG + "\n").getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
    assertSame(LOG.replace("\r\n", "\r").getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
    // cut lines: the error at the start of a line longer than the cap is still found, one past it is not
    assertSame(LOG.getBytes(StandardCharsets.UTF_8), 40);
    String longLines = "could not open file \"q\": Permission denied " + "x".repeat(300_000) + "\n"
        + "y".repeat(300_000) + " could not open file \"q\": Permission denied\n" + "é".repeat(200_000) + "\n" + LOG;
    assertSame(longLines.getBytes(StandardCharsets.UTF_8), 256 * 1024);
    assertSame(longLines.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
  }

  @Test
  void invalidUtf8AndRandomMixturesGiveTheSameHits() throws IOException {
    byte[] bad = {(byte) 0xE2, (byte) 0x82, ' ', (byte) 0xC3};
    String[] lines = LOG.split("\r\n");
    Random rnd = new Random(3);
    for (int t = 0; t < 60; t++) {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      int n = 1 + rnd.nextInt(30);
      for (int i = 0; i < n; i++) {
        if (rnd.nextInt(6) == 0) {
          b.write(bad, 0, 1 + rnd.nextInt(bad.length));
        }
        b.writeBytes(lines[rnd.nextInt(lines.length)].getBytes(StandardCharsets.UTF_8));
        b.writeBytes(rnd.nextBoolean() ? new byte[] {'\n'} : new byte[] {'\r', '\n'});
      }
      assertSame(b.toByteArray(), t % 2 == 0 ? Integer.MAX_VALUE : 60);
    }
  }

  @Test
  void emptyInput() throws IOException {
    assertFalse(viaText(new byte[0], Integer.MAX_VALUE).iterator().hasNext());
    assertEquals(List.of(), viaBytes(new byte[0], Integer.MAX_VALUE, 0));
  }
}
