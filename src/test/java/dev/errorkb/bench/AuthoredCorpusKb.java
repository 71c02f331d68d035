package dev.errorkb.bench;

import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.signature.IndexSignature;
import dev.errorkb.signature.Normalizer;
import dev.errorkb.signature.TestKb;
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

/**
 * The PostgreSQL catalogues as a KB author writes them (issue 11): every signature is one concrete
 * occurrence of the message, copied from a terminal with the author's own values left in (paths,
 * host, database and role names, numbers, the errno text of {@code %m}), never placeholders. The
 * common errno texts ("Permission denied", "No such file or directory", …) are entries of their
 * own, and short generic catalogue messages stay unless the signature compiler refuses them.
 * Pastes of an entry fill <em>other</em> values than its signature, so a paste never repeats the
 * author's values, and sometimes contain a second known message (the errno text of {@code %m}, a
 * follow-up line such as {@code Try "pg_dump --help" for more information.}); the label is always
 * the message's own entry. English and Japanese (from msgstr, with the glibc Japanese errno texts).
 * Everything is deterministic for fixed seeds.
 */
public final class AuthoredCorpusKb {

  /** What a printf conversion stands for, guessed from the words before it in the English message. */
  enum Kind { ERRNO, NUM, OCT, HEX, FLOAT, CHAR, PROGRAM, FUNC, FILE, DIR, DB, TABLE, ROLE, HOST, SLOT, LOCALE, VERSION, NAME, BARE }

  /** A value as it reads in an English and in a Japanese message (they differ only for errno texts). */
  record Value(String en, String ja) {
    static Value of(String s) {
      return new Value(s, s);
    }

    String in(boolean ja) {
      return ja ? this.ja : en;
    }
  }

  /**
   * One entry: its message, what each argument is ({@code kinds}, the last one the {@code %m}
   * errno text), the author's values and the two signature texts. Errno entries have no kinds.
   */
  public record Authored(String id, CorpusKb.Message message, List<Kind> kinds, List<Value> values, String sigEn, String sigJa) {
    boolean errnoEntry() {
      return message.program().equals("errno");
    }
  }

  /** The KB, its entries in generation order, and what was left out and why. */
  public record Generated(KnowledgeBase kb, List<Authored> entries, int droppedTooGeneral, int droppedNoText, int droppedDuplicate) {
    public Map<String, Integer> describe() {
      Map<String, Integer> m = new LinkedHashMap<>();
      m.put("entries", entries.size());
      m.put("errnoEntries", (int) entries.stream().filter(Authored::errnoEntry).count());
      m.put("droppedTooGeneral", droppedTooGeneral);
      m.put("droppedNoText", droppedNoText);
      m.put("droppedDuplicate", droppedDuplicate);
      return m;
    }
  }

  /** The errno texts that are entries of their own: id, English (glibc), Japanese (glibc ja; ENOMEM as PostgreSQL words it). */
  static final String[][] ERRNO_ENTRIES = {
    {"errno-eacces", "Permission denied", "許可がありません"},
    {"errno-enoent", "No such file or directory", "そのようなファイルやディレクトリはありません"},
    {"errno-econnrefused", "Connection refused", "接続を拒否されました"},
    {"errno-enospc", "No space left on device", "デバイスに空き領域がありません"},
    {"errno-etimedout", "Connection timed out", "接続がタイムアウトしました"},
    {"errno-enomem", "Out of memory", "メモリ不足です"},
  };

  /** Errno texts a {@code %m} (or a trailing {@code : %s}) may read: the entries' and a few others. */
  static final Value[] ERRNO;

  static {
    List<Value> v = new ArrayList<>();
    for (String[] e : ERRNO_ENTRIES) {
      v.add(new Value(e[1], e[2]));
    }
    v.add(new Value("Too many open files", "開いているファイルが多すぎます"));
    v.add(new Value("Input/output error", "入力/出力エラーです"));
    v.add(new Value("Read-only file system", "読み込み専用ファイルシステムです"));
    v.add(new Value("Connection reset by peer", "接続が相手からリセットされました"));
    v.add(new Value("Operation not permitted", "許可されていない操作です"));
    v.add(new Value("File exists", "ファイルが存在します"));
    ERRNO = v.toArray(Value[]::new);
  }

  private static final Map<Kind, String[]> POOLS = new HashMap<>();

