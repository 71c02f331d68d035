package dev.errorkb.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.render.Markdown;
import dev.errorkb.signature.ErrorIndexWriter;
import dev.errorkb.signature.IndexDocument;
import dev.errorkb.signature.IndexMemo;
import dev.errorkb.signature.SignatureChecks;
import dev.errorkb.testing.Fixture;
import dev.errorkb.util.SitePaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The signature index's per-entry cache (issue 15): an index built with records from the cache is
 * the index built without it (errors.json byte for byte, and the same signature-check problems),
 * an edited entry is built again, and a damaged, foreign or other-context file is ignored.
 */
class IndexCacheTest {
  private static final String CONTEXT = "site.yaml abc\nbaseUrl ";
  private final FileSystem fs = Fixture.unix();
  private final Path content = fs.getPath("/kb/content");
  private final Path out = fs.getPath("/kb/site");

  IndexCacheTest() {
    Fixture.copyTree(Path.of("content"), content); // the sample KB: both languages, long prose
  }

  private KnowledgeBase kb() {
    return new ContentLoader(content).load().kb();
  }

  private static IndexDocument build(KnowledgeBase kb, IndexMemo memo) {
    return ErrorIndexWriter.build(kb, new Markdown(Set.of())::plainText, "errorkb", new SignatureChecks.Compilations(kb), memo);
  }

  /** errors.json of the index, and the signature checks' problems with its compile results. */
  private static void assertSameIndex(KnowledgeBase kb, IndexMemo memo) {
    SignatureChecks.Compilations plain = new SignatureChecks.Compilations(kb);
    IndexDocument want = ErrorIndexWriter.build(kb, new Markdown(Set.of())::plainText, "errorkb", plain);
    SignatureChecks.Compilations cached = new SignatureChecks.Compilations(kb);
    IndexDocument got = ErrorIndexWriter.build(kb, new Markdown(Set.of())::plainText, "errorkb", cached, memo);
    assertEquals(want, got);
    assertEquals(new String(ErrorIndexWriter.toJson(want), StandardCharsets.UTF_8), new String(ErrorIndexWriter.toJson(got), StandardCharsets.UTF_8));
    assertEquals(SignatureChecks.check(kb, () -> dev.errorkb.signature.ErrorIndex.of(want), plain),
        SignatureChecks.check(kb, () -> dev.errorkb.signature.ErrorIndex.of(got), cached));
  }

  @Test
  void recordsFromTheCacheGiveTheSameIndexAndOnlyAnEditedEntryIsBuiltAgain() throws Exception {
    KnowledgeBase kb = kb();
    int entries = kb.entries().size();
    assertTrue(entries > 10);
    IndexCache first = IndexCache.open(out, CONTEXT);
    assertSameIndex(kb, first);
    assertEquals(entries, first.misses());
    first.save();

    IndexCache second = IndexCache.open(out, CONTEXT);
    assertSameIndex(kb, second);
    assertEquals(0, second.misses(), "every entry must come from the file");
    second.save();

    Path en = Fixture.editFirstCause(content, "The proxy's idle timeout also matters.");
    KnowledgeBase edited = kb();
    IndexCache third = IndexCache.open(out, CONTEXT);
    assertSameIndex(edited, third);
    assertEquals(1, third.misses(), "only the edited entry is built");
    String dir = content.relativize(en.getParent()).toString();
    String id = edited.entries().stream().filter(e -> e.dir().equals(dir)).findFirst().orElseThrow().id();
    assertTrue(build(edited, IndexCache.open(out, CONTEXT)).entries().stream()
        .anyMatch(e -> e.id().equals(id) && e.cause().get("en").contains("idle timeout also matters")),
        "the edited text is in the index, not the recorded one");
  }

  @Test
  void aSignatureProblemIsReportedFromTheCacheAsWhenBuilt() throws Exception {
    // An explicit pattern RE2 refuses: compiling reports it, and so must the record.
    Path yaml;
    try (var s = Files.walk(content)) {
      yaml = s.filter(p -> p.getFileName().toString().equals("entry.yaml")).sorted().findFirst().orElseThrow();
    }
    String y = Files.readString(yaml, StandardCharsets.UTF_8);
    Files.writeString(yaml, y.replaceFirst("(?m)^signatures:\n",
        "signatures:\n  - text: \"the lookahead pattern failed here badly today\"\n    lang: en\n    pattern: 'a(?=b)'\n"), StandardCharsets.UTF_8);
    KnowledgeBase kb = kb();
    IndexCache c = IndexCache.open(out, CONTEXT);
    build(kb, c);
    c.save();
    IndexCache again = IndexCache.open(out, CONTEXT);
    assertSameIndex(kb, again);
    assertEquals(0, again.misses());
    SignatureChecks.Compilations cached = new SignatureChecks.Compilations(kb);
    IndexDocument got = ErrorIndexWriter.build(kb, new Markdown(Set.of())::plainText, "errorkb", cached, IndexCache.open(out, CONTEXT));
    assertTrue(SignatureChecks.check(kb, () -> dev.errorkb.signature.ErrorIndex.of(got), cached).stream()
        .anyMatch(p -> p.pos().path().endsWith("entry.yaml") && p.isError()), "the pattern's error is reported from the record");
  }

  @Test
  void aDamagedForeignOrOtherContextFileIsIgnoredAndEveryEntryBuilt() throws Exception {
    KnowledgeBase kb = kb();
    IndexCache c = IndexCache.open(out, CONTEXT);
    build(kb, c);
    c.save();
    Path file = SitePaths.cache(out).resolve("index-entries");
    byte[] good = Files.readAllBytes(file);
    IndexCache otherSite = IndexCache.open(out, "site.yaml def\nbaseUrl ");
    assertSameIndex(kb, otherSite);
    assertEquals(kb.entries().size(), otherSite.misses(), "records made for another site.yaml are not used");
    for (byte[] bad : List.of(java.util.Arrays.copyOf(good, good.length / 2), java.util.Arrays.copyOf(good, good.length + 1),
        "errorkb-index-entries 0\n".getBytes(StandardCharsets.UTF_8), new byte[0])) {
      Files.write(file, bad);
      IndexCache reopened = IndexCache.open(out, CONTEXT);
      assertSameIndex(kb, reopened);
      assertEquals(kb.entries().size(), reopened.misses());
    }
  }
}
