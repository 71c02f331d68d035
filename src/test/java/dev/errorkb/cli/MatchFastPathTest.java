package dev.errorkb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.testing.Fixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code match} without picocli (issue 15) prints and exits exactly as through picocli, for the
 * plain forms it takes, and leaves every other form to picocli.
 */
class MatchFastPathTest {

  @TempDir static Path dir;
  static String index;
  static String bad;

  @BeforeAll
  static void build() throws Exception {
    StringWriter out = new StringWriter();
    int rc = Main.run(new String[] {"build", "--content", Path.of("content").toString(), "--templates",
        Fixture.repoTemplates().toString(), "--out", dir.resolve("site").toString()},
        new PrintWriter(out, true), new PrintWriter(out, true), null);
    assertEquals(0, rc, out.toString());
    index = dir.resolve("site/errors.json").toString();
    assertTrue(Files.isRegularFile(dir.resolve("site/errors.idx")), "build writes the sidecar");
    Files.writeString(dir.resolve("bad.json"), "{\"entries\":[");
    bad = dir.resolve("bad.json").toString();
  }

  record Run(int code, String out, String err) {}

  static Run run(boolean fast, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), null, fast);
    return new Run(code, out.toString(), err.toString());
  }

  static List<String[]> forms() {
    String paste = "could not open file \"/var/lib/x\": Permission denied";
    List<String[]> f = new ArrayList<>();
    f.add(new String[] {"match", "--index", index, paste});
    f.add(new String[] {"match", paste, "--index", index});
    f.add(new String[] {"match", "--index", index, "--top", "5", "--format", "json", paste});
    f.add(new String[] {"match", "--index", index, "--lang", "ja", "--explain", paste});
    f.add(new String[] {"match", "--index", index, "--lang", "en", "--top", "1", paste});
    f.add(new String[] {"match", "--index", index, "nothing like any known error at all qqq"});
    f.add(new String[] {"match", "--index", index, "   "});
    f.add(new String[] {"match", "--index", dir.resolve("missing.json").toString(), paste});
    f.add(new String[] {"match", "--index", bad, paste});
    // Left to picocli:
    f.add(new String[] {"match", "--index", index, "--top", "0", paste});
    f.add(new String[] {"match", "--index", index, "--top", "007", paste});
    f.add(new String[] {"match", "--index", index, "--lang", "JA", paste});
    f.add(new String[] {"match", "--index", index, "--lang", "de", paste});
    f.add(new String[] {"match", "--index", index, "--format", "xml", paste});
    f.add(new String[] {"match", "--index=" + index, paste});
    f.add(new String[] {"match", "--index", index, "--index", index, paste});
    f.add(new String[] {"match", "--index", index, paste, "second text"});
    f.add(new String[] {"match", "--index", index, "--", paste});
    f.add(new String[] {"match", "--index", index, "-x"});
    f.add(new String[] {"match", "--index", index, "--top"});
    f.add(new String[] {"match", "--index", index, "@" + dir.resolve("args.txt")});
    f.add(new String[] {"match", "--help"});
    f.add(new String[] {"match", "--index", index, ""});
    return f;
  }

  @Test
  void bothPathsPrintTheSame() {
    for (String[] args : forms()) {
      Run fast = run(true, args);
      Run slow = run(false, args);
      assertEquals(slow, fast, String.join(" | ", args));
    }
  }

  @Test
  void onlyThePlainFormsSkipPicocli() {
    List<String[]> f = forms();
    for (int i = 0; i < f.size(); i++) {
      if (i < 9) {
        assertNotNull(MatchFastPath.parse(f.get(i)), String.join(" ", f.get(i)));
      } else {
        assertNull(MatchFastPath.parse(f.get(i)), String.join(" ", f.get(i)));
      }
    }
    assertNull(MatchFastPath.parse(new String[] {"scan", "x"}));
    assertNull(MatchFastPath.parse(new String[] {"match", "--content", "content", "x"}));
    assertNull(MatchFastPath.parse(new String[0]));
  }
}