  static {
    POOLS.put(Kind.FUNC, new String[] {"select", "setsockopt", "getsockopt", "fsync", "poll", "waitpid", "getaddrinfo", "pthread_create"});
    POOLS.put(Kind.FILE, new String[] {
      "/var/lib/postgresql/15/main/postgresql.auto.conf", "/etc/postgresql/15/main/pg_hba.conf",
      "/home/deploy/backups/shop_2026-03-14.sql", "/srv/pgdata/global/pg_control", "C:\\pgdata\\postmaster.pid",
      "/tmp/pg_upgrade_internal.log", "base/16384/2619", "pg_wal/000000010000000A000000F3", "./dump/toc.dat",
      "~/.pgpass", "postgresql.conf", "backup_label", "toc.dat", "/opt/app/config/schema.sql"});
    POOLS.put(Kind.DIR, new String[] {
      "/var/lib/postgresql/15/main", "/srv/pgdata", "/mnt/backup/base", "/data/pg15", "D:\\PostgreSQL\\data",
      "./restore", "/var/run/postgresql", "pg_wal", "/home/taro/pg_archive"});
    POOLS.put(Kind.DB, new String[] {"shop_production", "inventory", "analytics", "billing_db", "template1", "wiki", "crm_staging"});
    POOLS.put(Kind.TABLE, new String[] {"public.orders", "invoice_items", "audit.events", "customers", "pg_catalog.pg_class", "sales_2026q1", "user_sessions"});
    POOLS.put(Kind.ROLE, new String[] {"app_user", "postgres", "replicator", "readonly", "deploy", "etl_worker", "alice"});
    POOLS.put(Kind.HOST, new String[] {"db01.internal", "tools.example.org", "pg-primary.prod.local", "localhost", "db-replica-2", "10.20.30.40", "backup.corp.example.com"});
    POOLS.put(Kind.SLOT, new String[] {"standby_slot", "replica_1", "logical_slot_a", "pgbackrest_slot", "sub_orders"});
    POOLS.put(Kind.LOCALE, new String[] {"ja_JP.UTF-8", "en_US.UTF-8", "C.UTF-8", "de_DE.utf8", "fr_FR.ISO-8859-1"});
    POOLS.put(Kind.VERSION, new String[] {"15.4", "14.9", "13.12", "16.1", "12.17", "11.22"});
    POOLS.put(Kind.NAME, new String[] {"idx_orders_created_at", "customer_id", "lz4", "scram-sha-256", "utf8", "my_extension", "orders_pkey", "gzip", "on_error_stop"});
    POOLS.put(Kind.BARE, new String[] {"orders", "app_user", "shop", "invoice_2026", "max_connections", "work_mem", "tools.example.org", "db01.internal", "nightly"});
  }

  /** The executables whose messages a catalogue holds (the program name a {@code %s:} prefix reads). */
  private static final Map<String, String[]> PROGRAMS = Map.of(
      "pg_dump", new String[] {"pg_dump", "pg_restore", "pg_dumpall"},
      "pgscripts", new String[] {"createdb", "dropdb", "vacuumdb", "reindexdb", "clusterdb", "createuser", "pg_isready"},
      "pg_basebackup", new String[] {"pg_basebackup", "pg_receivewal", "pg_recvlogical"},
      "libpq5", new String[] {"psql", "pg_dump", "pgbench", "orders-api"});

  /** Catalogue lines that follow another error, by program: appended to some pastes after the root error. */
  private static final String TRY_HELP = "Try \"%s --help\" for more information.";
  private static final Map<String, String> FOLLOW_UP = Map.of(
      "pg_upgrade", "Failure, exiting",
      "initdb", "removing data directory \"%s\"");

  /** Wrappers around a bare errno text in pastes of the errno entries: %P path, %H host, %E the text. */
  private static final String[] ERRNO_WRAP_EN = {
    "bash: %P: %E", "cp: cannot create regular file '%P': %E", "ssh: connect to host %H port 22: %E",
    "curl: (7) Failed to connect to %H port 8080 after 3 ms: %E", "tar: %P: Cannot open: %E", "open %P: %E",
    "%E", "Error: %E", "rsync: [sender] write error: %E (28)", "dial tcp %H:5432: connect: %E"};
  private static final String[] ERRNO_WRAP_JA = {
    "bash: %P: %E", "cp: 通常ファイル '%P' を作成できません: %E", "ssh: connect to host %H port 22: %E",
    "ls: '%P' にアクセスできません: %E", "%E", "エラー: %E", "tar: %P: open 不能: %E"};

  private AuthoredCorpusKb() {}

