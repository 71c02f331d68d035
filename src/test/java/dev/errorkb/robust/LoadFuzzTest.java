package dev.errorkb.robust;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzzes the loader (issue 6): arbitrary bytes as entry.yaml, as a language file's front matter
 * and Markdown, and as site.yaml. Whatever the bytes, loading ends in located problems: no
 * exception, no unlocated or unnamed problem, bounded time. In a normal build the inputs kept under
 * {@code LoadFuzzTestInputs/} run as regression tests; {@code JAZZER_FUZZ=1} fuzzes.
 */
class LoadFuzzTest {
  private static final String SITE = "title:\n  ja: テスト\n  en: Test\nlanguages: [ja, en]\n";
  private static final String ENTRY = "product: Test\nupdated: 2026-01-01\nsignatures:\n  - text: \"fatal: something specific went wrong\"\n";
  private static final String DOC = "---\ntitle: t\nsummary: s\n---\n\n## Cause\n\nx\n\n## Fix\n\ny\n";

  @FuzzTest(maxDuration = "20s")
  void entryYaml(byte[] input) throws IOException {
    load(input, ENTRY, DOC, SITE, "t/e/entry.yaml");
  }

  @FuzzTest(maxDuration = "20s")
  void languageFile(byte[] input) throws IOException {
    load(input, ENTRY, DOC, SITE, "t/e/en.md");
  }

  @FuzzTest(maxDuration = "10s")
  void siteYaml(byte[] input) throws IOException {
    load(input, ENTRY, DOC, SITE, "site.yaml");
  }

  /** All three at once (the first byte picks the file), so one short CI run covers the loader. */
  @FuzzTest(maxDuration = "30s")
  void anyFile(FuzzedDataProvider data) throws IOException {
    String fuzzed = data.pickValue(List.of("t/e/entry.yaml", "t/e/en.md", "site.yaml"));
    load(data.consumeRemainingAsBytes(), ENTRY, DOC, SITE, fuzzed);
  }

  private static void load(byte[] input, String entry, String doc, String site, String fuzzed) throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = fs.getPath("/kb/content");
      Files.createDirectories(root.resolve("t/e"));
      Files.writeString(root.resolve("site.yaml"), site, StandardCharsets.UTF_8);
      Files.writeString(root.resolve("t/e/entry.yaml"), entry, StandardCharsets.UTF_8);
      Files.writeString(root.resolve("t/e/en.md"), doc, StandardCharsets.UTF_8);
      Files.write(root.resolve(fuzzed), input);
      long start = System.nanoTime();
      ContentLoader.Loaded loaded = new ContentLoader(root).load();
      long ms = (System.nanoTime() - start) / 1_000_000;
      // Wall time (entries load in parallel), generous for a loaded machine: a hang, not a slow run.
      assertTrue(ms < 15_000, () -> "loading " + input.length + " bytes took " + ms + " ms");
      for (Problem p : loaded.problems()) {
        assertTrue(p.pos() != null && p.pos().path() != null && !p.pos().path().isEmpty(), () -> "unlocated: " + p);
        assertTrue(p.pos().line() >= 0 && p.pos().column() >= 0, () -> "bad position: " + p);
        assertTrue(p.rule() != null && p.rule().matches("[a-z0-9-]+"), () -> "bad rule id: " + p);
        assertTrue(p.message() != null && !p.message().isBlank(), () -> "no message: " + p);
      }
    }
  }
}
