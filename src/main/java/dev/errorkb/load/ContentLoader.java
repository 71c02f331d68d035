package dev.errorkb.load;

import dev.errorkb.model.Doc;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.Reference;
import dev.errorkb.model.Requirement;
import dev.errorkb.model.Severity;
import dev.errorkb.model.Signature;
import dev.errorkb.model.SiteConfig;
import dev.errorkb.model.SourcePos;
import dev.errorkb.model.Verify;
import dev.errorkb.util.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads a content folder into a {@link KnowledgeBase}. Every user mistake becomes a located
 * {@link Problem}; only an I/O failure of the file system itself throws ({@link UncheckedIOException}).
 */
public final class ContentLoader {
  static final List<String> ENTRY_KEYS =
      List.of("id", "product", "component", "tags", "severity", "versions", "updated",
          "signatures", "requires", "verify", "references");
  static final List<String> SITE_KEYS = List.of("title", "languages", "baseUrl", "headings", "allowHtml");
  static final Set<String> SIGNATURE_KEYS = Set.of("text", "lang", "pattern", "examples");
  static final Set<String> REQUIRE_KEYS = Set.of("kind", "value", "note");
  static final Set<String> VERIFY_KEYS = Set.of("command", "expect");
  static final Set<String> REFERENCE_KEYS = Set.of("url", "title");
  static final Set<String> HEADING_KEYS = Set.of("symptoms", "cause", "fix", "verify");

