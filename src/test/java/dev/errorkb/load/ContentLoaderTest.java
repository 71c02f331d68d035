package dev.errorkb.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.model.Entry;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.SectionKind;
import dev.errorkb.testing.Fixture;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per validation rule: bad input gives the exact located message. */
class ContentLoaderTest {

  private static ContentLoader.Loaded load(String files) {
    FileSystem fs = Fixture.unix();
    Path root = fs.getPath("/kb/content");
    Fixture.write(root, files);
    return new ContentLoader(root).load();
  }

  private static List<String> messages(String files) {
    return load(files).problems().stream().map(Problem::toString).toList();
  }

  @Test
  void validEntryLoadsWithAllFacts() {
    ContentLoader.Loaded l = load(Fixture.SITE + Fixture.ENTRY);
    assertEquals(List.of(), l.problems());
    Entry e = l.kb().entries().get(0);
    assertEquals("demo-error", e.id());
    assertEquals("tools/demo-error", e.dir());
    assertEquals("Demo Tool", e.product());
    assertEquals(List.of("demo", "auth"), e.tags());
    assertEquals("2025-11-29", e.updated().orElseThrow().toString());
    assertEquals("en", e.signatures().get(0).langKey());
    assertEquals("demo:Read", e.requires().get(0).value());
    assertEquals("Demo fails to open its state", e.doc(Lang.EN).orElseThrow().title());
    assertEquals("状態ファイルの所有者が別ユーザーです。",
        e.doc(Lang.JA).orElseThrow().section(SectionKind.CAUSE).orElseThrow().markdown().strip());
    assertEquals(64, e.contentHash().length());
    assertEquals(List.of(Lang.JA, Lang.EN), l.kb().site().languages());
  }

  @Test
  void notesAndExpectedResultsMayBeGivenPerLanguage() {
    ContentLoader.Loaded l = load(Fixture.SITE + Fixture.ENTRY
        .replace("    value: demo:Read\n", "    value: demo:Read\n    note:\n      en: read access\n      ja: 読み取り権限\n")
        .replace("  expect: OK\n", "  expect:\n    en: prints OK\n    ja: OK と表示される\n"));
    assertEquals(List.of(), l.problems());
    Entry e = l.kb().entries().get(0);
    assertEquals("読み取り権限", e.requires().get(0).noteFor(Lang.JA).orElseThrow());
    assertEquals("read access", e.requires().get(0).noteFor(Lang.EN).orElseThrow());
    assertEquals("OK と表示される", e.verify().orElseThrow().expectFor(Lang.JA).orElseThrow());
    assertEquals("prints OK", e.verify().orElseThrow().expectFor(Lang.EN).orElseThrow());
    assertEquals("OK", load(Fixture.SITE + Fixture.ENTRY).kb().entries().get(0).verify().orElseThrow().expectFor(Lang.JA).orElseThrow());
    assertEquals(List.of("tools/demo-error/entry.yaml:14:5: error: unknown key 'fr' in 'expect' [unknown-key]"),
        messages(Fixture.SITE + Fixture.ENTRY.replace("  expect: OK\n", "  expect:\n    fr: oui\n")));
  }

  @Test
  void unknownKeySuggestsTheNearestOne() {
    assertEquals(List.of("tools/demo-error/entry.yaml:2:1: error: unknown key 'tgas' in entry.yaml; did you mean 'tags'? [unknown-key]"),
        messages(Fixture.SITE + Fixture.ENTRY.replace("tags: [demo, auth]", "tgas: [demo, auth]")));
  }

  @Test
  void missingRequiredFieldIsLocatedAtTheFile() {
    assertEquals(List.of("tools/demo-error/entry.yaml:1:1: error: entry.yaml has no 'product' [missing-field]"),
        messages(Fixture.SITE + Fixture.ENTRY.replace("product: Demo Tool\n", "")));
  }

  @Test
  void wrongTypeNamesWhatWasFound() {
    assertEquals(List.of("tools/demo-error/entry.yaml:2:7: error: 'tags' must be a list, found text [wrong-type]"),
        messages(Fixture.SITE + Fixture.ENTRY.replace("tags: [demo, auth]", "tags: demo")));
  }

