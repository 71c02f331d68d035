package dev.errorkb.render;

import dev.errorkb.check.Translations;
import dev.errorkb.model.Doc;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.Requirement;
import dev.errorkb.model.Section;
import dev.errorkb.model.SectionKind;
import dev.errorkb.model.SiteConfig;
import dev.errorkb.model.SourcePos;
import dev.errorkb.util.SitePaths;
import dev.errorkb.util.Slug;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Renders every page of the site into memory: path relative to the site root → bytes. Pages link
 * to each other with relative URLs ending in {@code index.html}, so one build works at a domain
 * root, under a sub-path and opened from disk.
 */
public final class SiteRenderer {
  /** How many entries the home page lists as recently updated. */
  static final int RECENT = 10;

  private final Markdown markdown;
  private final Pages pages;
  private final Messages messages;

  public SiteRenderer(Markdown markdown, Pages pages, Messages messages) {
    this.markdown = markdown;
    this.pages = pages;
    this.messages = messages;
  }

  /** The rendered pages and every problem found while rendering (links, templates). */
  /**
   * @param files rendered files by output path
   * @param copies files copied unchanged: output path → source path relative to the content root
   */
  public record Result(SortedMap<String, byte[]> files, SortedMap<String, String> copies, List<Problem> problems) {}

  /**
   * Renders every page with translation state (stale translations get a banner linking to their
   * source) and records in {@code plainText} the plain text of the cause and fix sections, for the
   * signature index to reuse.
   *
   * @param plainText made with this renderer's {@link Markdown}; null to record nothing
   */
  public Result render(KnowledgeBase kb, Translations translations, PlainTextMemo plainText) {
    SortedMap<String, byte[]> files = new ConcurrentSkipListMap<>();
    Result r = render(kb, translations, plainText, files::put, e -> true);
    return new Result(files, r.copies(), r.problems());
  }

  /**
   * Renders into {@code sink} (called from several threads) instead of memory, so a build can
   * write pages while it renders. Only entries accepted by {@code renderPages} get their pages
   * rendered; the others' pages are known unchanged (the build cache), but their asset copies are
   * still listed. The result's {@code files} is empty.
   */
  public Result render(KnowledgeBase kb, Translations translations, PlainTextMemo plainText,
      BiConsumer<String, byte[]> sink, Predicate<Entry> renderPages) {
    if (plainText != null && plainText.markdown() != markdown) {
      throw new IllegalArgumentException("the plain-text memo must use the renderer's Markdown");
    }
    SiteConfig site = kb.site();
    SortedMap<String, String> copies = new ConcurrentSkipListMap<>();
    List<Problem> problems = Collections.synchronizedList(new ArrayList<>());
    Map<String, Set<Lang>> entryLangs = entryLangs(kb);
    kb.entries().parallelStream().forEach(e -> {
      if (renderPages.test(e)) {
        renderEntry(site, e, entryLangs, translations, sink, copies, problems, plainText);
      } else {
        assetCopies(e, copies);
      }
    });
    SortedMap<String, List<Entry>> tags = tagIndex(kb);
    // The pages that list entries (home, tags, feed per language) name every entry: after a
    // one-entry edit they were most of the render step, one after the other on one core.
    List<Runnable> lists = new ArrayList<>();
    for (Lang lang : site.languages()) {
      lists.add(() -> renderHome(site, kb, tags, lang, sink, problems));
      for (String tag : tags.keySet()) {
        lists.add(() -> renderTag(site, tag, tags.get(tag), lang, sink, problems));
      }
      lists.add(() -> sink.accept(SitePaths.feed(lang), AtomFeed.xml(site, kb, lang).getBytes(StandardCharsets.UTF_8)));
    }
    lists.parallelStream().forEach(Runnable::run);
    renderChooser(site, sink, problems);
    renderNotFound(site, sink, problems);
    // A sitemap needs absolute <loc>s (sitemaps.org): without a baseUrl there is none (warning no-base-url).
    if (site.baseUrl().isPresent()) {
      sink.accept("sitemap.xml", Sitemap.xml(site, kb).getBytes(StandardCharsets.UTF_8));
    }
    return new Result(new TreeMap<>(), copies, dev.errorkb.model.Problems.sorted(problems));
  }

  /** The output path of each language page of {@code e}: what a cached entry keeps. */
  public static List<String> entryPages(Entry e) {
    return e.docs().keySet().stream().map(l -> SitePaths.entryPage(l, e.id())).toList();
  }

