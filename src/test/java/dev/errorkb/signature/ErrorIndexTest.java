package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.model.Lang;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ErrorIndexTest {

  static final ErrorIndex INDEX =
      ErrorIndex.of(
          new TestKb()
              .entry("pg-open-file")
              .sig(Lang.EN, "could not open file \"/x\": Permission denied")
              .sig(Lang.JA, "ファイル\"/x\"をオープンできませんでした: 許可がありません")
              .doc(Lang.EN, "Could not open file", "The server cannot read a file.", "Permissions.", "Run chmod.")
              .doc(Lang.JA, "ファイルを開けない", "サーバーがファイルを読めません。", "権限です。", "chmod を実行します。")
              .add()
              .entry("pg-open-file-read")
              .sig(Lang.EN, "could not open file \"/x\" for reading: Permission denied")
              .doc(Lang.EN, "Could not open file for reading", "Reading fails.", "Permissions.", "Run chmod.")
              .add()
              .entry("pg-connect")
              .sig(Lang.EN, "connection to server at \"db\" (10.0.0.1), port 5432 failed: Connection refused")
              .doc(Lang.EN, "Connection refused", "Nothing listens on the port.", "Server down.", "Start PostgreSQL.")
              .add()
              .entry("disk-full")
              .doc(Lang.EN, "No space left on device", "The disk is full.", "Logs filled the volume.", "Delete old logs.")
              .add()
              .build(),
          UnaryOperator.identity());

  @Test
  void fullMatchWithOtherValuesComesFirstWithSpanAndSlots() {
    List<ErrorIndex.Match> r = INDEX.match("2026-01-01 10:00:00 UTC [42] ERROR:  could not open file \"base/16384/2613\": Permission denied");
    ErrorIndex.Match top = r.get(0);
    assertEquals("pg-open-file", top.entry().id());
    assertTrue(top.fullMatch());
    assertEquals("could not open file \"base/16384/2613\": permission denied", top.span().orElseThrow().text());
    assertEquals(List.of(new ErrorIndex.Slot("q", "\"base/16384/2613\"")), top.slots());
    assertEquals(ErrorIndex.Kind.EXACT, top.kind());
    assertEquals(1.0, top.coverage());
  }

  @Test
  void mostSpecificSignatureWins() {
    List<ErrorIndex.Match> r = INDEX.match("could not open file \"a\" for reading: Permission denied");
    assertEquals("pg-open-file-read", r.get(0).entry().id());
    assertTrue(r.get(0).fullMatch());
  }

  @Test
  void japanesePasteFindsEntryAndPrefersJapanese() {
    List<ErrorIndex.Match> r = INDEX.match("psql: エラー: ファイル\"/var/lib/x\"をオープンできませんでした: 許可がありません");
    assertEquals("pg-open-file", r.get(0).entry().id());
    assertEquals("ja", r.get(0).signature().orElseThrow().lang());
    assertEquals("ja", r.get(0).lang());
  }

  @Test
  void lostLineBreaksAndAnsiStillMatch() {
    String paste = "\u001b[31mconnection to server at \"db.prod\" (192.168.0.7), port 6432 failed:\u001b[0m\nConnection refused";
    assertEquals("pg-connect", INDEX.match(paste).get(0).entry().id());
    assertEquals("pg-connect", INDEX.match(paste.replace("\n", "")).get(0).entry().id());
  }

  @Test
  void wordsAloneRankByBm25AndCrossLanguageWorks() {
    List<ErrorIndex.Match> r = INDEX.match("no space left on device while writing WAL");
    assertEquals("disk-full", r.get(0).entry().id());
    assertFalse(r.get(0).fullMatch());
    // A Japanese keyword query finds the entry through its Japanese title.
    assertEquals("pg-open-file", INDEX.match("ファイルを開けない").get(0).entry().id());
    // English words in a Japanese sentence still find the English entry.
    assertEquals("disk-full", INDEX.match("ディスクで No space left on device と出ました").get(0).entry().id());
  }

  @Test
  void topLimitsResultsAndNothingFoundIsEmpty() {
    assertEquals(1, INDEX.match("could not open file", new ErrorIndex.MatchOptions(Optional.empty(), 1)).size());
    assertEquals(List.of(), INDEX.match("zzqx unrelated gibberish"));
  }

  @Test
  void scanReportsLineNumbersAndOnlyKnownErrors() throws IOException {
    String log = String.join("\n",
        "LOG:  database system is ready",
        "ERROR:  could not open file \"pg_wal/000001\": Permission denied",
        "psql: connection to server at \"h\" (::1), port 5432 failed: Connection refused",
        "could not open file",
        "エラー: ファイル\"/a\"をオープンできませんでした: 許可がありません");
    List<ErrorIndex.ScanHit> hits = new ArrayList<>();
    long n = INDEX.scan(new StringReader(log), hits::add);
    assertEquals(3, n);
    assertEquals(List.of(2L, 3L, 5L), hits.stream().map(ErrorIndex.ScanHit::line).toList());
    assertEquals(List.of("pg-open-file", "pg-connect", "pg-open-file"), hits.stream().map(h -> h.entry().id()).toList());
  }

  @Test
  void languageDetection() {
    assertEquals("ja", ErrorIndex.detectLang("エラー: x"));
    assertEquals("ja", ErrorIndex.detectLang("接続失敗"));
    assertEquals("en", ErrorIndex.detectLang("error 接続"));
  }

  @Test
  void oneGluedWordStillAllowsAFullMatch() {
    ErrorIndex idx = ErrorIndex.of(new TestKb()
        .entry("quota").sig(Lang.EN, "disk quota exceeded for user \"u\" on volume \"v\"").doc(Lang.EN, "Quota", "", "", "").add()
        .build(), UnaryOperator.identity());
    // The line break after "exceeded" was lost: "exceededfor" hides one of the required words.
    List<ErrorIndex.Match> r = idx.match("disk quota exceeded\nfor user \"bob\" on volume \"data\"".replace("\n", ""));
    assertTrue(r.get(0).fullMatch(), r.toString());
  }

  @Test
  void scanHandlesEscapesFullWidthAndCrLf() throws IOException {
    String log = "\u001b[31mERROR\u001b[0m could not open file \"a\": Permission denied\r\n"
        + "ＥＲＲＯＲ：　ｃｏｕｌｄ ｎｏｔ ｏｐｅｎ ｆｉｌｅ \"b\": permission denied\r\n";
    List<ErrorIndex.ScanHit> hits = new ArrayList<>();
    INDEX.scan(new StringReader(log), hits::add);
    assertEquals(List.of(1L, 2L), hits.stream().map(ErrorIndex.ScanHit::line).toList());
    assertEquals("\"b\"", hits.get(1).slots().get(0).value());
  }

  @Test
  void scanFindsSignaturesWrittenOverSeveralLines() throws IOException {
    ErrorIndex idx = ErrorIndex.of(new TestKb()
        .entry("host-key").sig(Lang.EN, """
            @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
            @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
            @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
            IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!""").doc(Lang.EN, "Host key changed", "", "", "").add()
        .entry("other").sig(Lang.EN, "something nasty happened to the disk").doc(Lang.EN, "Other", "", "", "").add()
        .build(), UnaryOperator.identity());
    String log = String.join("\n",
        "$ ssh build01",
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
        "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @",
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
        "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!",
        "Someone could be eavesdropping on you right now",
        "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!");
    List<ErrorIndex.ScanHit> hits = new ArrayList<>();
    idx.scan(new StringReader(log), hits::add);
    assertEquals(List.of(2L), hits.stream().map(ErrorIndex.ScanHit::line).toList(), hits.toString());
    assertEquals("host-key", hits.get(0).entry().id());
  }

  static final ErrorIndex GIT = ErrorIndex.of(new TestKb()
      .entry("git-publickey").sig(Lang.EN, """
          git@github.com: Permission denied (publickey).
          fatal: Could not read from remote repository.

          Please make sure you have the correct access rights
          and the repository exists.""").doc(Lang.EN, "Permission denied (publickey)", "", "", "").add()
      .entry("quota").sig(Lang.EN, """
          error: disk quota exceeded on volume "v"
          error: giving up after 3 retries""").doc(Lang.EN, "Quota", "", "", "").add()
      .build(), UnaryOperator.identity());

  private static List<String> scanIds(ErrorIndex idx, String... lines) throws IOException {
    List<ErrorIndex.ScanHit> hits = new ArrayList<>();
    idx.scan(new StringReader(String.join("\n", lines)), hits::add);
    return hits.stream().map(h -> h.line() + " " + h.entry().id()).toList();
  }

  @Test
  void scanFindsAMultiLineSignatureWhenEveryLineHasALogPrefix() throws IOException {
    assertEquals(List.of("2 git-publickey"), scanIds(GIT,
        "2026-11-26T10:00:00Z [worker-3] Cloning into 'infra'...",
        "2026-11-26T10:00:01Z [worker-3] git@github.com: Permission denied (publickey).",
        "2026-11-26T10:00:01Z [worker-3] fatal: Could not read from remote repository.",
        "2026-11-26T10:00:01Z [worker-3]",
        "2026-11-26T10:00:01Z [worker-3] Please make sure you have the correct access rights",
        "2026-11-26T10:00:02Z [worker-3] and the repository exists.",
        "2026-11-26T10:00:02Z [worker-3] done"));
    // syslog: month, day, time, host, process[pid]; and a prefix that differs only in its numbers
    assertEquals(List.of("1 git-publickey"), scanIds(GIT,
        "Nov 26 10:00:01 build01 deploy[812]: git@github.com: Permission denied (publickey).",
        "Nov 26 10:00:01 build01 deploy[812]: fatal: Could not read from remote repository.",
        "Nov 26 10:00:01 build01 deploy[812]: ",
        "Nov 26 10:00:01 build01 deploy[812]: Please make sure you have the correct access rights",
        "Nov 26 10:00:09 build01 deploy[9]: and the repository exists."));
    // still found without a prefix
    assertEquals(List.of("1 git-publickey"), scanIds(GIT,
        "git@github.com: Permission denied (publickey).",
        "fatal: Could not read from remote repository.",
        "",
        "Please make sure you have the correct access rights",
        "and the repository exists."));
  }

  @Test
  void logPrefixRemovalKeepsTheSignaturesOwnCommonWords() throws IOException {
    // Every line starts with "error:" too; only the timestamp and thread are the prefix.
    assertEquals(List.of("1 quota"), scanIds(GIT,
        "2026-11-26 10:00:01,123 [main] error: disk quota exceeded on volume \"data\"",
        "2026-11-26 10:00:01,124 [main] error: giving up after 5 retries"));
  }

  @Test
  void logPrefixRemovalDoesNotJoinLinesThatDoNotFollowEachOther() throws IOException {
    // A foreign line between the error's lines: no match, with or without the prefix.
    assertEquals(List.of(), scanIds(GIT,
        "2026-11-26T10:00:01Z [worker-3] error: disk quota exceeded on volume \"data\"",
        "2026-11-26T10:00:01Z [worker-3] retrying",
        "2026-11-26T10:00:01Z [worker-3] error: giving up after 5 retries"));
    // Prefixes of different kinds (another thread's line) are not removed.
    assertEquals(List.of(), scanIds(GIT,
        "2026-11-26T10:00:01Z [worker-3] error: disk quota exceeded on volume \"data\"",
        "2026-11-26T10:00:01Z [scheduler] error: giving up after 5 retries"));
  }

  @Test
  void commonPrefixFieldsComparesFieldShapes() {
    String[] lines = {"2026-11-26T10:00:01Z [worker-3] a b", "2026-11-26T10:00:02Z [worker-12] c", "2026-11-26T10:00:03Z [worker-3]"};
    int[][] starts = new int[lines.length][];
    for (int j = 0; j < lines.length; j++) {
      starts[j] = ErrorIndex.fieldStarts(lines[j]);
    }
    assertEquals(2, ErrorIndex.commonPrefixFields(lines, starts));
    String[] other = {"12:00:01 INFO a", "12:00:01 WARN b"};
    int[][] st = {ErrorIndex.fieldStarts(other[0]), ErrorIndex.fieldStarts(other[1])};
    assertEquals(1, ErrorIndex.commonPrefixFields(other, st));
  }

  @Test
  void aLoadedIndexRanksExactlyAsTheOneBuiltInMemory() throws IOException {
    // load() derives per-entry data on other threads and builds BM25 in the background; of() does
    // it all on first need. Same scores, bit for bit.
    byte[] json = ErrorIndexWriter.toJson(INDEX.document());
    ErrorIndex loaded = ErrorIndex.load(new java.io.ByteArrayInputStream(json), "test", ErrorIndex.Limits.DEFAULT);
    for (String q : List.of("could not open file \"a\": Permission denied", "no space left on device",
        "ファイルを開けない", "connection refused port", "chmod permissions server")) {
      List<String> a = INDEX.match(q).stream().map(m -> m.entry().id() + " " + Double.doubleToLongBits(m.score())).toList();
      List<String> b = loaded.match(q).stream().map(m -> m.entry().id() + " " + Double.doubleToLongBits(m.score())).toList();
      assertFalse(a.isEmpty(), q);
      assertEquals(a, b, q);
    }
  }
}
