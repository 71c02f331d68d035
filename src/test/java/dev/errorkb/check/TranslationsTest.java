package dev.errorkb.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.errorkb.build.Build;
import dev.errorkb.build.BuildOptions;
import dev.errorkb.check.Translations.State;
import dev.errorkb.check.Translations.Status;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.testing.Fixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Translation state from content hashes: source, current, stale, critical, missing, and the page banner. */
class TranslationsTest {
  private final FileSystem fs = Fixture.unix();
  private final Path content = fs.getPath("/kb/content");
  private final Path ja = content.resolve("tools/demo-error/ja.md");
  private final Path en = content.resolve("tools/demo-error/en.md");
  private final Path yaml = content.resolve("tools/demo-error/entry.yaml");

  TranslationsTest() {
    Fixture.write(content, Fixture.SITE + Fixture.ENTRY);
  }

  private KnowledgeBase load() {
    ContentLoader.Loaded l = new ContentLoader(content).load();
    assertFalse(l.hasErrors(), l.problems().toString());
    return l.kb();
  }

  private Translations state() {
    return Translations.of(load());
  }

  private Entry entry() {
    return load().entries().get(0);
  }

  /** What 'errorkb translated demo-error ja' does: record the source's current hashes. */
  private void markJaTranslated() throws IOException {
    Entry e = entry();
    String text = Files.readString(ja, StandardCharsets.UTF_8);
    text = FrontMatterField.set(text, Translations.FROM_KEY, e.doc(Lang.EN).orElseThrow().bodyHash());
    text = FrontMatterField.set(text, Translations.FACTS_KEY, Translations.factsHash(e));
    Files.writeString(ja, text, StandardCharsets.UTF_8);
  }

  private void edit(Path p, String from, String to) throws IOException {
    String s = Files.readString(p, StandardCharsets.UTF_8);
    assertTrue(s.contains(from), from);
    Files.writeString(p, s.replace(from, to), StandardCharsets.UTF_8);
  }

  @Test
  void filesWithoutTheFieldAreSources() {
    Translations t = state();
    assertEquals(State.SOURCE, t.status("demo-error", Lang.JA).state());
    assertEquals(State.SOURCE, t.status("demo-error", Lang.EN).state());
    assertEquals(List.of(), t.problems());
  }

  @Test
  void aTranslationIsCurrentUntilItsSourceChangesThenStaleUntilMarkedAgain() throws IOException {
    markJaTranslated();
    Status s = state().status("demo-error", Lang.JA);
    assertEquals(State.CURRENT, s.state());
    assertEquals(Optional.of(Lang.EN), s.source());
    assertEquals(State.SOURCE, state().status("demo-error", Lang.EN).state());

    edit(en, "The state file is owned by another user.", "The state file is owned by root after an upgrade.");
    Translations t = state();
    s = t.status("demo-error", Lang.JA);
    assertEquals(State.STALE, s.state());
    assertTrue(s.bodyChanged());
    assertFalse(s.critical());
    assertEquals(Optional.of(LocalDate.of(2025, 11, 29)), s.since());
    assertEquals(Set.of(Lang.JA), t.staleLangs("demo-error"));
    assertEquals(1, t.problems().size());
    Problem p = t.problems().get(0);
    assertEquals(Translations.RULE_STALE, p.rule());
    assertEquals(Problem.Level.WARNING, p.level());
    // Located at the translated-from line (after title and summary).
    assertEquals("tools/demo-error/ja.md:4:1", p.pos().toString());
    assertTrue(p.message().contains("errorkb translated demo-error ja"), p.message());

    markJaTranslated();
    assertEquals(State.CURRENT, state().status("demo-error", Lang.JA).state());
    assertEquals(List.of(), state().problems());
  }

  @Test
  void changedSignaturesOrRequiresAreCriticalForTheTranslation() throws IOException {
    markJaTranslated();
    edit(yaml, "value: demo:Read", "value: demo:ReadWrite");
    Status s = state().status("demo-error", Lang.JA);
    assertEquals(State.STALE, s.state());
    assertTrue(s.critical());
    assertFalse(s.bodyChanged());
    assertEquals(Translations.RULE_CRITICAL, state().problems().get(0).rule());
    // Prose-free facts such as tags do not make a translation stale.
    markJaTranslated();
    edit(yaml, "tags: [demo, auth]", "tags: [demo, auth, state]");
    assertEquals(State.CURRENT, state().status("demo-error", Lang.JA).state());
    edit(yaml, "fatal: demo failed", "fatal: demo could not");
    assertTrue(state().status("demo-error", Lang.JA).critical());
  }

  @Test
  void aMalformedFactsHashIsReportedAndIgnored() throws IOException {
    markJaTranslated();
    String text = Files.readString(ja, StandardCharsets.UTF_8);
    Files.writeString(ja, FrontMatterField.set(text, Translations.FACTS_KEY, "not-a-hash"), StandardCharsets.UTF_8);
    Translations t = state();
    assertEquals(State.CURRENT, t.status("demo-error", Lang.JA).state());
    assertEquals(Translations.RULE_BAD_FACTS, t.problems().get(0).rule());
    assertEquals("tools/demo-error/ja.md:5:1", t.problems().get(0).pos().toString());
  }