  /** Assets sit beside each language's page so relative references work unchanged. */
  private static void assetCopies(Entry e, SortedMap<String, String> copies) {
    for (Lang lang : e.docs().keySet()) {
      String path = SitePaths.entry(lang, e.id());
      for (String a : e.assets()) {
        copies.put(path + a, e.dir().isEmpty() ? a : e.dir() + "/" + a);
      }
    }
  }

  /** Every entry id with the languages it is written in: what links are checked against. */
  private static Map<String, Set<Lang>> entryLangs(KnowledgeBase kb) {
    Map<String, Set<Lang>> out = new HashMap<>();
    for (Entry e : kb.entries()) {
      out.put(e.id(), EnumSet.copyOf(e.docs().keySet()));
    }
    return out;
  }

  /**
   * Renders only the pages of the entries {@code ids} (every language, with their asset copies):
   * the dev server's fast path after an edit inside one entry folder. Lists, tag pages, feeds and
   * the sitemap are not rendered; links are still checked against every entry of {@code kb}.
   */
  public Result renderEntries(KnowledgeBase kb, Translations translations, Set<String> ids) {
    SortedMap<String, byte[]> files = new ConcurrentSkipListMap<>();
    SortedMap<String, String> copies = new ConcurrentSkipListMap<>();
    List<Problem> problems = Collections.synchronizedList(new ArrayList<>());
    Map<String, Set<Lang>> entryLangs = entryLangs(kb);
    kb.entries().stream().filter(e -> ids.contains(e.id()))
        .forEach(e -> renderEntry(kb.site(), e, entryLangs, translations, files::put, copies, problems, null));
    return new Result(files, copies, dev.errorkb.model.Problems.sorted(problems));
  }