  // ---- conversions ----

  /** One printf conversion of a text: where it is, its type and the argument it prints ({@code -1} %%, {@code -2} %m). */
  record Conv(int start, int end, char type, int arg) {}

  static final int PERCENT = -1;
  static final int ERRNO_ARG = -2;
  private static final Pattern POSITION = Pattern.compile("^%([0-9]+)\\$");

  static List<Conv> convs(String text) {
    List<Conv> out = new ArrayList<>();
    Matcher m = CorpusKb.PRINTF.matcher(text);
    int next = 0;
    while (m.find()) {
      char type = m.group(1).charAt(0);
      int arg;
      if (type == '%') {
        arg = PERCENT;
      } else if (type == 'm') {
        arg = ERRNO_ARG;
      } else {
        Matcher p = POSITION.matcher(m.group());
        if (p.find()) {
          arg = Integer.parseInt(p.group(1)) - 1;
        } else {
          next += (int) m.group().chars().filter(c -> c == '*').count(); // a * width prints an argument of its own
          arg = next++;
        }
      }
      out.add(new Conv(m.start(), m.end(), type, arg));
    }
    return out;
  }

  private static final Pattern WORD = Pattern.compile("[A-Za-z_]+");

  /** Words of an error (rather than of help text or a label such as {@code Access method: %s}). */
  static final Pattern ERROR_WORDS =
      Pattern.compile("(?i)could not|cannot|can't|failed|failure|error|invalid|unrecognized|not supported|does not exist|too many|out of|unexpected");

  /** The kind of the value a conversion of the English message prints. */
  static Kind kindOf(String en, Conv c) {
    switch (c.type()) {
      case 'd', 'i', 'u':
        return Kind.NUM;
      case 'o':
        return Kind.OCT;
      case 'x', 'X', 'p':
        return Kind.HEX;
      case 'e', 'E', 'f', 'F', 'g', 'G':
        return Kind.FLOAT;
      case 'c':
        return Kind.CHAR;
      default:
        break;
    }
    String before = en.substring(Math.max(0, c.start() - 30), c.start());
    String after = en.substring(c.end());
    boolean quoted = before.endsWith("\"") || before.endsWith("'");
    if ((before.isBlank() && (after.startsWith(":") || after.startsWith(" [OPTION]"))) || after.startsWith(" --help")) {
      return Kind.PROGRAM;
    }
    if (after.startsWith("(")) {
      return Kind.FUNC;
    }
    if (!quoted && before.endsWith(": ") && after.isBlank() && ERROR_WORDS.matcher(en.substring(0, c.start())).find()) {
      return Kind.ERRNO; // "could not create socket: %s": the detail is an error text, usually strerror's
    }
    // The nearest of the last three words that names a kind: "file \"%s\"", "change directory to \"%s\"".
    List<String> words = new ArrayList<>();
    Matcher w = WORD.matcher(before);
    while (w.find()) {
      words.add(w.group().toLowerCase(Locale.ROOT));
    }
    for (int i = words.size() - 1; i >= Math.max(0, words.size() - 3); i--) {
      Kind k = switch (words.get(i)) {
        case "file", "files", "permissions" -> Kind.FILE;
        case "directory", "dir" -> Kind.DIR;
        case "database", "databases" -> Kind.DB;
        case "table", "relation", "view", "index", "sequence" -> Kind.TABLE;
        case "user", "role", "owner" -> Kind.ROLE;
        case "host", "hostaddr", "address" -> Kind.HOST;
        case "slot" -> Kind.SLOT;
        case "locale" -> Kind.LOCALE;
        case "version" -> Kind.VERSION;
        default -> null;
      };
      if (k != null) {
        return k;
      }
    }
    return quoted ? Kind.NAME : Kind.BARE;
  }

