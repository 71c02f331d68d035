package dev.errorkb.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Writes a synthetic bilingual KB of N entries in content format v1 for the build benchmark
 * (issue 7). Titles and signatures come from the real PostgreSQL message catalogues in
 * ../shared/corpus (English msgid, Japanese msgstr); bodies have realistic sizes. Seeded: the same
 * N gives the same KB.
 *
 * <p>Usage: {@code java -cp target/test-classes:target/classes dev.errorkb.perf.SyntheticKb N OUT [CORPUS]}
 */
public final class SyntheticKb {
  private SyntheticKb() {}

  /** One catalogue message: English and Japanese text. */
  public record Message(String en, String ja, String file) {}

  public static void main(String[] args) throws IOException {
    int n = Integer.parseInt(args[0]);
    Path out = Path.of(args[1]);
    Path corpus = Path.of(args.length > 2 ? args[2] : "../shared/corpus");
    write(n, out, readCorpus(corpus));
    System.out.println("wrote " + n + " entries into " + out);
  }

  /** Every message of every .po file in {@code corpus} with a non-empty translation. */
  public static List<Message> readCorpus(Path corpus) throws IOException {
    List<Message> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(corpus)) {
      for (Path po : s.filter(p -> p.toString().endsWith(".po")).sorted().toList()) {
        String file = po.getFileName().toString();
        String id = null;
        String str = null;
        String cur = null;
        for (String line : Files.readAllLines(po, StandardCharsets.UTF_8)) {
          if (line.startsWith("msgid ")) {
            add(out, id, str, file);
            id = unquote(line.substring(6));
            str = null;
            cur = "id";
          } else if (line.startsWith("msgstr ")) {
            str = unquote(line.substring(7));
            cur = "str";
          } else if (line.startsWith("\"")) {
            if ("id".equals(cur)) {
              id += unquote(line);
            } else if ("str".equals(cur)) {
              str += unquote(line);
            }
          } else {
            cur = null;
          }
        }
        add(out, id, str, file);
      }
    }
    return out;
  }

  private static void add(List<Message> out, String id, String str, String file) {
    // Messages too short to identify an error (single words, option labels) would be rejected by
    // check as too general; leave them out of the synthetic KB.
    if (id != null && str != null && !id.isBlank() && !str.isBlank()
        && id.replaceAll("%[-0-9.$]*[a-z]", "").replaceAll("[^\\p{L}]", "").length() > 12
        && id.replaceAll("%[-0-9.$]*[a-z]", " ").strip().split("[^\\p{L}_]+").length >= 3
        && str.replaceAll("%[-0-9.$]*[a-z]", "").replaceAll("[^\\p{L}]", "").length() > 8) {
      out.add(new Message(id.strip(), str.strip(), file));
    }
  }

  private static String unquote(String q) {
    String s = q.strip();
    s = s.substring(1, s.length() - 1);
    return s.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\");
  }

  /** Fills printf placeholders with plausible values. */
  static String fill(String text, Random r) {
    String[] values = {"/var/lib/postgresql/15/main", "db01.example.internal", "\"orders\"", "5432", "42", "app_user", "/tmp/dump.sql"};
    return text.replaceAll("%([0-9]+\\$)?[-+ #0-9.]*(l|ll|z|h)?[sdiuxXcfgm%]", "").isEmpty() ? text
        : java.util.regex.Pattern.compile("%([0-9]+\\$)?[-+ #0-9.]*(l|ll|z|h)?[sdiuxXcfgm]").matcher(text)
            .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(values[r.nextInt(values.length)]));
  }

  public static void write(int n, Path out, List<Message> corpus) throws IOException {
    Random r = new Random(42);
    Files.createDirectories(out);
    Files.writeString(out.resolve("site.yaml"), "title:\n  ja: 合成KB\n  en: Synthetic KB\nlanguages: [ja, en]\n", StandardCharsets.UTF_8);
    String[] products = {"PostgreSQL", "psql", "pg_dump", "initdb", "libpq", "pg_ctl", "pg_upgrade", "pg_basebackup"};
    for (int i = 0; i < n; i++) {
      Message m = corpus.get(i % corpus.size());
      String id = String.format(Locale.ROOT, "e%05d-%s", i, m.file().replaceAll("postgresql-|-15\\.ja\\.po", "").replace('_', '-'));
      Path dir = out.resolve(products[i % products.length].toLowerCase(Locale.ROOT)).resolve(id);
      Files.createDirectories(dir);
      String en = fill(m.en(), r) + (i >= corpus.size() ? " (variant " + (i / corpus.size()) + ")" : "");
      String ja = fill(m.ja(), r) + (i >= corpus.size() ? "（派生 " + (i / corpus.size()) + "）" : "");
      String yaml = "product: " + products[i % products.length] + "\n"
          + "tags: [postgresql, " + products[(i / 7) % products.length].toLowerCase(Locale.ROOT).replace('_', '-') + ", t" + (i % 50) + "]\n"
          + "updated: 2025-" + String.format(Locale.ROOT, "%02d-%02d", 1 + i % 12, 1 + i % 28) + "\n"
          + "signatures:\n"
          + "  - text: " + yamlQuote(en) + "\n    lang: en\n"
          + "  - text: " + yamlQuote(ja) + "\n    lang: ja\n"
          + "requires:\n  - kind: package\n    value: postgresql-client-15\n"
          + "verify:\n  command: psql --version\n"
          + "references:\n  - url: https://www.postgresql.org/docs/15/\n    title: PostgreSQL 15 documentation\n";
      Files.writeString(dir.resolve("entry.yaml"), yaml, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("en.md"), doc(title(m.en()), en, false, r), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("ja.md"), doc(title(m.ja()), ja, true, r), StandardCharsets.UTF_8);
    }
  }

  private static String title(String s) {
    String t = s.replace("\n", " ").replace("\"", "'").strip();
    return t.length() > 80 ? t.substring(0, 80) : t;
  }

  private static String yamlQuote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
  }

  private static String doc(String title, String sig, boolean ja, Random r) {
    String para = ja
        ? "この状態は接続先の設定、権限、またはクライアントのバージョンの組み合わせで起こります。ログを確認し、設定ファイルと実行ユーザーを見直してください。"
        : "This happens when the server settings, the permissions of the running user or the client version do not fit together. Check the log, the configuration file and the user that runs the command.";
    StringBuilder b = new StringBuilder();
    b.append("---\ntitle: \"").append(title.replace("\\", "")).append("\"\nsummary: \"").append(ja ? "原因と対処の要約です。" : "Cause and fix in one line.").append("\"\n---\n\n");
    b.append(ja ? "## 症状\n\n" : "## Symptoms\n\n").append("```\n").append(sig.replace("```", "")).append("\n```\n\n");
    b.append(ja ? "## 原因\n\n" : "## Cause\n\n");
    for (int i = 0; i < 2 + r.nextInt(3); i++) {
      b.append(para).append("\n\n");
    }
    b.append(ja ? "## 対処\n\n" : "## Fix\n\n").append("1. ").append(para).append("\n2. `pg_ctl reload` を実行します。\n\n");
    b.append("| item | value |\n|---|---|\n| port | 5432 |\n| user | postgres |\n\n");
    b.append(ja ? "## 確認\n\n" : "## Verify\n\n").append("```sh\npsql -c 'select 1'\n```\n");
    return b.toString();
  }
}
