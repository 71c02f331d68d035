package dev.errorkb.bench;

import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.signature.IndexSignature;
import dev.errorkb.signature.SignatureCompiler;
import dev.errorkb.signature.TestKb;
import dev.errorkb.model.Signature;
import dev.errorkb.model.SourcePos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds a bilingual knowledge base from the PostgreSQL message catalogues in ../shared/corpus (one
 * entry per message, an en and a ja signature) and realistic pastes for it. Used by the accuracy
 * test, the benchmarks and the browser search benchmark (issue 4).
 */
public final class CorpusKb {

  /** One catalogue message. */
  public record Message(String program, String en, String ja) {}

  /** A paste and the entry it must find; {@code lang} is the language of the paste. */
  public record Paste(String query, String expect, String lang) {}

  /** A generated entry: its id, the message it came from and an optional prefix (padding variants). */
  public record Origin(String id, Message message, String prefixEn, String prefixJa) {}

  /** The generated KB, where each entry came from, and what was left out (too general, duplicate). */
  public record Generated(KnowledgeBase kb, List<Origin> origins, int droppedTooGeneral, int droppedDuplicate) {}

  /** Conversion specifications of C printf, including positional ones such as %2$s. */
  static final Pattern PRINTF =
      Pattern.compile("%(?:[0-9]+\\$)?[-+ #0]*(?:[0-9]+|\\*)?(?:\\.(?:[0-9]+|\\*))?(?:hh|h|ll|l|z|j|t|L)?([diouxXeEfgGcsSpm%])");

  private CorpusKb() {}

  /** ../shared/corpus relative to the repository root (the working directory of Maven), if present. */
  public static Optional<Path> corpusDir() {
    Path p = Path.of("").toAbsolutePath().resolve("../shared/corpus").normalize();
    return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
  }

