package dev.errorkb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errorkb.testing.Fixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code errorkb translated} and {@code errorkb status} as a translator uses them. */
class TranslationCommandsTest {
  @TempDir Path dir;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();

  int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  private Path content() {
    return dir.resolve("content");
  }

  private void edit(String rel, String from, String to) throws Exception {
    Path p = content().resolve(rel);
    String s = Files.readString(p, StandardCharsets.UTF_8);
    assertTrue(s.contains(from), from);
    Files.writeString(p, s.replace(from, to), StandardCharsets.UTF_8);
  }

  @Test
  void translatedRewritesOnlyTheFrontMatterFieldsAndStatusFollows() throws Exception {
    Fixture.write(content(), Fixture.SITE + Fixture.ENTRY);
    Path ja = content().resolve("tools/demo-error/ja.md");
    String before = Files.readString(ja, StandardCharsets.UTF_8);

    assertEquals(0, run("translated", "demo-error", "ja", "--content", content().toString()), err.toString());
    String after = Files.readString(ja, StandardCharsets.UTF_8);
    String added = after.substring(0, after.indexOf("---\n", 4));
    assertTrue(added.matches("(?s).*\ntranslated-from: [0-9a-f]{12}\ntranslated-facts: [0-9a-f]{12}\n"), after);
    // Removing the two added lines gives the original bytes back.
    assertEquals(before, after.replaceAll("translated-(from|facts): [0-9a-f]{12}\n", ""));
    // Running it again changes nothing.
    assertEquals(0, run("translated", "demo-error", "ja", "--content", content().toString()));
    assertEquals(after, Files.readString(ja, StandardCharsets.UTF_8));

    assertEquals(0, run("status", "--content", content().toString()));
    assertTrue(out.toString().contains("every entry is complete"), out.toString());

    edit("tools/demo-error/en.md", "The demo tool stops at start.", "The demo tool stops right after start.");
    assertEquals(0, run("status", "--content", content().toString()));
    String text = out.toString();
    assertTrue(text.matches("(?s).*\nja\\s+1\\s+0\\s+1\\s+0\\s+0\n.*"), text);
    assertTrue(text.contains("demo-error  ja  stale: en.md changed; source updated 2025-11-29 [tools/demo-error/ja.md]"), text);

    edit("tools/demo-error/entry.yaml", "value: demo:Read", "value: demo:Write");
    assertEquals(0, run("status", "--format", "json", "--content", content().toString()));
    JsonNode j = new ObjectMapper().readTree(out.toString());
    assertEquals(1, j.at("/languages/ja/stale").asInt());
    assertEquals(1, j.at("/languages/ja/critical").asInt());
    assertEquals(1, j.at("/languages/en/complete").asInt());
    assertEquals("stale", j.at("/needsWork/0/state").asText());
    assertTrue(j.at("/needsWork/0/critical").asBoolean());
    assertEquals("2025-11-29", j.at("/needsWork/0/since").asText());

    assertEquals(0, run("translated", "demo-error", "ja", "--content", content().toString()));
    assertEquals(0, run("status", "--format", "json", "--content", content().toString()));
    assertEquals(0, new ObjectMapper().readTree(out.toString()).at("/needsWork").size());
  }

  @Test
  void newMarksTheSecondLanguageAsATranslationThatIsStaleOnceTheSourceIsWritten() throws Exception {
    Fixture.write(content(), Fixture.SITE);
    assertEquals(0, run("new", "demo-thing", "--product", "Demo", "--lang", "ja,en", "--content", content().toString()), err.toString());
    assertTrue(out.toString().contains("ja.md is the source; en.md is marked as its translation"), out.toString());
    Path e = content().resolve("demo/demo-thing");
    assertTrue(Files.readString(e.resolve("en.md"), StandardCharsets.UTF_8).matches("(?s)---\n.*translated-from: [0-9a-f]{12}\n---\n.*"));
    assertTrue(!Files.readString(e.resolve("ja.md"), StandardCharsets.UTF_8).contains("translated-from"));
    // Fill in every TODO the way an author would.
    Files.writeString(e.resolve("entry.yaml"), Files.readString(e.resolve("entry.yaml"), StandardCharsets.UTF_8)
        .replace("TODO paste the exact error text users see", "fatal: demo thing refused the frobnication request"), StandardCharsets.UTF_8);
    for (String lang : new String[] {"en", "ja"}) {
      Path p = e.resolve(lang + ".md");
      Files.writeString(p, Files.readString(p, StandardCharsets.UTF_8).replace("TODO ", "Filled: "), StandardCharsets.UTF_8);
    }
    assertEquals(0, run("status", "--content", content().toString()), err.toString());
    assertTrue(out.toString().contains("demo-thing  en  stale: ja.md changed"), out.toString());
    assertEquals(0, run("translated", "demo-thing", "en", "--content", content().toString()), err.toString());
    assertEquals(0, run("status", "--content", content().toString()));
    assertTrue(out.toString().contains("every entry is complete"), out.toString());
  }

  @Test
  void statusListsMissingLanguages() throws Exception {
    Fixture.write(content(), Fixture.SITE + Fixture.ENTRY);
    Files.delete(content().resolve("tools/demo-error/en.md"));
    assertEquals(0, run("status", "--content", content().toString()));
    assertTrue(out.toString().contains("demo-error  en  missing (write en.md from ja.md)"), out.toString());
  }

  @Test
  void translatedRefusesUnknownEntriesAndLanguagesWithUsageErrors() {
    Fixture.write(content(), Fixture.SITE + Fixture.ENTRY);
    assertEquals(ExitCodes.USAGE, run("translated", "nope", "ja", "--content", content().toString()));
    assertTrue(err.toString().contains("no loadable entry with id 'nope'"), err.toString());
    assertEquals(ExitCodes.USAGE, run("translated", "demo-error", "fr", "--content", content().toString()));
    assertTrue(err.toString().contains("LANG must be ja or en"), err.toString());
  }
}