  /** The kinds of a message's arguments, the last one for its {@code %m} (always present, unused without %m). */
  static List<Kind> kinds(CorpusKb.Message m) {
    Map<Integer, Kind> byArg = new HashMap<>();
    int n = 0;
    for (Conv c : convs(m.en())) {
      if (c.arg() >= 0) {
        byArg.putIfAbsent(c.arg(), kindOf(m.en(), c));
        n = Math.max(n, c.arg() + 1);
      }
    }
    for (Conv c : convs(m.ja())) {
      n = Math.max(n, c.arg() + 1); // a translation that prints more arguments than the English: plain words
    }
    List<Kind> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(byArg.getOrDefault(i, Kind.BARE));
    }
    out.add(Kind.ERRNO);
    return out;
  }

  /** A value of {@code kind}, different from {@code avoid} where the pool allows. */
  static Value value(Kind kind, String program, Random rnd, Value avoid) {
    Value v = null;
    for (int tries = 0; tries < 20 && (v == null || v.equals(avoid)); tries++) {
      v = switch (kind) {
        case ERRNO -> ERRNO[rnd.nextInt(ERRNO.length)];
        case NUM -> Value.of(Integer.toString(rnd.nextInt(10) < 7 ? rnd.nextInt(1000) : rnd.nextInt(10_000_000)));
        case OCT -> Value.of(Integer.toOctalString(rnd.nextInt(512)));
        case HEX -> Value.of(Integer.toHexString(rnd.nextInt(1 << 28)));
        case FLOAT -> Value.of(String.format(Locale.ROOT, "%.3f", rnd.nextDouble() * 5000));
        case CHAR -> Value.of(String.valueOf((char) ('a' + rnd.nextInt(26))));
        case PROGRAM -> {
          String[] p = PROGRAMS.getOrDefault(program, new String[] {program});
          yield Value.of(p[rnd.nextInt(p.length)]);
        }
        default -> {
          String[] p = POOLS.get(kind);
          yield Value.of(p[rnd.nextInt(p.length)]);
        }
      };
    }
    return v;
  }

  static List<Value> values(List<Kind> kinds, String program, Random rnd, List<Value> avoid) {
    List<Value> out = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      out.add(value(kinds.get(i), program, rnd, avoid == null ? null : avoid.get(i)));
    }
    return out;
  }

  /** {@code text} with its conversions printed from {@code values} (the last one is the %m text). */
  static String fill(String text, List<Value> values, boolean ja) {
    StringBuilder b = new StringBuilder();
    int at = 0;
    for (Conv c : convs(text)) {
      b.append(text, at, c.start());
      if (c.arg() == PERCENT) {
        b.append('%');
      } else {
        int i = c.arg() == ERRNO_ARG || c.arg() >= values.size() - 1 ? values.size() - 1 : c.arg();
        b.append(values.get(i).in(ja));
      }
      at = c.end();
    }
    return b.append(text.substring(at)).toString();
  }

  // ---- the KB ----

  /**
   * The errno entries, then one entry per catalogue message with concrete signatures. A message is
   * left out when the compiler refuses a signature (too general), when it has no words of its own
   * ({@code %s: %m}: its entry could only be named by the author's values), or when its shape (the
   * message with placeholders, {@link CorpusKb#signatureText}) or its template repeats an earlier
   * entry's in either language (no paste can tell the two apart).
   */
  public static Generated generate(List<CorpusKb.Message> messages, long seed) {
    Random rnd = new Random(seed);
    TestKb kb = new TestKb();
    List<Authored> entries = new ArrayList<>();
    Set<String> shapes = new HashSet<>();
    Set<String> templates = new HashSet<>();
    int tooGeneral = 0;
    int noText = 0;
    int duplicate = 0;
    for (String[] e : ERRNO_ENTRIES) {
      Authored a = new Authored(e[0], new CorpusKb.Message("errno", e[1], e[2]), List.of(), List.of(), e[1], e[2]);
      int r = add(kb, entries, shapes, templates, a);
      if (r != 0) {
        throw new IllegalStateException("errno entry refused: " + e[0] + " " + r);
      }
    }
    int n = 0;
    for (CorpusKb.Message m : messages) {
      String id = String.format(Locale.ROOT, "pg-%s-%04d", m.program().replace('_', '-'), ++n);
      List<Kind> kinds = kinds(m);
      List<Value> vals = values(kinds, m.program(), rnd, null);
      Authored a = new Authored(id, m, kinds, vals, fill(m.en(), vals, false).strip(), fill(m.ja(), vals, true).strip());
      switch (add(kb, entries, shapes, templates, a)) {
        case 1 -> tooGeneral++;
        case 2 -> noText++;
        case 3 -> duplicate++;
        default -> { }
      }
    }
    return new Generated(kb.build(), entries, tooGeneral, noText, duplicate);
  }

  private static final Pattern OWN_WORD = Pattern.compile("[A-Za-z]{2,}");

  /** 0 added, 1 too general, 2 no words of its own, 3 duplicate shape or template. */
  private static int add(TestKb kb, List<Authored> entries, Set<String> shapes, Set<String> templates, Authored a) {
    Optional<IndexSignature> se = CorpusKb.compile(a.id(), Lang.EN, a.sigEn());
    Optional<IndexSignature> sj = CorpusKb.compile(a.id(), Lang.JA, a.sigJa());
    if (se.isEmpty() || sj.isEmpty()) {
      return 1;
    }
    if (!OWN_WORD.matcher(CorpusKb.PRINTF.matcher(a.message().en()).replaceAll(" ")).find()) {
      return 2;
    }
    String she = "en\n" + shape(a.message().en());
    String shj = "ja\n" + shape(a.message().ja());
    String ke = "en\n" + se.get().template();
    String kj = "ja\n" + sj.get().template();
    if (shapes.contains(she) || shapes.contains(shj) || templates.contains(ke) || templates.contains(kj)) {
      return 3;
    }
    shapes.add(she);
    shapes.add(shj);
    templates.add(ke);
    templates.add(kj);
    kb.entry(a.id())
        .product(a.errnoEntry() ? "Operating system" : "PostgreSQL " + a.message().program())
        .tag(a.errnoEntry() ? "errno" : "postgresql")
        .sig(Lang.EN, a.sigEn())
        .sig(Lang.JA, a.sigJa())
        .doc(Lang.EN, CorpusKb.firstLine(a.sigEn()), "", "", "")
        .doc(Lang.JA, CorpusKb.firstLine(a.sigJa()), "", "", "")
        .add();
    entries.add(a);
    return 0;
  }

  private static String shape(String message) {
    return Normalizer.mask(Normalizer.fold(CorpusKb.signatureText(message).strip()));
  }


  // ---- pastes ----

  /**
   * {@code perLang} pastes per catalogue entry and language ({@code 4 × perLang} per errno entry,
   * which are few), each with values other than its signature's, wrapped as in {@link CorpusKb#wrap};
   * 10 % of the pastes of error messages (not help text) are followed by a catalogue line that
   * follows errors of that program ({@code Try "%s --help" for more information.}, pg_upgrade's
   * {@code Failure, exiting}, initdb's {@code removing data directory "%s"}).
   */
  public static List<CorpusKb.Paste> pastes(Generated g, int perLang, long seed) {
    Random rnd = new Random(seed);
    Map<String, Authored> byEn = new HashMap<>();
    for (Authored a : g.entries()) {
      byEn.putIfAbsent(a.message().en().strip(), a);
    }
    List<CorpusKb.Paste> out = new ArrayList<>();
    for (Authored a : g.entries()) {
      for (int i = 0; i < (a.errnoEntry() ? 4 * perLang : perLang); i++) {
        for (Lang lang : List.of(Lang.EN, Lang.JA)) {
          out.add(a.errnoEntry() ? errnoPaste(a, lang, rnd) : paste(a, lang, byEn, rnd));
        }
      }
    }
    return out;
  }

  static CorpusKb.Paste paste(Authored a, Lang lang, Map<String, Authored> byEn, Random rnd) {
    boolean ja = lang == Lang.JA;
    List<Value> vals = values(a.kinds(), a.message().program(), rnd, a.values());
    String body = fill(ja ? a.message().ja() : a.message().en(), vals, ja).strip();
    if (rnd.nextInt(100) < 10 && ERROR_WORDS.matcher(a.message().en()).find()) {
      Authored f = byEn.get(FOLLOW_UP.getOrDefault(a.message().program(), TRY_HELP));
      if (f != null && !f.id().equals(a.id())) {
        List<Value> fv = values(f.kinds(), a.message().program(), rnd, null);
        body = body + "\n" + fill(ja ? f.message().ja() : f.message().en(), fv, ja).strip();
      }
    }
    return new CorpusKb.Paste(CorpusKb.wrap(body, lang, rnd), a.id(), lang.code());
  }

  static CorpusKb.Paste errnoPaste(Authored a, Lang lang, Random rnd) {
    boolean ja = lang == Lang.JA;
    String[] wraps = ja ? ERRNO_WRAP_JA : ERRNO_WRAP_EN;
    String body = wraps[rnd.nextInt(wraps.length)]
        .replace("%P", value(Kind.FILE, "", rnd, null).en())
        .replace("%H", value(Kind.HOST, "", rnd, null).en())
        .replace("%E", ja ? a.sigJa() : a.sigEn());
    return new CorpusKb.Paste(CorpusKb.wrap(body, lang, rnd), a.id(), lang.code());
  }
}
