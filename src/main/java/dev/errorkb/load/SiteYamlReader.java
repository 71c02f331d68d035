package dev.errorkb.load;

import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.Problems;
import dev.errorkb.model.SiteConfig;
import dev.errorkb.model.SourcePos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code site.yaml}: titles, languages, base URL, heading names and allowed HTML tags. A
 * missing or broken file gives located problems and the defaults, so entries still load and are
 * checked. Split out of {@link ContentLoader} (issue 14).
 */
final class SiteYamlReader {
  static final List<String> SITE_KEYS = List.of("title", "languages", "baseUrl", "headings", "allowHtml");
  static final Set<String> HEADING_KEYS = Set.of("symptoms", "cause", "fix", "verify");

  private final ContentTree tree;

  SiteYamlReader(ContentTree tree) {
    this.tree = tree;
  }

  static SiteConfig defaultSite() {
    return new SiteConfig(Map.of(Lang.JA, "Knowledge base", Lang.EN, "Knowledge base"),
        List.of(Lang.JA, Lang.EN), Optional.empty(), Map.of(), Set.of());
  }

  SiteConfig read(Problems problems) {
    Path p = tree.root().resolve("site.yaml");
    String path = "site.yaml";
    if (!Files.isRegularFile(p)) {
      problems.add(Problem.error(SourcePos.file(path), "missing-file",
          "content/site.yaml not found; it sets the site title and languages"));
      return defaultSite();
    }
    Optional<String> text = tree.readText(p, problems);
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
      int listed = problems.mark();
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
          if (!problems.errorsSince(listed)) {
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

  private Map<Lang, String> readPerLang(Yaml yaml, Node node, String what, Problems problems) {
    Map<Lang, String> out = new EnumMap<>(Lang.class);
    yaml.mapping(node, what, List.of("ja", "en")).ifPresent(mm -> mm.forEach((code, v) ->
        yaml.nonBlank(v, what + "." + code).ifPresent(s -> out.put(Lang.find(code).orElseThrow(), s))));
    return out;
  }
}
