package dev.errorkb.gaps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.model.Lang;
import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.signature.TestKb;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GapsTest {

  @Test
  void errorLookingLines() {
    for (String yes : List.of(
        "2026-01-01 ERROR something", "Exception in thread \"main\" java.lang.NullPointerException",
        "Traceback (most recent call last):", "fatal: not a git repository", "ssh: connect to host x port 22: Connection refused",
        "open /etc/x: permission denied", "03-17 16:13:38.811  1702  2395 E WindowManager: boom",
        "E0512 12:00:00.000000 1 main.go:1] boom", "process exited with code 137", "Command returned non-zero exit status 2",
        "ModuleNotFoundError: No module named 'x'", "psql: エラー: ロール\"x\"は存在しません", "接続に失敗しました",
        "WARN [gc] heap usage 99%", "java.net.ConnectException: Connection timed out")) {
      assertTrue(ErrorLike.test(yes), yes);
    }
    for (String no : List.of(
        "2026-01-01 INFO started in 3 ms", "process exited with code 0", "exit status 0", "status 3 of 5 code 7", "Errands done",
        "03-17 16:13:38.811  1702  2395 D WindowManager: fine", "the e-mail was sent", "Everything OK: errors=none? no",
        "")) {
      assertEquals(no.contains("errors="), ErrorLike.test(no), no);
    }
  }

  @Test
  void headersOfTheEightLoghubFormatsAreLeftOut() {
    String[][] cases = {
      {"081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_1 terminating", "packetresponder"},
      {"2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster", "created"},
      {"17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers", "registered"},
      {"2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200", "notification"},
      {"Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo", "reverse"},
      {"[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties", "workerenv.init()"},
      {"Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0", "authentication"},
      {"03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app wtoken", "printfreezingdisplaylogsopening"},
      {"plain message without header: kept whole", "plain"},
    };
    for (String[] c : cases) {
      assertEquals(c[1], Gaps.messageTokensOfMasked(dev.errorkb.signature.Normalizer.mask(dev.errorkb.signature.Normalizer.fold(c[0])))[0], c[0]);
    }
  }

  @Test
  void minerMergesVariablePartsAndStaysUnderItsCap() {
    TemplateMiner m = new TemplateMiner(2, 0.5, 100, 2);
    TemplateMiner.Group a = m.add("connect to db01 failed after <num> tries".split(" "));
    assertEquals(a, m.add("connect to db02 failed after <num> tries".split(" ")));
    assertEquals("connect to <any> failed after <num> tries", Gaps.template(a.tokens));
    TemplateMiner.Group b = m.add("disk full on <path>".split(" "));
    assertFalse(a == b);
    assertNull(m.add("something else entirely, seven tokens long".split(" ")), "the cap is reached");
    assertEquals(2, m.groups().size());
    assertEquals(1, m.unclustered());
    // A template of wildcards does not swallow every line of its length.
    TemplateMiner w = new TemplateMiner(2, 0.5, 100, 100);
    TemplateMiner.Group x = w.add(new String[] {"<num>", "alpha"});
    w.add(new String[] {"<num>", "beta"});
    assertFalse(x == w.add(new String[] {"gamma", "delta"}));
  }

  static ErrorIndex index() {
    return ErrorIndex.of(new TestKb()
        .entry("disk-full").sig(Lang.EN, "No space left on device")
        .doc(Lang.EN, "Disk full", "The disk is full.", "Logs.", "Delete them.").add()
        .entry("two-lines").sig(Lang.EN, "upload aborted by the remote side\nretry budget exhausted for this job")
        .doc(Lang.EN, "Upload aborted", "Two lines.", "Remote.", "Retry.").add()
        .build(), UnaryOperator.identity());
  }

  static final String LOG = """
      10:00:01 INFO starting
      10:00:02 ERROR write /var/log/a: No space left on device
      10:00:03 ERROR upload aborted by the remote side
      10:00:04 ERROR retry budget exhausted for this job
      10:00:05 ERROR cache miss storm on shard 3
      10:00:06 ERROR cache miss storm on shard 17
      10:00:07 INFO done
      """;

  @Test
  void knownLinesAndWindowsAreCountedNotClustered() throws IOException {
    Gaps g = Gaps.against(index(), Gaps.Options.DEFAULT);
    g.add("a.log", new StringReader(LOG));
    GapsReport r = g.report();
    assertEquals(7, r.lines());
    assertEquals(3, r.knownLines(), "the single line and both lines of the window");
    assertEquals(2, r.clusteredLines());
    assertEquals(2, r.skippedLines());
    assertEquals(List.of("disk-full", "two-lines"), r.known().stream().map(GapsReport.Known::id).sorted().toList());
    assertEquals(1, r.clusters().size());
    GapsReport.Cluster c = r.clusters().get(0);
    assertEquals("cache miss storm on shard <num>", c.template());
    assertEquals(List.of(new GapsReport.Location("a.log", 5), new GapsReport.Location("a.log", 6)), c.lines());
  }

  @Test
  void gzipIsReadFromAnyStream() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(bytes)) {
      z.write(LOG.getBytes(StandardCharsets.UTF_8));
    }
    Gaps plain = Gaps.against(index(), Gaps.Options.DEFAULT);
    plain.add("-", new StringReader(LOG));
    Gaps zipped = Gaps.against(index(), Gaps.Options.DEFAULT);
    try (Reader r = Gaps.reader(new ByteArrayInputStream(bytes.toByteArray()))) {
      zipped.add("-", r);
    }
    assertEquals(plain.report(), zipped.report());
    assertArrayEquals(GapsFormat.json(plain.report(), 0).getBytes(StandardCharsets.UTF_8),
        GapsFormat.json(zipped.report(), 0).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void linesBeyondTheCapAreCounted() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      b.append("ERROR distinct").append((char) ('a' + i % 26)).append(i / 26 == 0 ? "" : "x").append(" words here\n");
    }
    Gaps g = Gaps.withoutIndex(new Gaps.Options(false, 5, 2, 1));
    g.add("x", new StringReader(b.toString()));
    GapsReport r = g.report();
    assertEquals(5, r.clusters().size());
    assertEquals(45, r.unclusteredLines());
    assertTrue(r.clusters().stream().allMatch(c -> c.lines().size() <= 2 && c.examples().size() <= 1));
  }

  @Test
  void aHugeLineKeepsItsTemplateAndExampleSmall() throws IOException {
    String huge = "ERROR " + "word ".repeat(50_000) + "\n";
    Gaps g = Gaps.withoutIndex(Gaps.Options.DEFAULT);
    g.add("x", new StringReader(huge + huge));
    GapsReport.Cluster c = g.report().clusters().get(0);
    assertEquals(2, c.count());
    assertEquals(Gaps.MAX_TOKENS, c.template().split(" ").length);
    assertEquals(Gaps.MAX_EXAMPLE + 1, c.examples().get(0).text().length());
  }
}
