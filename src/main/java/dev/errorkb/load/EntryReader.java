package dev.errorkb.load;

import dev.errorkb.util.Sha256;
import dev.errorkb.model.Doc;
import dev.errorkb.model.Entry;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.Problems;
import dev.errorkb.model.Reference;
import dev.errorkb.model.Requirement;
import dev.errorkb.model.Severity;
import dev.errorkb.model.Signature;
import dev.errorkb.model.SourcePos;
import dev.errorkb.model.Verify;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one entry folder: {@code entry.yaml}'s facts, each language file through
 * {@link DocReader}, and the assets beside them (checked by {@link AssetCheck}), into an
 * {@link Entry} with a hash of every file. Any error in the folder leaves the entry out, with
 * its located problems. Split out of {@link ContentLoader} (issue 14).
 */
final class EntryReader {
  static final List<String> ENTRY_KEYS =
      List.of("id", "product", "component", "tags", "severity", "versions", "updated",
          "signatures", "requires", "verify", "references");
  static final Set<String> SIGNATURE_KEYS = Set.of("text", "lang", "pattern", "examples");
  static final Set<String> REQUIRE_KEYS = Set.of("kind", "value", "note");
  static final Set<String> VERIFY_KEYS = Set.of("command", "expect");
  static final Set<String> REFERENCE_KEYS = Set.of("url", "title");

  private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._+-]*");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://\\S+");
  /**
   * Ids whose page path ({@code <lang>/<id>/}) the site itself uses: the search page and the tag
   * pages (issue 12: an entry {@code search} silently lost its page).
   */
  public static final Set<String> RESERVED_IDS = Set.of("search", "tags");

  private final ContentTree tree;
  private final DocReader docReader;
  private final Lang defaultLang;

  EntryReader(ContentTree tree, DocReader docReader, Lang defaultLang) {
    this.tree = tree;
    this.docReader = docReader;
    this.defaultLang = defaultLang;
  }

  Optional<Entry> read(Path dir, List<Path> files, Problems problems) {
    int before = problems.mark();
    Path yamlPath = dir.resolve("entry.yaml");
    String path = tree.rel(yamlPath);
    String dirRel = tree.rel(dir);
    Map<Path, byte[]> read = new HashMap<>();
    Optional<String> text = tree.readText(yamlPath, problems, read);
    Yaml yaml = Yaml.forFile(path, 0, problems);
    Optional<Node> node = text.flatMap(yaml::parse);
    if (node.isEmpty()) {
      if (text.isPresent() && !problems.addedSince(before)) {
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
      id = dir.equals(tree.root()) ? "" : dir.getFileName().toString();
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
      String relName = tree.rel(f).substring(dirRel.isEmpty() ? 0 : dirRel.length() + 1);
      if (relName.equals("entry.yaml")) {
        continue;
      }
      Optional<Lang> lang = relName.endsWith(".md") && !relName.contains("/")
          ? Lang.find(relName.substring(0, relName.length() - 3)) : Optional.empty();
      if (lang.isPresent()) {
        tree.readText(f, problems, read).flatMap(t -> docReader.read(lang.get(), tree.rel(f), t, problems)).ifPresent(d -> docs.put(d.lang(), d));
      } else if (relName.endsWith(".md") && !relName.contains("/")) {
        String stem = relName.substring(0, relName.length() - 3);
        Optional<String> hint = Suggest.closest(stem, List.of("ja", "en"));
        problems.add(Problem.error(SourcePos.file(tree.rel(f)), "unknown-language-file",
            "'" + relName + "' is not a language file; name it ja.md or en.md" + hint.map(h -> " (did you mean " + h + ".md?)").orElse("")));
      } else {
        try {
          if (Files.size(f) > TextFile.MAX_BYTES * 5L) {
            problems.add(Problem.error(SourcePos.file(tree.rel(f)), "file-too-large", "asset is larger than 5 MiB"));
            continue;
          }
          List<Problem> unsafe = AssetCheck.check(tree.rel(f), f);
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
    boolean anyLangFile = files.stream().anyMatch(f -> f.getParent().equals(dir) && ContentTree.isLanguageFile(f));
    if (!anyLangFile) {
      problems.add(Problem.error(top, "no-language-file", "entry has no ja.md or en.md; write at least one language"));
    }
    if (problems.errorsSince(before) || id == null || product == null) {
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

  private List<Signature> readSignatures(Yaml yaml, Map<String, Node> m, SourcePos top, Problems problems) {
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

  private static String required(Yaml yaml, Map<String, Node> m, String key, SourcePos top, Problems problems) {
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
        md.update(tree.rel(f).getBytes(StandardCharsets.UTF_8));
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