  @Test
  void loadingChosenEntryFoldersReadsThoseAloneWithTheSameModel() {
    // serve's fast path (issue 14): site.yaml and the saved entry's folder, no mirror folder.
    FileSystem fs = Fixture.unix();
    Path root = fs.getPath("/kb/content");
    String second = Fixture.ENTRY.replace("tools/demo-error/", "other/second-error/");
    Fixture.write(root, Fixture.SITE + Fixture.ENTRY + second);
    ContentLoader.Loaded all = new ContentLoader(root).load();
    assertEquals(List.of("demo-error", "second-error"), all.kb().entries().stream().map(Entry::id).toList());
    ContentLoader.Loaded one = new ContentLoader(root).load(java.util.Set.of(root.resolve("tools/demo-error")));
    assertEquals(List.of("demo-error"), one.kb().entries().stream().map(Entry::id).toList());
    assertEquals(all.kb().site(), one.kb().site());
    assertEquals(all.kb().entries().get(0).contentHash(), one.kb().entries().get(0).contentHash());
    assertEquals("tools/demo-error", one.kb().entries().get(0).dir());
    // A mistake inside the chosen folder is located as a full load locates it.
    Fixture.write(root, "-- tools/demo-error/extra/entry.yaml --\nproduct: Inner\n");
    List<String> nested = new ContentLoader(root).load(java.util.Set.of(root.resolve("tools/demo-error"))).problems().stream()
        .filter(p -> p.rule().equals("nested-entry")).map(Problem::toString).toList();
    assertEquals(1, nested.size(), nested.toString());
    assertTrue(nested.get(0).startsWith("tools/demo-error/extra/entry.yaml:"), nested.get(0));
  }

  @Test
  void duplicateIdsInDifferentFoldersAreReportedAtTheSecond() {
    String second = Fixture.ENTRY.replace("tools/demo-error/", "other/demo-error/");
    assertEquals(List.of("tools/demo-error/entry.yaml:1:1: error: id 'demo-error' is already used by "
            + "other/demo-error/entry.yaml; ids must be unique across the KB [duplicate-id]"),
        messages(Fixture.SITE + second + Fixture.ENTRY));
  }

  @Test
  void badDateIsLocatedAtTheValue() {
    assertEquals(List.of("tools/demo-error/entry.yaml:4:10: error: 'updated' value '2025-13-45' is not a date in the form YYYY-MM-DD [bad-date]"),
        messages(Fixture.SITE + Fixture.ENTRY.replace("2025-11-29", "2025-13-45")));
  }

  @Test
  void badIdIsRejected() {
    assertEquals(List.of("tools/demo-error/entry.yaml:1:5: error: id 'Demo Error' must match [a-z0-9][a-z0-9-]* (lower-case letters, digits, hyphens; at most 100) [bad-id]"),
        messages(Fixture.SITE + Fixture.ENTRY.replace("product: Demo Tool", "id: Demo Error\nproduct: Demo Tool")));
  }

  @Test
  void yamlSyntaxErrorIsLocated() {
    List<String> m = messages(Fixture.SITE + Fixture.ENTRY.replace("tags: [demo, auth]", "tags: [demo, auth"));
    assertEquals(1, m.size());
    assertTrue(m.get(0).startsWith("tools/demo-error/entry.yaml:3:9: error: invalid YAML:"), m.get(0));
    assertTrue(m.get(0).endsWith("[yaml-syntax]"), m.get(0));
  }

  @Test
  void tabIndentationIsExplained() {
    assertEquals(List.of("tools/demo-error/entry.yaml:6:1: error: invalid YAML: tab character used for indentation; YAML indents with spaces [yaml-syntax]"),
        messages(Fixture.SITE + Fixture.ENTRY.replace("  - text: \"fatal", "\t- text: \"fatal")));
  }

  @Test
  void missingCauseSectionIsRequired() {
    assertEquals(List.of("tools/demo-error/ja.md:5:1: error: no cause section: add a '## 原因' heading (or a heading with {#cause}) [missing-section]"),
        messages(Fixture.SITE + Fixture.ENTRY.replace("## 原因\n", "## 背景\n")));
  }

  @Test
  void explicitHeadingIdSelectsTheSection() {
    ContentLoader.Loaded l = load(Fixture.SITE + Fixture.ENTRY.replace("## 原因\n", "## なぜ起きるか {#cause}\n"));
    assertEquals(List.of(), l.problems());
    assertEquals("なぜ起きるか", l.kb().entries().get(0).doc(Lang.JA).orElseThrow().section(SectionKind.CAUSE).orElseThrow().heading());
  }

  @Test
  void missingFrontMatterTitle() {
    assertEquals(List.of("tools/demo-error/en.md:1:1: error: front matter has no 'title' [missing-field]"),
        messages(Fixture.SITE + Fixture.ENTRY.replace("title: \"Demo fails to open its state\"\n", "")));
  }

  @Test
  void unknownFrontMatterKeyIsLocatedInTheFile() {
    assertEquals(List.of("tools/demo-error/en.md:3:1: error: unknown key 'sumary' in front matter; did you mean 'summary'? [unknown-key]"),
        messages(Fixture.SITE + Fixture.ENTRY.replace("summary: \"The state", "sumary: \"x\"\nsummary: \"The state")));
  }

