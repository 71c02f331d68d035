package dev.errorkb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errorkb.testing.Fixture;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gaps and new --from-gap through the real command line, on the sample KB and a mixed log. */
class GapsCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A CI log: two known errors of the sample KB, two unknown ones, and ordinary lines. */
  static String log(int seed, int lines) {
    StringBuilder b = new StringBuilder();
    java.util.Random rnd = new java.util.Random(seed);
    for (int i = 0; i < lines; i++) {
      String ts = String.format(java.util.Locale.ROOT, "2026-12-02 10:%02d:%02d,%03d", i / 60 % 60, i % 60, rnd.nextInt(1000));
      switch (i % 10) {
        case 1 -> b.append(ts).append(" ERROR [build-").append(rnd.nextInt(9)).append("] Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n");
        case 3, 7 -> b.append(ts).append(" ERROR [worker-").append(rnd.nextInt(9)).append("] upload of artifact build-").append(100 + rnd.nextInt(900))
            .append(".tar.gz failed: quota exceeded for bucket ci-cache-").append("abc".charAt(rnd.nextInt(3))).append(" (").append(10 + rnd.nextInt(90)).append(" GB used)\n");
        case 5 -> b.append(ts).append(" WARN [gc] heap usage ").append(80 + rnd.nextInt(20)).append("% after full collection, pause ").append(100 + rnd.nextInt(800)).append("ms\n");
        default -> b.append(ts).append(" INFO [worker-").append(rnd.nextInt(9)).append("] step ").append(rnd.nextInt(40)).append(" finished in ").append(rnd.nextInt(900)).append(" ms\n");
      }
    }
    return b.toString();
  }

  private Path content() {
    Path content = dir.resolve("content");
    Fixture.copyTree(Path.of("content"), content);
    return content;
  }

  @Test
  void printsKnownCountsAndUnknownTemplates() throws IOException {
    Path content = content();
    Path a = dir.resolve("a.log");
    Files.writeString(a, log(1, 200), StandardCharsets.UTF_8);
    Path b = dir.resolve("b.log.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(b))) {
      o.write(log(2, 100).getBytes(StandardCharsets.UTF_8));
    }
    Run r = run("gaps", "--content", content.toString(), a.toString(), b.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("300 lines in 2 files: 30 known (30 hits of 1 entry), 90 unknown error lines in 2 templates"), r.out());
    assertTrue(r.out().contains("      30    2  docker-daemon-not-running: "), r.out());
    assertTrue(r.out().contains("#1        60 × 2 files  upload of artifact build-<num>.tar.gz failed: quota exceeded for bucket <any> (<num> gb used)\n"), r.out());
    assertTrue(r.out().contains("#2        30 × 2 files  heap usage <num>% after full collection, pause <dur>\n"), r.out());
    assertTrue(r.out().contains("      first " + a + ":4  last " + b + ":98\n"), r.out());
    assertTrue(r.out().contains("write an entry: errorkb new NEW-ID --signature 'heap usage <num>% after full collection, pause <dur>'"), r.out());
    // --all clusters the INFO lines too; the same input gives the same report.
    Run all = run("gaps", "--all", "--content", content.toString(), a.toString(), b.toString());
    assertTrue(all.out().contains("step <num> finished in <num> ms"), all.out());
    assertEquals(all.out(), run("gaps", "--all", "--content", content.toString(), a.toString(), b.toString()).out());
  }

  @Test
  void jsonReportGivesAnEntryThatCheckAccepts() throws IOException {
    Path content = content();
    Path a = dir.resolve("a.log");
    Files.writeString(a, log(1, 200), StandardCharsets.UTF_8);
    Path report = dir.resolve("gaps.json");
    Run r = run("gaps", "--content", content.toString(), "--format", "json", "--out", report.toString(), a.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    JsonNode c1 = json.path("clusters").get(0);
    assertEquals(1, c1.path("n").asInt());
    assertEquals(40, c1.path("count").asInt());
    assertTrue(c1.path("lines").path(a.toString()).toString().startsWith("[4,8,14,18,"), c1.toString());
    assertEquals(3, c1.path("examples").size());

    Run n = run("new", "ci-artifact-quota", "--product", "CI", "--lang", "en", "--content", content.toString(),
        "--from-gap", report + "#1");
    assertEquals(0, n.code(), n.err());
    Path entry = content.resolve("ci").resolve("ci-artifact-quota");
    String yaml = Files.readString(entry.resolve("entry.yaml"), StandardCharsets.UTF_8);
    assertTrue(yaml.contains("  - text: \"upload of artifact build-<num>.tar.gz failed: quota exceeded for bucket <any> (<num> gb used)\"\n"), yaml);
    assertTrue(yaml.contains("      - \"2026-12-02 10:00:03,"), yaml);
    String md = Files.readString(entry.resolve("en.md"), StandardCharsets.UTF_8);
    assertTrue(md.contains("## Symptoms\n\nTODO what happens and where the error appears.\n\n```text\n2026-12-02 10:00:03,"), md);
    // Filled in, the entry passes check: its signature finds it from each example.
    List<String> filled = new ArrayList<>();
    for (String line : md.split("\n", -1)) {
      filled.add(line.replace("TODO", "Filled in:"));
    }
    Files.writeString(entry.resolve("en.md"), String.join("\n", filled), StandardCharsets.UTF_8);
    Run check = run("check", "--content", content.toString());
    assertEquals(0, check.code(), check.out() + check.err());
    // And gaps now counts those lines as known.
    Run again = run("gaps", "--content", content.toString(), a.toString());
    assertTrue(again.out().contains("ci-artifact-quota: Filled in:"), again.out());
    assertFalse(again.out().contains("upload of artifact"), again.out());
  }

  @Test
  void htmlIsOnePageWithoutExternalResources() throws IOException {
    Path content = content();
    Path a = dir.resolve("a.log");
    Files.writeString(a, log(1, 100) + "<script>alert(1)</script> ERROR boom\n", StandardCharsets.UTF_8);
    Run r = run("gaps", "--content", content.toString(), "--format", "html", a.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("<!DOCTYPE html>"), r.out());
    assertTrue(r.out().contains("class=\"bar\" style=\"width:100.0%\""), r.out());
    assertTrue(r.out().contains("errorkb new NEW-ID --signature"), r.out());
    assertFalse(r.out().contains("<script"), "log text is escaped");
    assertFalse(r.out().matches("(?s).*(src|href)=\"?(https?:)?//.*"), "no external resources");
  }

  @Test
  void mistakesAreOneLineWithTheirPlace() throws IOException {
    Path content = content();
    Path notJson = dir.resolve("x.json");
    Files.writeString(notJson, "{\n  \"clusters\": [,]\n}\n", StandardCharsets.UTF_8);
    Run bad = run("new", "x", "--content", content.toString(), "--from-gap", notJson + "#1");
    assertEquals(2, bad.code());
    assertTrue(bad.err().startsWith("errorkb: " + notJson + ":2:16: not a JSON gaps report"), bad.err());
    Run noHash = run("new", "x", "--content", content.toString(), "--from-gap", notJson.toString());
    assertEquals(2, noHash.code());
    assertTrue(noHash.err().contains("--from-gap takes REPORT.json#N"), noHash.err());
    Run both = run("new", "x", "--content", content.toString(), "--from-gap", notJson + "#1", "--signature", "boom");
    assertEquals(2, both.code());
    Run missing = run("gaps", "--content", content.toString(), dir.resolve("nope.log").toString());
    assertEquals(3, missing.code());
    assertEquals("errorkb: " + dir.resolve("nope.log") + ": no such file or folder\n", missing.err());
    Run folder = run("gaps", "--content", content.toString(), dir.toString());
    assertEquals(2, folder.code());
    assertTrue(folder.err().startsWith("errorkb: " + dir + " is a folder"), folder.err());
    Run twice = run("gaps", "--content", content.toString(), "-", "-");
    assertEquals(2, twice.code());
    assertTrue(twice.err().startsWith("errorkb: a FILE is given twice"), twice.err());
    Path fakeGz = dir.resolve("bad.log");
    Files.write(fakeGz, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
    Run gz = run("gaps", "--content", content.toString(), fakeGz.toString());
    assertEquals(3, gz.code());
    assertTrue(gz.err().startsWith("errorkb: " + fakeGz + ": not a valid gzip file"), gz.err());
    assertFalse(gz.err().contains("\tat "), gz.err());
  }

  @Test
  void signatureOptionWritesItAsIs() throws IOException {
    Path content = content();
    Run n = run("new", "heap-full", "--lang", "en", "--content", content.toString(), "--signature", "heap usage <num>% after full collection");
    assertEquals(0, n.code(), n.err());
    String yaml = Files.readString(content.resolve("heap-full").resolve("entry.yaml"), StandardCharsets.UTF_8);
    assertTrue(yaml.contains("  - text: \"heap usage <num>% after full collection\"\n    lang: any\n    examples: []\n"), yaml);
  }

  @Test
  void standardInputMayBeGzip() throws IOException {
    Path content = content();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(bytes)) {
      o.write(log(1, 200).getBytes(StandardCharsets.UTF_8));
    }
    java.io.InputStream old = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream(bytes.toByteArray()));
      Run r = run("gaps", "--content", content.toString(), "-");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().startsWith("200 lines in 1 file: 20 known"), r.out());
      assertTrue(r.out().contains("      first -:4  last -:198\n"), r.out());
    } finally {
      System.setIn(old);
    }
  }
}