  private Map<String, Object> base(SiteConfig site, Lang lang, String root, String path) {
    Map<String, Object> m = new HashMap<>();
    m.put("lang", lang.code());
    m.put("otherLang", lang.other().code());
    m.put("root", root);
    m.put("msg", messages.of(lang));
    m.put("site", Map.of("title", site.titles().get(lang)));
    Map<String, Object> page = new HashMap<>();
    page.put("path", path);
    page.put("alternates", List.of());
    page.put("switchHref", root + SitePaths.home(lang.other()) + SitePaths.INDEX);
    site.baseUrl().ifPresent(b -> page.put("canonical", b + path));
    m.put("page", page);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> page(Map<String, Object> model) {
    return (Map<String, Object>) model.get("page");
  }

  private static List<Map<String, String>> alternates(SiteConfig site, String root, Map<Lang, String> pathByLang) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Lang l : site.languages()) {
      String p = pathByLang.get(l);
      if (p != null) {
        out.add(Map.of("hreflang", l.code(), "href", site.baseUrl().map(b -> b + p).orElse(root + p + SitePaths.INDEX)));
      }
    }
    Lang def = pathByLang.containsKey(site.defaultLang()) ? site.defaultLang() : pathByLang.keySet().iterator().next();
    String p = pathByLang.get(def);
    out.add(Map.of("hreflang", "x-default", "href", site.baseUrl().map(b -> b + p).orElse(root + p + SitePaths.INDEX)));
    return out;
  }

  private void put(BiConsumer<String, byte[]> files, String path, Optional<String> html) {
    html.ifPresent(h -> files.accept(path, h.getBytes(StandardCharsets.UTF_8)));
  }

  private void renderEntry(SiteConfig site, Entry e, Map<String, Set<Lang>> entryLangs, Translations translations,
      BiConsumer<String, byte[]> files, SortedMap<String, String> copies, List<Problem> problems, PlainTextMemo plainText) {
    Map<Lang, String> paths = new TreeMap<>();
    for (Lang l : e.docs().keySet()) {
      paths.put(l, SitePaths.entry(l, e.id()));
    }
    for (Doc doc : e.docs().values()) {
      Lang lang = doc.lang();
      String path = SitePaths.entry(lang, e.id());
      Map<String, Object> m = base(site, lang, "../../", path);
      page(m).put("alternates", alternates(site, "../../", paths));
      Optional<Doc> other = e.doc(lang.other());
      String otherHref = other.isPresent() ? "../../" + SitePaths.entryPage(lang.other(), e.id()) : null;
      page(m).put("switchHref", otherHref != null ? otherHref : "../../" + SitePaths.home(lang.other()) + SitePaths.INDEX);
      LinkTarget target = new LinkTarget(lang, Set.copyOf(e.assets()), entryLangs);
      Map<String, Object> em = entryModel(e, doc, otherHref, target, problems, plainText);
      Translations.Status ts = translations.status(e.id(), lang);
      if (ts.state() == Translations.State.STALE && otherHref != null) {
        em.put("stale", Map.of("sourceHref", otherHref, "sourceLang", lang.other().code(), "critical", ts.critical()));
      }
      m.put("entry", em);
      put(files, path + SitePaths.INDEX, pages.render("entry.ftlh", m, problems));
      // Assets sit beside each language's page so relative references work unchanged.
      for (String a : e.assets()) {
        copies.put(path + a, e.dir().isEmpty() ? a : e.dir() + "/" + a);
      }
    }
  }

  private Map<String, Object> entryModel(Entry e, Doc doc, String otherHref, LinkTarget target, List<Problem> problems,
      PlainTextMemo plainText) {
    Lang lang = doc.lang();
    Map<String, Object> x = new HashMap<>();
    x.put("id", e.id());
    x.put("title", doc.title());
    x.put("summary", doc.summary());
    x.put("product", e.product());
    x.put("productSlug", Slug.page(e.product()));
    e.component().ifPresent(c -> x.put("component", c));
    e.versions().ifPresent(v -> x.put("versions", v));
    e.updated().ifPresent(u -> x.put("updated", u.toString()));
    x.put("severity", e.severity().key());
    x.put("fallback", false);
    if (otherHref != null) {
      x.put("otherHref", otherHref);
    }
    x.put("tags", e.tags().stream().map(t -> Map.of("tag", t, "href", "../tags/" + t + "/" + SitePaths.INDEX)).toList());
    x.put("signatures", e.signatures().stream()
        .map(s -> Map.of("text", s.text(), "lang", s.langKey())).toList());
    // The intro and every section are rendered from one parse of the file (see Markdown.renderAll).
    List<Markdown.Fragment> fragments = new ArrayList<>(doc.sections().size() + 1);
    boolean intro = !doc.intro().isBlank();
    if (intro) {
      fragments.add(new Markdown.Fragment(doc.intro(), new SourcePos(doc.path(), doc.bodyLine(), 1), false));
    }
    for (Section s : doc.sections()) {
      boolean indexed = plainText != null && (s.kind() == SectionKind.CAUSE || s.kind() == SectionKind.FIX);
      fragments.add(new Markdown.Fragment(s.markdown(), new SourcePos(s.pos().path(), s.pos().line() + 1, 1), indexed));
    }
    List<Markdown.Html> html = markdown.renderAll(fragments, target, problems);
    x.put("intro", intro ? html.get(0).html() : "");
    List<Map<String, Object>> others = new ArrayList<>();
    EnumSet<SectionKind> seen = EnumSet.noneOf(SectionKind.class);
    int i = intro ? 1 : 0;
    for (Section s : doc.sections()) {
      Markdown.Html h = html.get(i++);
      if (h.plainText() != null) {
        plainText.record(s.markdown(), h.plainText());
      }
      Map<String, Object> sec = Map.of("heading", s.heading(), "html", h.html());
      if (s.kind() == SectionKind.OTHER || !seen.add(s.kind())) {
        others.add(sec);
      } else {
        x.put(switch (s.kind()) {
          case SYMPTOMS -> "symptoms";
          case CAUSE -> "cause";
          case FIX -> "fix";
          case VERIFY -> "verifySection";
          case OTHER -> throw new IllegalStateException();
        }, sec);
      }
    }
    x.put("others", others);
    e.verify().ifPresent(v -> {
      Map<String, Object> vm = new HashMap<>();
      vm.put("command", v.command());
      v.expectFor(lang).ifPresent(ex -> vm.put("expect", ex));
      x.put("verify", vm);
    });
    Map<String, List<Map<String, Object>>> byKind = new LinkedHashMap<>();
    for (Requirement r : e.requires()) {
      Map<String, Object> rm = new HashMap<>();
      rm.put("value", r.value());
      r.noteFor(lang).ifPresent(n -> rm.put("note", n));
      byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(rm);
    }
    Map<String, String> msg = messages.of(lang);
    x.put("requires", byKind.entrySet().stream().map(en -> Map.of(
        "kind", en.getKey(),
        "label", msg.getOrDefault("requires." + en.getKey(), en.getKey()),
        "items", en.getValue())).toList());
    x.put("references", e.references().stream().map(r -> Map.of("url", r.url(), "title", r.title())).toList());
    return x;
  }

  /** One list item: links to this language's page, or to the other language with a marker. */
  private static Map<String, Object> item(Entry e, Lang lang, String root) {
    Map<String, Object> m = new HashMap<>();
    Doc d = e.docOrFallback(lang);
    m.put("id", e.id());
    m.put("title", d.title());
    m.put("summary", d.summary());
    m.put("href", root + SitePaths.entryPage(d.lang(), e.id()));
    if (d.lang() != lang) {
      m.put("onlyIn", d.lang().code());
    }
    return m;
  }

  private void renderHome(SiteConfig site, KnowledgeBase kb, SortedMap<String, List<Entry>> tags, Lang lang,
      BiConsumer<String, byte[]> files, List<Problem> problems) {
    String root = "../";
    Map<String, Object> m = base(site, lang, root, SitePaths.home(lang));
    Map<Lang, String> paths = new TreeMap<>();
    site.languages().forEach(l -> paths.put(l, SitePaths.home(l)));
    page(m).put("alternates", alternates(site, root, paths));
    Map<String, List<Entry>> groups = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Entry e : kb.entries()) {
      groups.computeIfAbsent(e.product(), k -> new ArrayList<>()).add(e);
    }
    m.put("total", kb.entries().size());
    m.put("groups", groups.entrySet().stream().map(g -> Map.of(
        "product", g.getKey(), "slug", Slug.page(g.getKey()),
        "entries", g.getValue().stream().sorted(Comparator.comparing((Entry e) -> e.docOrFallback(lang).title())
            .thenComparing(Entry::id)).map(e -> item(e, lang, root)).toList())).toList());
    m.put("recent", kb.entries().stream().filter(e -> e.updated().isPresent())
        .sorted(Comparator.comparing((Entry e) -> e.updated().orElseThrow()).reversed().thenComparing(Entry::id))
        .limit(RECENT).map(e -> item(e, lang, root)).toList());
    m.put("tags", tags.entrySet().stream().map(t -> Map.of(
        "tag", t.getKey(), "count", t.getValue().size(), "href", "tags/" + t.getKey() + "/" + SitePaths.INDEX)).toList());
    put(files, SitePaths.home(lang) + SitePaths.INDEX, pages.render("home.ftlh", m, problems));
  }

  private static SortedMap<String, List<Entry>> tagIndex(KnowledgeBase kb) {
    SortedMap<String, List<Entry>> tags = new TreeMap<>();
    for (Entry e : kb.entries()) {
      for (String t : e.tags()) {
        tags.computeIfAbsent(t, k -> new ArrayList<>()).add(e);
      }
    }
    return tags;
  }

  private void renderTag(SiteConfig site, String tag, List<Entry> entries, Lang lang, BiConsumer<String, byte[]> files,
      List<Problem> problems) {
    String root = "../../../";
    String path = SitePaths.tag(lang, tag);
    Map<String, Object> m = base(site, lang, root, path);
    Map<Lang, String> paths = new TreeMap<>();
    site.languages().forEach(l -> paths.put(l, SitePaths.tag(l, tag)));
    page(m).put("alternates", alternates(site, root, paths));
    page(m).put("switchHref", root + SitePaths.tag(lang.other(), tag) + SitePaths.INDEX);
    m.put("tag", tag);
    m.put("entries", entries.stream().map(e -> item(e, lang, root)).toList());
    put(files, path + SitePaths.INDEX, pages.render("tag.ftlh", m, problems));
  }

  private void renderChooser(SiteConfig site, BiConsumer<String, byte[]> files, List<Problem> problems) {
    Map<String, Object> m = new HashMap<>();
    m.put("defaultLang", site.defaultLang().code());
    m.put("languages", site.languages().stream().map(l -> Map.of(
        "code", l.code(), "siteTitle", site.titles().get(l),
        "name", messages.get(l, "lang.name"), "lead", messages.get(l, "chooser.lead"))).toList());
    Map<String, Object> page = new HashMap<>();
    Map<Lang, String> paths = new TreeMap<>();
    site.languages().forEach(l -> paths.put(l, SitePaths.home(l)));
    page.put("alternates", alternates(site, "", paths));
    site.baseUrl().ifPresent(b -> page.put("canonical", b));
    m.put("page", page);
    put(files, SitePaths.INDEX, pages.render("index.ftlh", m, problems));
  }

  private void renderNotFound(SiteConfig site, BiConsumer<String, byte[]> files, List<Problem> problems) {
    Lang lang = site.defaultLang();
    // Absolute root when the base URL is known: a server shows 404.html at any depth.
    String root = site.baseUrl().orElse("");
    Map<String, Object> m = base(site, lang, root, "404.html");
    page(m).remove("canonical");
    m.put("languages", site.languages().stream().map(l -> Map.of(
        "code", l.code(), "home", messages.get(l, "notfound.home"))).collect(Collectors.toList()));
    put(files, "404.html", pages.render("notfound.ftlh", m, problems));
  }
}