  private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._+-]*");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://\\S+");
  /**
   * Ids whose page path ({@code <lang>/<id>/}) the site itself uses: the search page and the tag
   * pages (issue 12: an entry {@code search} silently lost its page).
   */
  public static final Set<String> RESERVED_IDS = Set.of("search", "tags");

  /** The result of loading: the model (possibly partial) and every problem found. */
  public record Loaded(KnowledgeBase kb, List<Problem> problems) {
    public Loaded {
      problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
      return problems.stream().anyMatch(Problem::isError);
    }
  }

  private final Path root;

  public ContentLoader(Path contentRoot) {
    this.root = contentRoot;
  }

  /** Reads site.yaml and every entry folder below the root. */
  public Loaded load() {
    List<Problem> problems = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      problems.add(Problem.error(SourcePos.absolute(root.toAbsolutePath().toString()), "no-content", "content folder not found"));
      return new Loaded(new KnowledgeBase(defaultSite(), List.of()), problems);
    }
    SiteConfig site = readSite(problems);
    List<Path> files = listFiles(problems);
    Set<Path> entryDirs = new TreeSet<>();
    for (Path f : files) {
      if (f.getFileName().toString().equals("entry.yaml")) {
        entryDirs.add(f.getParent());
      }
    }
    // Grouped by hash, then sorted once: a TreeMap of paths compared every file against log n folders.
    Set<Path> entryDirSet = new HashSet<>(entryDirs);
    Map<Path, List<Path>> byEntry = new HashMap<>();
    for (Path f : files) {
      Path owner = owningEntry(f, entryDirSet);
      if (owner != null) {
        byEntry.computeIfAbsent(owner, k -> new ArrayList<>()).add(f);
      } else if (!f.getParent().equals(root) && isLanguageFile(f)) {
        problems.add(Problem.error(SourcePos.file(rel(f)), "orphan-file",
            "language file outside an entry folder: the folder needs an entry.yaml"));
      }
    }
    Map<Path, List<Path>> filesByEntry = new TreeMap<>(byEntry);
    for (Path dir : entryDirs) {
      Path outer = owningEntry(dir, entryDirSet);
      if (outer != null) {
        problems.add(Problem.error(SourcePos.file(rel(dir.resolve("entry.yaml"))), "nested-entry",
            "entry folder inside another entry folder (" + rel(outer) + "); move it beside it"));
      }
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, String> seenIds = new HashMap<>();
    DocReader docs = new DocReader(site.headings());
    // Entries are independent: read them on all cores, then merge in path order (deterministic).
    record Read(Optional<Entry> entry, List<Problem> problems) {}
    List<Read> reads = filesByEntry.entrySet().parallelStream().map(e -> {
      List<Problem> own = new ArrayList<>();
      return new Read(readEntry(e.getKey(), e.getValue(), docs, site.defaultLang(), own), own);
    }).toList();
    for (Read r : reads) {
      problems.addAll(r.problems());
      r.entry().ifPresent(entry -> {
        String first = seenIds.putIfAbsent(entry.id(), entry.dir());
        if (first != null) {
          problems.add(Problem.error(entry.pos(), "duplicate-id",
              "id '" + entry.id() + "' is already used by " + first + "/entry.yaml; ids must be unique across the KB"));
        } else {
          entries.add(entry);
        }
      });
    }
    entries.sort(Comparator.comparing(Entry::id));
    problems.sort(Comparator.comparing((Problem p) -> p.pos().label())
        .thenComparingInt(p -> p.pos().line())
        .thenComparingInt(p -> p.pos().column()));
    return new Loaded(new KnowledgeBase(site, entries), problems);
  }

  private static boolean isLanguageFile(Path f) {
    String n = f.getFileName().toString();
    return n.equals("en.md") || n.equals("ja.md");
  }

  private static Path owningEntry(Path file, Set<Path> entryDirs) {
    for (Path p = file.getParent(); p != null; p = p.getParent()) {
      if (entryDirs.contains(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Every file below the root in a stable order; links are reported, never followed. The walk
   * hands over each entry's attributes (read without following links), so no file is stat'ed twice.
   */
  private List<Path> listFiles(List<Problem> problems) {
    record Found(String rel, Path path, BasicFileAttributes attrs) {}
    List<Found> found = new ArrayList<>();
    try {
      // The content folder itself may be a link (the user chose it; issue 12): its files are walked
      // where it points and named below the given root. Links inside it are still refused.
      Path start = Files.isSymbolicLink(root) ? root.toRealPath() : root;
      Files.walkFileTree(start, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          // Dot-folders (.git, .secrets, .trash) are never published, nor is anything below them.
          return !dir.equals(start) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          Path named = start == root ? file : root.resolve(start.relativize(file).toString());
          found.add(new Found(rel(named), named, attrs));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          throw e;
        }
      });
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    // Sort by the portable relative path, computed once per file.
    found.sort(Comparator.comparing(Found::rel));
    List<Path> out = new ArrayList<>(found.size());
    for (Found f : found) {
      Path p = f.path();
      String name = p.getFileName() == null ? "" : p.getFileName().toString();
      if (name.startsWith(".") && !p.equals(root)) {
        continue;
      }
      Optional<String> badName = badName(f.rel());
      if (badName.isPresent()) {
        problems.add(Problem.error(SourcePos.file(printable(f.rel())), "bad-file-name", badName.get()));
      } else if (f.attrs().isSymbolicLink()) {
        problems.add(Problem.error(SourcePos.file(f.rel()), "symlink",
            "symbolic links are not published (they could point outside content/); copy the file instead"));
      } else if (f.attrs().isRegularFile()) {
        out.add(p);
      }
    }
    return out;
  }

  private static boolean isHidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  /**
   * Why a file name cannot be published, if it cannot: control characters would be written into
   * line-based files (the publish journal and manifest) and terminals, and a backslash is a
   * separator on Windows and refused by the publisher (issue 12).
   */
  static Optional<String> badName(String rel) {
    for (int i = 0; i < rel.length(); i++) {
      char c = rel.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
        return Optional.of(String.format(Locale.ROOT,
            "file or folder name contains the control character U+%04X; rename it", (int) c));
      }
      if (c == '\\') {
        return Optional.of("file or folder name contains a backslash (a path separator on Windows); rename it");
      }
    }
    return Optional.empty();
  }

  /** {@code s} with control characters shown as {@code \\uXXXX}, so a problem line stays one line. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Path relative to the content root with '/' separators, whatever the file system. */
  String rel(Path p) {
    String r = root.relativize(p).toString();
    String sep = p.getFileSystem().getSeparator();
    return sep.equals("/") ? r : r.replace(sep, "/");
  }

  private Optional<String> readText(Path p, List<Problem> problems) {
    return readText(p, problems, new HashMap<>());
  }

  /** Reads and decodes {@code p}, keeping its bytes in {@code read} for the content hash. */
  private Optional<String> readText(Path p, List<Problem> problems, Map<Path, byte[]> read) {
    try {
      byte[] bytes = Files.readAllBytes(p);
      read.put(p, bytes);
      return TextFile.decode(rel(p), bytes, problems);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SiteConfig defaultSite() {
    return new SiteConfig(Map.of(Lang.JA, "Knowledge base", Lang.EN, "Knowledge base"),
        List.of(Lang.JA, Lang.EN), Optional.empty(), Map.of(), Set.of());
  }

  private SiteConfig readSite(List<Problem> problems) {
    Path p = root.resolve("site.yaml");
    String path = "site.yaml";
    if (!Files.isRegularFile(p)) {
      problems.add(Problem.error(SourcePos.file(path), "missing-file",
          "content/site.yaml not found; it sets the site title and languages"));
      return defaultSite();
    }
    Optional<String> text = readText(p, problems);
    Yaml yaml = Yaml.forFile(path, 0, problems);
    Optional<Node> node = text.flatMap(yaml::parse);
    if (node.isEmpty()) {
      return defaultSite();
    }
    Optional<Map<String, Node>> map = yaml.mapping(node.get(), "site.yaml", SITE_KEYS);
    if (map.isEmpty()) {
      return defaultSite();
    }
    Map<String, Node> m = map.get();
    List<Lang> langs = new ArrayList<>();
    if (!m.containsKey("languages")) {
      langs.addAll(List.of(Lang.JA, Lang.EN));
    } else {
      for (Node n : yaml.list(m.get("languages"), "'languages'").orElse(List.of())) {
        yaml.nonBlank(n, "language").ifPresent(code -> {
          Optional<Lang> l = Lang.find(code);
          if (l.isEmpty()) {
            yaml.error(n, "unknown-language", "unknown language '" + code + "'; errorkb publishes 'ja' and 'en'");
          } else if (langs.contains(l.get())) {
            yaml.error(n, "duplicate-language", "language '" + code + "' listed twice");
          } else {
            langs.add(l.get());
          }
        });
      }
      for (Lang l : Lang.values()) {
        if (!langs.contains(l)) {
          if (problems.isEmpty() || !problems.get(problems.size() - 1).isError()) {
            yaml.error(m.get("languages"), "missing-language",
                "'languages' must list both ja and en (the first is the default); '" + l.code() + "' is missing");
          }
          // Added even when not reported: an empty list crashed SiteConfig.defaultLang() (LoadFuzzTest).
          langs.add(l);
        }
      }
    }
    Map<Lang, String> titles = new EnumMap<>(Lang.class);
    if (!m.containsKey("title")) {
      problems.add(Problem.error(new SourcePos(path, 1, 1), "missing-field", "site.yaml has no 'title' (per language: ja: …, en: …)"));
    } else {
      readPerLang(yaml, m.get("title"), "'title'", problems).forEach(titles::put);
      for (Lang l : Lang.values()) {
        if (!titles.containsKey(l) && m.get("title") instanceof org.yaml.snakeyaml.nodes.MappingNode) {
          yaml.error(m.get("title"), "missing-field", "'title' has no '" + l.code() + "' title");
        }
      }
    }
    for (Lang l : Lang.values()) {
      titles.putIfAbsent(l, "Knowledge base");
    }
    Optional<String> baseUrl = Optional.empty();
    if (m.containsKey("baseUrl")) {
      baseUrl = yaml.nonBlank(m.get("baseUrl"), "'baseUrl'").flatMap(u -> {
        if (!SiteConfig.isBaseUrl(u)) {
          yaml.error(m.get("baseUrl"), "bad-url", "'baseUrl' must be an absolute http(s) URL such as https://intranet.example/kb/");
          return Optional.empty();
        }
        return Optional.of(SiteConfig.withSlash(u));
      });
    }
    Map<Lang, Map<String, String>> headings = new EnumMap<>(Lang.class);
    if (m.containsKey("headings")) {
      yaml.mapping(m.get("headings"), "'headings'", List.of("ja", "en")).ifPresent(hm -> hm.forEach((code, v) ->
          yaml.mapping(v, "'headings." + code + "'", HEADING_KEYS).ifPresent(km -> {
            Map<String, String> names = new TreeMap<>();
            km.forEach((k, n) -> yaml.nonBlank(n, "heading name").ifPresent(s -> names.put(k, s)));
            headings.put(Lang.find(code).orElseThrow(), names);
          })));
    }
    Set<String> allow = new LinkedHashSet<>();
    if (m.containsKey("allowHtml")) {
      for (Node n : yaml.list(m.get("allowHtml"), "'allowHtml'").orElse(List.of())) {
        yaml.nonBlank(n, "tag name").ifPresent(t -> {
          String tag = t.toLowerCase(java.util.Locale.ROOT);
          if (!SAFE_TAGS.contains(tag)) {
            yaml.error(n, "unsafe-html", "tag '" + t + "' cannot be allowed; allowHtml takes only " + new TreeSet<>(SAFE_TAGS));
          } else {
            allow.add(tag);
          }
        });
      }
    }
    return new SiteConfig(titles, langs, baseUrl, headings, allow);
  }

  /** Tags that carry no script, style or URL and so may be allowed through raw HTML. */
  public static final Set<String> SAFE_TAGS =
      Set.of("kbd", "sub", "sup", "br", "abbr", "mark", "small", "ins", "del", "s", "u", "var", "samp", "details", "summary", "dl", "dt", "dd");

  private Map<Lang, String> readPerLang(Yaml yaml, Node node, String what, List<Problem> problems) {
    Map<Lang, String> out = new EnumMap<>(Lang.class);
    yaml.mapping(node, what, List.of("ja", "en")).ifPresent(mm -> mm.forEach((code, v) ->
        yaml.nonBlank(v, what + "." + code).ifPresent(s -> out.put(Lang.find(code).orElseThrow(), s))));
    return out;
  }

  private Optional<Entry> readEntry(Path dir, List<Path> files, DocReader docReader, Lang defaultLang, List<Problem> problems) {
    int before = problems.size();
    Path yamlPath = dir.resolve("entry.yaml");
    String path = rel(yamlPath);
    String dirRel = rel(dir);
    Map<Path, byte[]> read = new HashMap<>();
    Optional<String> text = readText(yamlPath, problems, read);
    Yaml yaml = Yaml.forFile(path, 0, problems);
    Optional<Node> node = text.flatMap(yaml::parse);
    if (node.isEmpty()) {
      if (text.isPresent() && problems.size() == before) {
        problems.add(Problem.error(new SourcePos(path, 1, 1), "missing-field", "entry.yaml is empty; it needs at least 'product', 'updated' and 'signatures'"));
      }
      return Optional.empty();
    }
    Optional<Map<String, Node>> map = yaml.mapping(node.get(), "entry.yaml", ENTRY_KEYS);
    if (map.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Node> m = map.get();
    SourcePos top = new SourcePos(path, 1, 1);

    String id;
    if (m.containsKey("id")) {
      id = yaml.nonBlank(m.get("id"), "'id'").orElse(null);
      if (id != null && !Entry.isValidId(id)) {
        yaml.error(m.get("id"), "bad-id", "id '" + id + "' must match " + Entry.ID_PATTERN + " (lower-case letters, digits, hyphens; at most " + Entry.MAX_ID_LENGTH + ")");
        id = null;
      } else if (id != null && RESERVED_IDS.contains(id)) {
        yaml.error(m.get("id"), "reserved-id", reservedMessage(id));
        id = null;
      }
    } else {
      id = dir.equals(root) ? "" : dir.getFileName().toString();
      if (!Entry.isValidId(id)) {
        problems.add(Problem.error(top, "bad-id",
            "folder name '" + id + "' is not a valid id (" + Entry.ID_PATTERN + "); rename the folder or set 'id' in entry.yaml"));
        id = null;
      } else if (RESERVED_IDS.contains(id)) {
        problems.add(Problem.error(top, "reserved-id", reservedMessage(id) + " (rename the folder or set 'id' in entry.yaml)"));
        id = null;
      }
    }
    String product = required(yaml, m, "product", top, problems);
    Optional<String> component = optional(yaml, m, "component");
    Optional<String> versions = optional(yaml, m, "versions");
    List<String> tags = new ArrayList<>();
    if (m.containsKey("tags")) {
      for (Node n : yaml.list(m.get("tags"), "'tags'").orElse(List.of())) {
        yaml.nonBlank(n, "tag").ifPresent(t -> {
          String tag = t.toLowerCase(java.util.Locale.ROOT);
          if (!TAG.matcher(tag).matches()) {
            yaml.error(n, "bad-tag", "tag '" + t + "' must be one word (letters, digits, . _ + -); it becomes a page name");
          } else if (tags.contains(tag)) {
            yaml.warning(n, "duplicate-tag", "tag '" + t + "' listed twice");
          } else {
            tags.add(tag);
          }
        });
      }
    }
    Severity severity = Severity.ERROR;
    if (m.containsKey("severity")) {
      Optional<String> s = yaml.nonBlank(m.get("severity"), "'severity'");
      if (s.isPresent()) {
        Optional<Severity> sv = Severity.find(s.get());
        if (sv.isEmpty()) {
          yaml.error(m.get("severity"), "bad-severity", "severity '" + s.get() + "' must be error, warning or info");
        } else {
          severity = sv.get();
        }
      }
    }
    Optional<LocalDate> updated = Optional.empty();
    if (!m.containsKey("updated")) {
      problems.add(Problem.error(top, "missing-field", "entry.yaml has no 'updated' date (YYYY-MM-DD)"));
    } else {
      Optional<String> s = yaml.nonBlank(m.get("updated"), "'updated'");
      if (s.isPresent()) {
        try {
          if (!DATE.matcher(s.get()).matches()) {
            throw new DateTimeParseException("shape", s.get(), 0);
          }
          updated = Optional.of(LocalDate.parse(s.get()));
        } catch (DateTimeParseException e) {
          yaml.error(m.get("updated"), "bad-date", "'updated' value '" + s.get() + "' is not a date in the form YYYY-MM-DD");
        }
      }
    }
    List<Signature> signatures = readSignatures(yaml, m, top, problems);
    List<Requirement> requires = new ArrayList<>();
    if (m.containsKey("requires")) {
      for (Node n : yaml.list(m.get("requires"), "'requires'").orElse(List.of())) {
        yaml.mapping(n, "a 'requires' item", REQUIRE_KEYS).ifPresent(rm -> {
          Optional<String> kind = field(yaml, rm, "kind", n, "'requires' item");
          Optional<String> value = field(yaml, rm, "value", n, "'requires' item");
          Localized note = rm.containsKey("note") ? localized(yaml, rm.get("note"), "'note'") : Localized.NONE;
          if (kind.isPresent() && !WORD.matcher(kind.get()).matches()) {
            yaml.error(rm.get("kind"), "bad-kind", "requires kind '" + kind.get() + "' must be one lower-case word such as iam-action, package, setting");
          } else if (kind.isPresent() && value.isPresent()) {
            requires.add(new Requirement(kind.get(), value.get(), note.text(defaultLang), note.perLang()));
          }
        });
      }
    }
    Optional<Verify> verify = Optional.empty();
    if (m.containsKey("verify")) {
      verify = yaml.mapping(m.get("verify"), "'verify'", VERIFY_KEYS).flatMap(vm -> {
        Optional<String> cmd = field(yaml, vm, "command", m.get("verify"), "'verify'");
        Localized expect = vm.containsKey("expect") ? localized(yaml, vm.get("expect"), "'expect'") : Localized.NONE;
        return cmd.map(c -> new Verify(c, expect.text(defaultLang), expect.perLang()));
      });
    }
    List<Reference> references = new ArrayList<>();
    if (m.containsKey("references")) {
      for (Node n : yaml.list(m.get("references"), "'references'").orElse(List.of())) {
        yaml.mapping(n, "a 'references' item", REFERENCE_KEYS).ifPresent(rm -> {
          Optional<String> url = field(yaml, rm, "url", n, "'references' item");
          Optional<String> title = field(yaml, rm, "title", n, "'references' item");
          if (url.isPresent() && !HTTP_URL.matcher(url.get()).matches()) {
            yaml.error(rm.get("url"), "bad-url", "reference url '" + url.get() + "' must be an absolute http(s) URL");
          } else if (url.isPresent() && title.isPresent()) {
            references.add(new Reference(url.get(), title.get()));
          }
        });
      }
    }

    Map<Lang, Doc> docs = new EnumMap<>(Lang.class);
    List<String> assets = new ArrayList<>();
    for (Path f : files) {
      String relName = rel(f).substring(dirRel.isEmpty() ? 0 : dirRel.length() + 1);
      if (relName.equals("entry.yaml")) {
        continue;
      }
      Optional<Lang> lang = relName.endsWith(".md") && !relName.contains("/")
          ? Lang.find(relName.substring(0, relName.length() - 3)) : Optional.empty();
      if (lang.isPresent()) {
        readText(f, problems, read).flatMap(t -> docReader.read(lang.get(), rel(f), t, problems)).ifPresent(d -> docs.put(d.lang(), d));
      } else if (relName.endsWith(".md") && !relName.contains("/")) {
        String stem = relName.substring(0, relName.length() - 3);
        Optional<String> hint = Suggest.closest(stem, List.of("ja", "en"));
        problems.add(Problem.error(SourcePos.file(rel(f)), "unknown-language-file",
            "'" + relName + "' is not a language file; name it ja.md or en.md" + hint.map(h -> " (did you mean " + h + ".md?)").orElse("")));
      } else {
        try {
          if (Files.size(f) > TextFile.MAX_BYTES * 5L) {
            problems.add(Problem.error(SourcePos.file(rel(f)), "file-too-large", "asset is larger than 5 MiB"));
            continue;
          }
          List<Problem> unsafe = AssetCheck.check(rel(f), f);
          if (!unsafe.isEmpty()) {
            problems.addAll(unsafe);
            continue;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        assets.add(relName);
      }
    }
    boolean anyLangFile = files.stream().anyMatch(f -> f.getParent().equals(dir) && isLanguageFile(f));
    if (!anyLangFile) {
      problems.add(Problem.error(top, "no-language-file", "entry has no ja.md or en.md; write at least one language"));
    }
    if (problems.subList(before, problems.size()).stream().anyMatch(Problem::isError) || id == null || product == null) {
      return Optional.empty();
    }
    return Optional.of(new Entry(id, dirRel, product, component, tags, severity, versions, updated,
        signatures, requires, verify, references, new TreeMap<>(docs), assets, contentHash(files, read), top));
  }

  /** A text given once for every language ({@code common}) or per language ({@code {ja: …, en: …}}). */
  private record Localized(Optional<String> common, Map<Lang, String> perLang) {
    static final Localized NONE = new Localized(Optional.empty(), Map.of());

    /** The language-neutral text, else the default language's, else any. */
    Optional<String> text(Lang preferred) {
      if (common.isPresent()) {
        return common;
      }
      String t = perLang.get(preferred);
      return Optional.ofNullable(t != null ? t : perLang.values().stream().findFirst().orElse(null));
    }
  }

  private static Localized localized(Yaml yaml, Node node, String what) {
    if (node instanceof org.yaml.snakeyaml.nodes.MappingNode) {
      Map<Lang, String> out = new EnumMap<>(Lang.class);
      yaml.mapping(node, what, List.of("ja", "en")).ifPresent(m -> m.forEach((code, v) ->
          yaml.nonBlank(v, what + "." + code).ifPresent(t -> out.put(Lang.find(code).orElseThrow(), t))));
      return new Localized(Optional.empty(), out);
    }
    return new Localized(yaml.nonBlank(node, what), Map.of());
  }

  /** Why {@code id} cannot be used: the site's own page lives at its path. */
  public static String reservedMessage(String id) {
    return "id '" + id + "' is reserved: the site's own " + (id.equals("search") ? "search page uses" : "tag pages use")
        + " <lang>/" + id + "/; choose another id";
  }

  private List<Signature> readSignatures(Yaml yaml, Map<String, Node> m, SourcePos top, List<Problem> problems) {
    List<Signature> out = new ArrayList<>();
    if (!m.containsKey("signatures")) {
      problems.add(Problem.error(top, "missing-field", "entry.yaml has no 'signatures': list the verbatim error text users see"));
      return out;
    }
    List<Node> items = yaml.list(m.get("signatures"), "'signatures'").orElse(null);
    if (items == null) {
      return out;
    }
    if (items.isEmpty()) {
      yaml.error(m.get("signatures"), "missing-field", "'signatures' is empty: list at least one verbatim error text");
    }
    for (Node n : items) {
      yaml.mapping(n, "a signature", SIGNATURE_KEYS).ifPresent(sm -> {
        Optional<String> text = field(yaml, sm, "text", n, "signature");
        Optional<Lang> lang = Optional.empty();
        boolean ok = true;
        if (sm.containsKey("lang")) {
          Optional<String> l = yaml.nonBlank(sm.get("lang"), "'lang'");
          if (l.isPresent() && !l.get().equals("any")) {
            lang = Lang.find(l.get());
            if (lang.isEmpty()) {
              yaml.error(sm.get("lang"), "bad-lang", "signature lang '" + l.get() + "' must be en, ja or any");
              ok = false;
            }
          }
        }
        Optional<String> pattern = sm.containsKey("pattern") ? yaml.nonBlank(sm.get("pattern"), "'pattern'") : Optional.empty();
        List<String> examples = new ArrayList<>();
        if (sm.containsKey("examples")) {
          for (Node e : yaml.list(sm.get("examples"), "'examples'").orElse(List.of())) {
            yaml.nonBlank(e, "example").ifPresent(examples::add);
          }
        }
        if (text.isPresent() && ok) {
          out.add(new Signature(text.get(), lang, pattern, examples, yaml.pos(n)));
        }
      });
    }
    return out;
  }

  private static String required(Yaml yaml, Map<String, Node> m, String key, SourcePos top, List<Problem> problems) {
    if (!m.containsKey(key)) {
      problems.add(Problem.error(top, "missing-field", "entry.yaml has no '" + key + "'"));
      return null;
    }
    return yaml.nonBlank(m.get(key), "'" + key + "'").orElse(null);
  }

  private static Optional<String> optional(Yaml yaml, Map<String, Node> m, String key) {
    return m.containsKey(key) ? yaml.nonBlank(m.get(key), "'" + key + "'") : Optional.empty();
  }

  private static Optional<String> field(Yaml yaml, Map<String, Node> m, String key, Node owner, String what) {
    if (!m.containsKey(key)) {
      yaml.error(owner, "missing-field", what + " has no '" + key + "'");
      return Optional.empty();
    }
    return yaml.nonBlank(m.get(key), "'" + key + "'");
  }

  /** sha256 over every file of the entry (path and bytes); text files were already read once. */
  private String contentHash(List<Path> files, Map<Path, byte[]> read) {
    try {
      MessageDigest md = Sha256.digest();
      for (Path f : files) {
        md.update(rel(f).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        byte[] bytes = read.get(f);
        md.update(bytes != null ? bytes : Files.readAllBytes(f));
        md.update((byte) 0);
      }
      return Sha256.hex(md, 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
