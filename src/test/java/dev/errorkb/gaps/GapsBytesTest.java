package dev.errorkb.gaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import dev.errorkb.signature.LogLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gaps} over bytes ({@link Gaps#add(String, java.io.InputStream)}, what the CLI reads) gives
 * the report of {@link Gaps#add(String, java.io.Reader)} over the decoded text: known lines and
 * windows, error-looking lines tested on their bytes, non-ASCII and invalid UTF-8 lines, CRLF,
 * no final line break, gzip.
 */
class GapsBytesTest {
  @TempDir Path dir;

  static final String LOG = GapsTest.LOG.replace("10:00:05", "10:00:05\u00a0").replace("INFO done", "INFO done\r\n"
      + "10:00:08 エラー: 接続に失敗しました id=7\r\n10:00:09 ERROR café ouvert \u001b[31mrouge\u001b[0m\n"
      + "10:00:10 WARN exit status 3\n10:00:11 process exited with code 0\n10:00:12 E0512 glog line\n"
      + "10:00:13 NullPointerException at Foo\n10:00:14 plain line\n10:00:15 ERROR cache miss storm on shard 9");

  private static String viaText(byte[] log, Gaps.Options opts, boolean withIndex) throws IOException {
    Gaps g = withIndex ? Gaps.against(GapsTest.index(), opts) : Gaps.withoutIndex(opts);
    g.add("a.log", new InputStreamReader(new ByteArrayInputStream(log), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
    return GapsFormat.json(g.report(), 0);
  }

  private static String viaBytes(byte[] log, Gaps.Options opts, boolean withIndex) throws IOException {
    Gaps g = withIndex ? Gaps.against(GapsTest.index(), opts) : Gaps.withoutIndex(opts);
    g.add("a.log", new ByteArrayInputStream(log));
    return GapsFormat.json(g.report(), 0);
  }

  private static void assertSame(byte[] log) throws IOException {
    for (boolean all : new boolean[] {false, true}) {
      for (boolean withIndex : new boolean[] {false, true}) {
        Gaps.Options o = Gaps.Options.DEFAULT.withAll(all);
        assertEquals(viaText(log, o, withIndex), viaBytes(log, o, withIndex), "all " + all + ", index " + withIndex);
      }
    }
  }

  @Test
  void sameReportAsTheTextPath() throws IOException {
    byte[] log = LOG.getBytes(StandardCharsets.UTF_8);
    String report = viaBytes(log, Gaps.Options.DEFAULT, true);
    assertTrue(report.contains("disk-full") && report.contains("cache miss storm"), report);
    assertSame(log);
    assertSame((LOG + "\n").getBytes(StandardCharsets.UTF_8));
    assertSame(new byte[0]);
  }

  @Test
  void randomLinesWithBadBytes() throws IOException {
    String[] lines = LOG.split("\r?\n");
    byte[] bad = {(byte) 0xE2, (byte) 0x82, 'E', 'R', (byte) 0xC3, ' ', (byte) 0xFF};
    Random rnd = new Random(9);
    for (int t = 0; t < 30; t++) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int i = 0, n = rnd.nextInt(40); i < n; i++) {
        b.writeBytes(lines[rnd.nextInt(lines.length)].getBytes(StandardCharsets.UTF_8));
        if (rnd.nextInt(4) == 0) {
          b.write(bad, 0, 1 + rnd.nextInt(bad.length));
        }
        b.writeBytes(rnd.nextBoolean() ? new byte[] {'\n'} : new byte[] {'\r', '\n'});
      }
      assertSame(b.toByteArray());
    }
  }

  @Test
  void gzipIsReadAsBytesToo() throws IOException {
    Path gz = dir.resolve("a.log.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(LOG.getBytes(StandardCharsets.UTF_8));
    }
    Gaps text = Gaps.against(GapsTest.index(), Gaps.Options.DEFAULT);
    try (var r = Gaps.open(gz)) {
      text.add("a.log", r);
    }
    Gaps bytes = Gaps.against(GapsTest.index(), Gaps.Options.DEFAULT);
    try (var in = Gaps.openBytes(gz)) {
      bytes.add("a.log", in);
    }
    assertEquals(GapsFormat.json(text.report(), 0), GapsFormat.json(bytes.report(), 0));
    assertEquals(viaText(LOG.getBytes(StandardCharsets.UTF_8), Gaps.Options.DEFAULT, true), GapsFormat.json(bytes.report(), 0));
  }

  @Test
  void asciiBytesTestAsTheirString() throws IOException {
    Random rnd = new Random(5);
    String[] words = {"error", "ERRORS", "warn", "Exception", "NullPointerException", "exit", "exited", "status", "0", "00", "7",
        "non", "-zero", "E", "F", "W", "E0512", "x", "ConnectionRefusedError", "failed", "ok", "abc_def", "crit", "_", "xERRor",
        "IOEXCEPTION", "terror", "exceptional", "fail", "Fatal", "timeouts", "e", "w9"};
    String seps = " \t:;,.[]()=/\u001b";
    int mayBeChecked = 0;
    int rejected = 0;
    for (int t = 0; t < 20_000; t++) {
      StringBuilder b = new StringBuilder();
      for (int i = 0, n = rnd.nextInt(8); i < n; i++) {
        b.append(words[rnd.nextInt(words.length)]);
        if (rnd.nextInt(3) > 0) {
          b.append(seps.charAt(rnd.nextInt(seps.length())));
        }
      }
      String line = b.toString();
      byte[] bs = ("#" + line + "#").getBytes(StandardCharsets.US_ASCII);
      assertEquals(ErrorLike.test(line), ErrorLike.testAscii(bs, 1, bs.length - 1, new char[bs.length]), line);
      LogLines ll = new LogLines(new ByteArrayInputStream(line.getBytes(StandardCharsets.US_ASCII)), Integer.MAX_VALUE);
      if (ll.nextTokens() < 0) {
        continue; // ESC: tested as text
      }
      if (ErrorLike.test(line)) {
        assertTrue(ErrorLike.mayBe(ll), "the pre-test may not reject an error-looking line: " + line);
        mayBeChecked++;
      } else {
        rejected += ErrorLike.mayBe(ll) ? 0 : 1;
      }
    }
    assertTrue(mayBeChecked > 1000 && rejected > 500, mayBeChecked + " error-looking, " + rejected + " rejected by the pre-test");
  }
}