  @Test
  void invalidUtf8IsLocatedAtTheFirstBadByte() throws IOException {
    FileSystem fs = Fixture.unix();
    Path root = fs.getPath("/kb/content");
    Fixture.write(root, Fixture.SITE + Fixture.ENTRY);
    Path en = root.resolve("tools/demo-error/en.md");
    byte[] bytes = Files.readAllBytes(en);
    byte[] bad = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, bad, 0, 8);
    bad[8] = (byte) 0xC3; // a lead byte followed by ASCII: malformed
    System.arraycopy(bytes, 8, bad, 9, bytes.length - 8);
    Files.write(en, bad);
    assertEquals(List.of("tools/demo-error/en.md:2:5: error: file is not valid UTF-8 [invalid-utf8]"),
        new ContentLoader(root).load().problems().stream().map(Problem::toString).toList());
  }

  @Test
  void oversizedFileIsRefused() throws IOException {
    FileSystem fs = Fixture.unix();
    Path root = fs.getPath("/kb/content");
    Fixture.write(root, Fixture.SITE + Fixture.ENTRY);
    Files.writeString(root.resolve("tools/demo-error/en.md"), "x".repeat((1 << 20) + 1));
    assertEquals(List.of("tools/demo-error/en.md:1:1: error: file is 1048577 bytes; content files must be at most 1 MiB (1048576 bytes) [file-too-large]"),
        new ContentLoader(root).load().problems().stream().map(Problem::toString).toList());
  }

  @Test
  void bomAndCrlfAreAccepted() throws IOException {
    FileSystem fs = Fixture.unix();
    Path root = fs.getPath("/kb/content");
    Fixture.write(root, Fixture.SITE + Fixture.ENTRY);
    Path y = root.resolve("tools/demo-error/entry.yaml");
    Files.writeString(y, "\uFEFF" + Files.readString(y).replace("\n", "\r\n"));
    ContentLoader.Loaded l = new ContentLoader(root).load();
    assertEquals(List.of(), l.problems());
    assertEquals("Demo Tool", l.kb().entries().get(0).product());
  }

  @Test
  void aliasBombIsRefusedQuickly() {
    StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char p = (char) (c - 1);
      y.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p)
          .append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
    }
    List<String> m = messages(Fixture.SITE + "-- bomb/entry.yaml --\n" + y + "-- bomb/en.md --\n---\ntitle: t\nsummary: s\n---\n## Cause\nx\n## Fix\ny\n");
    assertTrue(m.stream().anyMatch(s -> s.startsWith("bomb/entry.yaml:") && s.endsWith("[yaml-syntax]")), m.toString());
  }

  @Test
  void entryWithoutLanguageFile() {
    String files = Fixture.SITE + Fixture.ENTRY.substring(0, Fixture.ENTRY.indexOf("-- tools/demo-error/en.md --"));
    assertEquals(List.of("tools/demo-error/entry.yaml:1:1: error: entry has no ja.md or en.md; write at least one language [no-language-file]"),
        messages(files));
  }

  @Test
  void misnamedLanguageFileGetsAHint() {
    assertTrue(messages(Fixture.SITE + Fixture.ENTRY.replace("tools/demo-error/en.md", "tools/demo-error/em.md"))
        .contains("tools/demo-error/em.md:1:1: error: 'em.md' is not a language file; name it ja.md or en.md (did you mean en.md?) [unknown-language-file]"));
  }

  @Test
  void emptySignatureText() {
    assertEquals(List.of("tools/demo-error/entry.yaml:6:11: error: 'text' is empty [empty-value]"),
        messages(Fixture.SITE + Fixture.ENTRY.replace("\"fatal: demo failed to open /var/lib/demo/state.db\"", "\"  \"")));
  }

  @Test
  void scaffoldTodoIsUnfinished() {
    assertEquals(List.of("tools/demo-error/entry.yaml:1:10: error: 'product' still holds the scaffold's TODO; fill it in [unfinished]"),
        messages(Fixture.SITE + Fixture.ENTRY.replace("product: Demo Tool", "product: TODO product name")));
  }

  @Test
  void siteYamlMissingIsReported() {
    List<String> m = messages(Fixture.ENTRY);
    assertEquals(List.of("site.yaml:1:1: error: content/site.yaml not found; it sets the site title and languages [missing-file]"), m);
  }

  @Test
  void problemsAreAllReportedInOneRun() {
    String files = Fixture.SITE + Fixture.ENTRY.replace("tags: [demo, auth]", "tgas: []").replace("2025-11-29", "yesterday")
        .replace("## Cause\n", "## Background\n");
    List<String> m = messages(files);
    assertEquals(3, m.size(), m.toString());
    assertFalse(load(files).kb().entries().stream().anyMatch(e -> e.id().equals("demo-error")));
  }
}
