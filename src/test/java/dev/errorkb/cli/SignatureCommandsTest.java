package dev.errorkb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errorkb.model.Lang;
import dev.errorkb.signature.ErrorIndexWriter;
import dev.errorkb.signature.TestKb;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** match, scan and eval through the real command line, output captured. */
class SignatureCommandsTest {
  @TempDir static Path dir;
  static Path index;

  @BeforeAll
  static void writeIndex() throws IOException {
    byte[] json = ErrorIndexWriter.toJson(ErrorIndexWriter.build(new TestKb().baseUrl("https://kb.example/")
        .entry("pg-open-file")
        .sig(Lang.EN, "could not open file \"/x\": Permission denied")
        .sig(Lang.JA, "ファイル\"/x\"をオープンできませんでした: 許可がありません")
        .doc(Lang.EN, "Could not open file", "The server cannot read a file.", "Wrong owner.", "Run chown.")
        .doc(Lang.JA, "ファイルを開けない", "読めません。", "所有者が違います。", "chown します。")
        .add()
        .entry("disk-full")
        .doc(Lang.EN, "No space left on device", "The disk is full.", "Logs filled it.", "Delete old logs.")
        .add()
        .build(), UnaryOperator.identity(), "test"));
    index = dir.resolve("errors.json");
    Files.write(index, json);
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void matchPrintsTitleWhyCauseFixAndUrl() {
    Run r = run("match", "--index", index.toString(), "ERROR: could not open file \"base/1\": permission denied");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("1. Could not open file  [pg-open-file]\n"), r.out());
    assertTrue(r.out().contains("matched text:      could not open file \"base/1\": permission denied"), r.out());
    assertTrue(r.out().contains("cause: Wrong owner."), r.out());
    assertTrue(r.out().contains("fix: Run chown."), r.out());
    assertTrue(r.out().contains("https://kb.example/en/pg-open-file/"), r.out());
  }

  @Test
  void matchInJapaneseShowsJapanese() {
    Run r = run("match", "--index", index.toString(), "--lang", "ja", "--format", "json", "could not open file \"a\": permission denied");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"title\":\"ファイルを開けない\""), r.out());
    assertTrue(r.out().contains("\"url\":\"https://kb.example/ja/pg-open-file/\""), r.out());
  }

  @Test
  void matchNothingFoundExitsOne() {
    Run r = run("match", "--index", index.toString(), "qqqq zzzz");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("no known error matches this text"), r.err());
  }

  @Test
  void matchMissingIndexIsAnIoError() {
    Run r = run("match", "--index", dir.resolve("nope.json").toString(), "x");
    assertEquals(3, r.code());
    assertTrue(r.err().contains("nope.json"), r.err());
  }

  @Test
  void scanFindsLinesAndPrintsGithubAnnotations() throws IOException {
    Path log = dir.resolve("app.log");
    Files.writeString(log, "ok\nERROR: could not open file \"a,b\": permission denied\nfine\n", StandardCharsets.UTF_8);
    Run r = run("scan", "--index", index.toString(), log.toString());
    assertEquals(1, r.code());
    assertEquals(log + ":2: pg-open-file: Could not open file https://kb.example/en/pg-open-file/\n", r.out());
    Run g = run("scan", "--index", index.toString(), "--format", "github", "--no-fail", log.toString());
    assertEquals(0, g.code());
    assertTrue(g.out().startsWith("::error file=" + log + ",line=2,title=known error pg-open-file::Could not open file — https"), g.out());
    Run j = run("scan", "--index", index.toString(), "--format", "json", log.toString());
    JsonNode n = new ObjectMapper().readTree(j.out());
    assertEquals(2, n.get("line").asInt());
    Files.writeString(log, "nothing here\n", StandardCharsets.UTF_8);
    assertEquals(0, run("scan", "--index", index.toString(), log.toString()).code());
  }

  @Test
  void evalReportsAccuracyAndMisses() throws IOException {
    Path p = dir.resolve("pastes.jsonl");
    Files.writeString(p, String.join("\n",
        "{\"query\": \"could not open file \\\"q\\\": permission denied\", \"expect\": \"pg-open-file\"}",
        "{\"query\": \"No space left on device\", \"expect\": \"disk-full\"}",
        "{\"query\": \"No space left on device\", \"expect\": \"pg-open-file\"}",
        ""), StandardCharsets.UTF_8);
    Run r = run("eval", "--index", index.toString(), p.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("all  n=3  top-1 66.67%  top-3 66.67%"), r.out());
    assertTrue(r.out().contains(p + ":3: expected pg-open-file, got disk-full"), r.out());
    assertEquals(1, run("eval", "--index", index.toString(), "--min-top1", "90", p.toString()).code());
    Files.writeString(p, "{\"query\": 1}\n", StandardCharsets.UTF_8);
    assertEquals(2, run("eval", "--index", index.toString(), p.toString()).code());
  }

  @Test
  void scanFindsAMultiLineErrorWhoseLinesAllCarryALogPrefix() throws IOException {
    Path idx = dir.resolve("git-errors.json");
    Files.write(idx, ErrorIndexWriter.toJson(ErrorIndexWriter.build(new TestKb()
        .entry("git-push-publickey")
        .sig(Lang.EN, "git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.")
        .doc(Lang.EN, "Push fails with Permission denied (publickey)", "No key.", "No key.", "Add the key.")
        .add()
        .build(), UnaryOperator.identity(), "test")));
    Path log = dir.resolve("ci.log");
    Files.writeString(log, String.join("\n",
        "2026-11-26T10:00:00Z [worker-3] git push origin main",
        "2026-11-26T10:00:01Z [worker-3] git@github.com: Permission denied (publickey).",
        "2026-11-26T10:00:01Z [worker-3] fatal: Could not read from remote repository.",
        "2026-11-26T10:00:02Z [worker-3] exit 128", ""), StandardCharsets.UTF_8);
    Run r = run("scan", "--index", idx.toString(), log.toString());
    assertEquals(1, r.code(), r.err());
    assertEquals(log + ":2: git-push-publickey: Push fails with Permission denied (publickey) en/git-push-publickey/\n", r.out());
  }
}
