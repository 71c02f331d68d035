package dev.errorkb.robust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The smallest valid KB — one bilingual site, one entry with an English page — holding one asset under test. */
public final class OneEntryKb {

  private OneEntryKb() {}

  /** Writes the KB under {@code root} (its content folder) with {@code bytes} as the entry's asset {@code name}. */
  public static void write(Path root, String name, byte[] bytes) throws IOException {
    Path e = root.resolve("t/e");
    Files.createDirectories(e);
    Files.writeString(root.resolve("site.yaml"), "title:\n  ja: t\n  en: t\nlanguages: [ja, en]\n", StandardCharsets.UTF_8);
    Files.writeString(e.resolve("entry.yaml"), "product: T\nupdated: 2026-01-01\nsignatures:\n  - text: \"fatal: something specific went wrong\"\n", StandardCharsets.UTF_8);
    Files.writeString(e.resolve("en.md"), "---\ntitle: t\nsummary: s\n---\n\n## Cause\n\nx\n\n## Fix\n\ny\n", StandardCharsets.UTF_8);
    Files.write(e.resolve(name), bytes);
  }
}
