package dev.errorkb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.model.Lang;
import dev.errorkb.signature.ErrorIndexWriter;
import dev.errorkb.signature.TestKb;
import dev.errorkb.testing.Fixture;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** CI integrations (issue 13, item 4): scan's GitHub annotations and JUnit report, check's annotations. */
class AnnotationsTest {
  @TempDir static Path dir;
  static Path index;
  static Path log;

  @BeforeAll
  static void writeIndexAndLog() throws Exception {
    // One entry, two signatures over the same incident: the two lines together, and the first alone.
    index = dir.resolve("errors.json");
    Files.write(index, ErrorIndexWriter.toJson(ErrorIndexWriter.build(new TestKb()
        .entry("git-push-publickey")
        .sig(Lang.EN, "git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.")
        .sig(Lang.EN, "Permission denied (publickey).")
        .doc(Lang.EN, "Push fails with Permission denied (publickey)", "No key.", "No key.", "Add the key.")
        .add()
        .build(), UnaryOperator.identity(), "test")));
    log = dir.resolve("ci.log");
    Files.writeString(log, String.join("\n",
        "git push origin main",
        "git@github.com: Permission denied (publickey).",
        "fatal: Could not read from remote repository.",
        "retrying",
        "git@github.com: Permission denied (publickey).",
        "exit 128", ""), StandardCharsets.UTF_8);
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void githubAnnotationsSpanTheLinesOfAMultiLineHitOncePerIncidentWithAnAbsoluteLink() {
    Run r = run("scan", "--index", index.toString(), "--format", "github", "--site-url", "https://kb.example/errors", log.toString());
    assertEquals(1, r.code(), r.err());
    String f = ScanCommand.property(log.toString());
    assertEquals("::error file=" + f + ",line=2,endLine=3,title=known error git-push-publickey::Push fails with Permission denied (publickey)"
        + " — https://kb.example/errors/en/git-push-publickey/\n"
        + "::error file=" + f + ",line=5,title=known error git-push-publickey::Push fails with Permission denied (publickey)"
        + " — https://kb.example/errors/en/git-push-publickey/\n", r.out());
    // The text format still lists every hit as before.
    assertTrue(run("scan", "--index", index.toString(), log.toString()).out().lines().count() >= 2);
  }

  @Test
  void standardInputGetsTheNameGiven() throws Exception {
    InputStream old = System.in;
    try {
      System.setIn(new ByteArrayInputStream(Files.readAllBytes(log)));
      Run r = run("scan", "--index", index.toString(), "--format", "github", "--stdin-name", "logs/build.log", "-");
      assertTrue(r.out().startsWith("::error file=logs/build.log,line=2,endLine=3,"), r.out());
    } finally {
      System.setIn(old);
    }
  }

  @Test
  void junitReportHasOneFailedTestCasePerIncident() throws Exception {
    Run r = run("scan", "--index", index.toString(), "--format", "junit", "--no-fail", log.toString());
    assertEquals(0, r.code(), r.err());
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
    assertEquals("2", d.getDocumentElement().getAttribute("tests"));
    assertEquals(2, d.getElementsByTagName("testcase").getLength());
    assertEquals("git-push-publickey at line 2-3",
        ((org.w3c.dom.Element) d.getElementsByTagName("testcase").item(0)).getAttribute("name"));
    assertEquals("Push fails with Permission denied (publickey)",
        ((org.w3c.dom.Element) d.getElementsByTagName("failure").item(0)).getAttribute("message"));

    Files.writeString(dir.resolve("clean.log"), "all good\n", StandardCharsets.UTF_8);
    Run clean = run("scan", "--index", index.toString(), "--format", "junit", dir.resolve("clean.log").toString());
    assertEquals(0, clean.code());
    assertTrue(clean.out().contains("<testsuite name=\"known errors\" tests=\"0\" failures=\"0\""), clean.out());
  }

  @Test
  void checkFormatGithubAnnotatesTheOffendingEntryLine() {
    Fixture.write(dir.resolve("kb/content"), Fixture.SITE + Fixture.ENTRY.replace("tags: [demo, auth]", "tgas: []"));
    Run r = run("check", "--format", "github", "--content", dir.resolve("kb/content").toString());
    assertEquals(1, r.code());
    String file = ScanCommand.property(dir.resolve("kb/content") + "/tools/demo-error/entry.yaml");
    assertTrue(r.out().contains("::error file=" + file + ",line=2,col=1,title=errorkb unknown-key::unknown key 'tgas' in entry.yaml; did you mean 'tags'?"),
        r.out());
    assertTrue(r.err().contains("1 error"), r.err());
  }
}