  @Test
  void missingLanguageAndMissingSource() throws IOException {
    Files.delete(ja);
    Translations t = state();
    Status s = t.status("demo-error", Lang.JA);
    assertEquals(State.MISSING, s.state());
    assertEquals(Optional.of(Lang.EN), s.source());
    assertEquals(State.SOURCE, t.status("demo-error", Lang.EN).state());

    edit(en, "title: \"Demo", "translated-from: 0123456789ab\ntitle: \"Demo");
    t = state();
    assertEquals(State.SOURCE, t.status("demo-error", Lang.EN).state());
    assertEquals(Translations.RULE_NO_SOURCE, t.problems().get(0).rule());
  }

  @Test
  void bothFilesClaimingToBeTranslationsIsReportedOnce() throws IOException {
    markJaTranslated();
    String jaHash = entry().doc(Lang.JA).orElseThrow().bodyHash();
    edit(en, "title: \"Demo", "translated-from: " + jaHash + "\ntitle: \"Demo");
    Translations t = state();
    assertEquals(1, t.problems().stream().filter(p -> p.rule().equals(Translations.RULE_UNCLEAR)).count());
  }

  @Test
  void staleTranslationShowsABannerLinkingToTheSourceAndCheckWarns() throws IOException {
    Path templates = fs.getPath("/kb/templates");
    Fixture.copyTree(Fixture.repoTemplates(), templates);
    Build build = new Build(new BuildOptions(content, templates, fs.getPath("/kb/site"), Optional.empty()));
    markJaTranslated();
    Build.Rendered r = build.render();
    assertFalse(r.problems().stream().anyMatch(Problem::isError), r.problems().toString());
    assertTrue(page(r, "ja/demo-error/index.html").select("p.stale").isEmpty());

    edit(en, "Run `chown` on the file.", "Run `chown demo` on the file.");
    r = build.render();
    assertTrue(r.problems().stream().anyMatch(p -> p.rule().equals(Translations.RULE_STALE)), r.problems().toString());
    Element banner = page(r, "ja/demo-error/index.html").selectFirst("header.entry-head p.notice.stale");
    assertTrue(banner != null, "stale banner");
    assertEquals("../../en/demo-error/index.html", banner.selectFirst("a").attr("href"));
    assertEquals("en", banner.selectFirst("a").attr("hreflang"));
    assertTrue(page(r, "en/demo-error/index.html").select("p.stale").isEmpty(), "the source has no banner");

    markJaTranslated();
    assertTrue(page(build.render(), "ja/demo-error/index.html").select("p.stale").isEmpty());
  }

  @Test
  void bodyHashOfAFileMatchesTheLoaders() throws IOException {
    Entry e = entry();
    assertEquals(e.doc(Lang.EN).orElseThrow().bodyHash(), Translations.bodyHashOfFile(Files.readString(en, StandardCharsets.UTF_8)));
    assertEquals(e.doc(Lang.JA).orElseThrow().bodyHash(), Translations.bodyHashOfFile(Files.readString(ja, StandardCharsets.UTF_8)));
  }

  @Test
  void errorsJsonMarksStaleLanguages() throws IOException {
    Path templates = fs.getPath("/kb/templates");
    Fixture.copyTree(Fixture.repoTemplates(), templates);
    Build build = new Build(new BuildOptions(content, templates, fs.getPath("/kb/site"), Optional.empty()));
    markJaTranslated();
    assertFalse(new String(build.render().files().get("errors.json"), StandardCharsets.UTF_8).contains("\"stale\""));
    edit(en, "The demo tool stops at start.", "The demo tool stops at once.");
    String json = new String(build.render().files().get("errors.json"), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"stale\":{\"ja\":true}"), json);
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "osX", "windows"})
  void staleDetectionOnEveryFileSystem(String kind) throws IOException {
    Configuration cfg = switch (kind) {
      case "osX" -> Configuration.osX();
      case "windows" -> Configuration.windows();
      default -> Configuration.unix();
    };
    try (FileSystem other = Jimfs.newFileSystem(cfg)) {
      Path root = other.getRootDirectories().iterator().next().resolve("kb");
      // Kana with a dakuten in the folder name: osX() normalises names to NFD.
      Fixture.write(root, Fixture.SITE + Fixture.ENTRY.replace("tools/demo-error/", "ツール/demo-error/"));
      Path jaFile = root.resolve("ツール").resolve("demo-error").resolve("ja.md");
      Path enFile = root.resolve("ツール").resolve("demo-error").resolve("en.md");
      ContentLoader.Loaded l = new ContentLoader(root).load();
      assertFalse(l.hasErrors(), l.problems().toString());
      Entry e = l.kb().entries().get(0);
      String text = Files.readString(jaFile, StandardCharsets.UTF_8);
      text = FrontMatterField.set(text, Translations.FROM_KEY, e.doc(Lang.EN).orElseThrow().bodyHash());
      text = FrontMatterField.set(text, Translations.FACTS_KEY, Translations.factsHash(e));
      Files.writeString(jaFile, text, StandardCharsets.UTF_8);
      assertEquals(State.CURRENT, Translations.of(new ContentLoader(root).load().kb()).status("demo-error", Lang.JA).state());
      Files.writeString(enFile, Files.readString(enFile, StandardCharsets.UTF_8).replace("another user", "root"), StandardCharsets.UTF_8);
      Translations t = Translations.of(new ContentLoader(root).load().kb());
      assertEquals(State.STALE, t.status("demo-error", Lang.JA).state());
      assertEquals(4, t.problems().get(0).pos().line());
    }
  }

  private static Document page(Build.Rendered r, String path) {
    return Jsoup.parse(new String(r.files().get(path), StandardCharsets.UTF_8));
  }
}