  /** All messages of all catalogues, de-duplicated by English text, in file order. */
  public static List<Message> readCorpus(Path dir) throws IOException {
    Map<String, Message> byEn = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".po")).sorted().toList();
    }
    for (Path f : files) {
      String program = f.getFileName().toString().replaceFirst("^postgresql-", "").replaceFirst("-15\\.ja\\.po$", "");
      for (String[] r : parsePo(Files.readAllLines(f, StandardCharsets.UTF_8))) {
        if (!r[0].isBlank() && !r[1].isBlank()) {
          byEn.putIfAbsent(r[0], new Message(program, r[0], r[1]));
        }
      }
    }
    return new ArrayList<>(byEn.values());
  }

  /** (msgid, msgstr) pairs; for plurals the singular msgid and msgstr[0]. */
  static List<String[]> parsePo(List<String> lines) {
    List<String[]> out = new ArrayList<>();
    StringBuilder id = null;
    StringBuilder str = null;
    StringBuilder cur = null;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("msgid ")) {
        if (id != null && str != null) {
          out.add(new String[] {id.toString(), str.toString()});
        }
        id = new StringBuilder(unquote(line.substring(6)));
        str = null;
        cur = id;
      } else if (line.startsWith("msgid_plural ")) {
        cur = null;
      } else if (line.startsWith("msgstr ") || line.startsWith("msgstr[0] ")) {
        str = new StringBuilder(unquote(line.substring(line.indexOf(' ') + 1)));
        cur = str;
      } else if (line.startsWith("msgstr[")) {
        cur = null;
      } else if (line.startsWith("\"") && cur != null) {
        cur.append(unquote(line));
      }
    }
    if (id != null && str != null) {
      out.add(new String[] {id.toString(), str.toString()});
    }
    return out;
  }

  private static String unquote(String q) {
    String s = q.strip();
    s = s.substring(1, s.length() - 1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(switch (n) {
          case 'n' -> '\n';
          case 't' -> '\t';
          case 'r' -> '\r';
          default -> n;
        });
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** A signature text: printf conversions become placeholders as an author would write them. */
  static String signatureText(String message) {
    Matcher m = PRINTF.matcher(message);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String conv = m.group(1);
      String rep = switch (conv) {
        case "%" -> "%";
        case "d", "i", "u", "o", "e", "E", "f", "F", "g", "G" -> "<num>";
        case "x", "X", "p" -> "<hex>";
        default -> "<any>";
      };
      m.appendReplacement(b, Matcher.quoteReplacement(rep));
    }
    m.appendTail(b);
    return b.toString();
  }

  /**
   * A KB of at least {@code minEntries} entries: one per usable corpus message, then padding
   * variants (a made-up component name in front of a corpus message) up to the size.
   */
  public static Generated generate(List<Message> messages, int minEntries, long seed) {
    Random rnd = new Random(seed);
    TestKb kb = new TestKb();
    List<Origin> origins = new ArrayList<>();
    Set<String> templates = new HashSet<>();
    int tooGeneral = 0;
    int duplicate = 0;
    int n = 0;
    List<Message> usable = new ArrayList<>();
    for (Message m : messages) {
      String id = String.format(Locale.ROOT, "pg-%s-%04d", m.program().replace('_', '-'), ++n);
      int r = add(kb, origins, templates, new Origin(id, m, "", ""));
      if (r == 1) {
        tooGeneral++;
      } else if (r == 2) {
        duplicate++;
      } else {
        usable.add(m);
      }
    }
    int v = 0;
    while (origins.size() < minEntries && !usable.isEmpty()) {
      Message m = usable.get(v % usable.size());
      String word = pseudoWord(rnd, v);
      String id = String.format(Locale.ROOT, "syn-%s-%05d", word, v++);
      add(kb, origins, templates, new Origin(id, m, word + " agent: ", katakana(rnd, v) + "エージェント: "));
    }
    return new Generated(kb.build(), origins, tooGeneral, duplicate);
  }

  /** 0 added, 1 too general, 2 duplicate template. */
  private static int add(TestKb kb, List<Origin> origins, Set<String> templates, Origin o) {
    String en = o.prefixEn() + signatureText(o.message().en()).strip();
    String ja = o.prefixJa() + signatureText(o.message().ja()).strip();
    Optional<IndexSignature> se = compile(o.id(), Lang.EN, en);
    Optional<IndexSignature> sj = compile(o.id(), Lang.JA, ja);
    if (se.isEmpty() || sj.isEmpty()) {
      return 1;
    }
    String ke = "en\n" + se.get().template();
    String kj = "ja\n" + sj.get().template();
    if (templates.contains(ke) || templates.contains(kj)) {
      return 2;
    }
    templates.add(ke);
    templates.add(kj);
    kb.entry(o.id())
        .product("PostgreSQL " + o.message().program())
        .tag("postgresql")
        .sig(Lang.EN, en)
        .sig(Lang.JA, ja)
        .doc(Lang.EN, firstLine(en), "", "", "")
        .doc(Lang.JA, firstLine(ja), "", "", "")
        .add();
    origins.add(o);
    return 0;
  }

  static Optional<IndexSignature> compile(String id, Lang lang, String text) {
    return SignatureCompiler.compile(id, new Signature(text, Optional.of(lang), Optional.empty(), List.of(), SourcePos.file("x"))).signature();
  }

  static String firstLine(String s) {
    for (String l : s.split("\n")) {
      if (!l.isBlank()) {
        return l.strip();
      }
    }
    return s.strip();
  }

  private static final String[] SYL = {"ka", "to", "ri", "ven", "mor", "lis", "dra", "pel", "qua", "zen", "sol", "tur", "bex", "nim", "gor", "fal"};
  private static final String[] KANA = {"カ", "ト", "リ", "ベ", "モ", "ラ", "ペ", "ゼ", "ソ", "タ", "ニ", "ゴ", "フ", "ミ", "ル", "ド"};

  private static String pseudoWord(Random rnd, int v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      b.append(SYL[rnd.nextInt(SYL.length)]);
    }
    return b.append(Integer.toString(v, 36)).toString();
  }

  private static String katakana(Random rnd, int v) {
    StringBuilder b = new StringBuilder();
    int x = v;
    for (int i = 0; i < 4; i++) {
      b.append(KANA[x & 15]);
      x >>>= 4;
    }
    return b.append(KANA[rnd.nextInt(KANA.length)]).toString();
  }

  // ---- pastes ----

  private static final String[] QUOTED = {
    "/var/lib/postgresql/15/main/postgresql.conf", "orders", "public.invoice_items", "app_user",
    "shop_production", "/backup/2026-03-14/shop.dump", "db01.internal", "ja_JP.UTF-8", "pg_catalog.pg_class",
    "customer_id", "C:\\Program Files\\PostgreSQL\\15\\data", "idx_orders_created_at", "replica_slot_1",
    "SELECT * FROM orders WHERE id = 42", "user@example.com", "host=db02 port=5433"};
  // Values for a bare %s. None is itself a message of the catalogues: a paste that contains two
  // known errors has no single right answer, so it would measure the generator, not the matcher.
  private static final String[] BARE = {
    "Permission denied", "No such file or directory", "db01.example.com", "orders", "app_user",
    "Connection reset by peer", "/tmp/.s.PGSQL.5432", "15.4", "invoice_2026", "10.20.30.40",
    "shop", "pg_hba.conf", "replication", "SELECT count(*) FROM orders", "max_connections"};
  private static final String[] ERRNO = {
    "Permission denied", "No such file or directory", "No space left on device", "Connection refused",
    "Too many open files", "Input/output error", "Read-only file system", "Is a directory"};
  private static final String[] PREFIX_EN = {
    "2026-03-14 09:12:45.123 UTC [23817] ERROR:  ", "psql: error: ", "pg_dump: error: ", "[2026-03-14T09:12:45Z] ",
    "Mar 14 09:12:45 db01 postgres[23817]: ", "ERROR: ", "FATAL:  "};
  private static final String[] PREFIX_JA = {
    "2026-03-14 09:12:45.123 JST [23817] エラー:  ", "psql: エラー: ", "pg_dump: エラー: ", "[2026-03-14T09:12:45+09:00] ",
    "3月 14 09:12:45 db01 postgres[23817]: ", "致命的エラー:  "};
  private static final String[] PROMPT = {
    "$ psql -h db01.example.com -U app_user shop\n", "postgres@db01:~$ pg_dump -Fc shop > /backup/shop.dump\n",
    "C:\\Users\\taro> psql -U postgres\n", "[ci@build-07 ~]$ pg_basebackup -D /var/lib/pgsql/15/data -R\n"};
  private static final String[] TRAILER = {
    "\nHINT:  Check the server log for details.", "\n$ ", "\nexit status 1", "\nProcess finished with exit code 2"};

  /** Fills printf conversions with realistic values. */
  static String fill(String message, Random rnd) {
    Matcher m = PRINTF.matcher(message);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String conv = m.group(1);
      int at = m.start();
      char before = at > 0 ? message.charAt(at - 1) : ' ';
      boolean quoted = before == '"' || before == '「' || before == '\'' || before == '『';
      String rep = switch (conv) {
        case "%" -> "%";
        case "d", "i", "u" -> Integer.toString(rnd.nextInt(10) < 7 ? rnd.nextInt(1000) : rnd.nextInt(10_000_000));
        case "o" -> Integer.toOctalString(rnd.nextInt(512));
        case "e", "E", "f", "F", "g", "G" -> String.format(Locale.ROOT, "%.3f", rnd.nextDouble() * 5000);
        case "x", "p" -> Integer.toHexString(rnd.nextInt(1 << 28));
        case "X" -> Integer.toHexString(rnd.nextInt(1 << 28)).toUpperCase(Locale.ROOT);
        case "m" -> ERRNO[rnd.nextInt(ERRNO.length)];
        case "c" -> String.valueOf((char) ('a' + rnd.nextInt(26)));
        default -> quoted ? QUOTED[rnd.nextInt(QUOTED.length)] : BARE[rnd.nextInt(BARE.length)];
      };
      m.appendReplacement(b, Matcher.quoteReplacement(rep));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** One paste of an entry's message in {@code lang}, wrapped the way people paste. */
  public static Paste paste(Origin o, Lang lang, Random rnd) {
    boolean ja = lang == Lang.JA;
    String body = (ja ? o.prefixJa() : o.prefixEn()) + fill(ja ? o.message().ja() : o.message().en(), rnd);
    return new Paste(wrap(body.strip(), lang, rnd), o.id(), lang.code());
  }

  /**
   * Wraps a pasted message the way people paste it: sometimes a log prefix, a shell prompt line or
   * a trailer, and sometimes lost line breaks.
   */
  static String wrap(String body, Lang lang, Random rnd) {
    boolean ja = lang == Lang.JA;
    int kind = rnd.nextInt(100);
    if (kind < 30) {
      body = (ja ? PREFIX_JA[rnd.nextInt(PREFIX_JA.length)] : PREFIX_EN[rnd.nextInt(PREFIX_EN.length)]) + body;
    } else if (kind < 45) {
      body = PROMPT[rnd.nextInt(PROMPT.length)] + body;
    } else if (kind < 55) {
      body = body + TRAILER[rnd.nextInt(TRAILER.length)];
    }
    if (body.indexOf('\n') >= 0 && rnd.nextInt(100) < 30) {
      body = body.replace("\n", rnd.nextBoolean() ? " " : "");
    }
    return body;
  }

  /** {@code perLang} pastes per entry and language, for the first {@code limit} origins. */
  public static List<Paste> pastes(List<Origin> origins, int limit, int perLang, long seed) {
    Random rnd = new Random(seed);
    List<Paste> out = new ArrayList<>();
    for (Origin o : origins.subList(0, Math.min(limit, origins.size()))) {
      for (int i = 0; i < perLang; i++) {
        out.add(paste(o, Lang.EN, rnd));
        out.add(paste(o, Lang.JA, rnd));
      }
    }
    return out;
  }

  /** Counts for reports. */
  public static Map<String, Integer> describe(Generated g) {
    Map<String, Integer> m = new HashMap<>();
    m.put("entries", g.origins().size());
    m.put("droppedTooGeneral", g.droppedTooGeneral());
    m.put("droppedDuplicate", g.droppedDuplicate());
    return m;
  }
}
