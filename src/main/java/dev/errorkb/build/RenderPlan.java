package dev.errorkb.build;

import dev.errorkb.cache.EntryCache;
import dev.errorkb.check.Translations;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.publish.Publisher;
import dev.errorkb.render.SiteRenderer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Which entries a build can leave unrendered (issue 7): an entry whose render key — its content
 * hash, its translation state, and everything every page depends on (errorkb itself, templates and
 * message bundles, site.yaml, the base URL, which entries exist in which language) — equals the
 * key recorded when the published site was built keeps its pages and problems from the record
 * (the signature index takes its plain text from its own cache, {@link dev.errorkb.cache.IndexCache}). Anything else is rendered. A key mismatch can only cost time, never a stale page.
 */
final class RenderPlan {
  /** Null for a plan that renders everything and records nothing; else the records, read when first asked for. */
  private final java.util.function.Supplier<EntryCache> cache;
  private final String base;
  private final Publisher.Session session;
  private final Map<String, String> keys = new ConcurrentHashMap<>();
  private final Map<String, EntryCache.Record> kept = new ConcurrentHashMap<>();

  private RenderPlan(java.util.function.Supplier<EntryCache> cache, String base, Publisher.Session session) {
    this.cache = cache;
    this.base = base;
    this.session = session;
  }

  /** Renders every entry and records nothing: {@code check}, {@code serve}, {@code --no-cache}. */
  static RenderPlan everything() {
    return new RenderPlan(null, null, null);
  }

  /**
   * Keeps, in {@code session}, the pages of every entry whose record in {@code cache} still holds.
   *
   * @param cache the records, asked for once the entries are loaded (so a build can read them
   *     beside the load)
   * @param base what every page depends on besides the entries: a hash of errorkb, templates, site.yaml, options
   */
  static RenderPlan reusing(java.util.function.Supplier<EntryCache> cache, String base, Publisher.Session session) {
    return new RenderPlan(cache, base, session);
  }

  /** Whether this plan can keep entries (and so has steps worth timing). */
  boolean reuses() {
    return cache != null;
  }

  /**
   * Decides for every entry; the kept ones' pages are kept in the session. Returns which entries
   * must be rendered.
   */
  Predicate<Entry> plan(KnowledgeBase kb, Translations translations) {
    if (cache == null) {
      return e -> true;
    }
    EntryCache records = cache.get();
    StringBuilder langs = new StringBuilder();
    for (Entry e : kb.entries()) {
      langs.append(e.id()).append(e.docs().keySet()).append('\n');
    }
    String global = EntryCache.key(base, kb.site().languages().toString(), EntryCache.key(langs.toString()));
    kb.entries().parallelStream().forEach(e -> {
      StringBuilder state = new StringBuilder();
      for (Lang l : e.docs().keySet()) {
        state.append(translations.status(e.id(), l)).append('\n');
      }
      String key = EntryCache.key(global, e.contentHash(), state.toString());
      keys.put(e.id(), key);
      // An entry at the content root has no folder of its own to attribute problems to.
      if (e.dir().isEmpty()) {
        return;
      }
      records.get(e.id(), key).ifPresent(r -> {
        List<String> pages = SiteRenderer.entryPages(e);
        if (r.pages().keySet().equals(Set.copyOf(pages)) && pages.stream().allMatch(p -> session.keep(p, r.pages().get(p)))) {
          kept.put(e.id(), r);
        }
      });
    });
    return e -> !kept.containsKey(e.id());
  }

  int keptCount() {
    return kept.size();
  }

  /** The problems rendering reported for the entries that were not rendered this time. */
  List<Problem> keptProblems() {
    List<Problem> out = new ArrayList<>();
    kept.values().forEach(r -> out.addAll(r.problems()));
    return out;
  }

  /** Records every entry of this build, for the next one. */
  void store(KnowledgeBase kb, List<Problem> renderProblems, UnaryOperator<String> publishedHash) {
    if (cache == null) {
      return;
    }
    Map<String, List<Problem>> problemsByDir = new HashMap<>();
    Set<String> dirs = new java.util.HashSet<>();
    kb.entries().forEach(e -> dirs.add(e.dir()));
    for (Problem p : renderProblems) {
      if (p.pos().root() != dev.errorkb.model.SourcePos.Root.CONTENT) {
        continue; // a template's problem belongs to no entry
      }
      String path = p.pos().path();
      int slash = path.lastIndexOf('/');
      String dir = slash < 0 ? "" : path.substring(0, slash);
      if (dirs.contains(dir)) {
        problemsByDir.computeIfAbsent(dir, k -> new ArrayList<>()).add(p);
      }
    }
    // Entries are independent: built on all cores, written in id order.
    List<EntryCache.Record> records = kb.entries().parallelStream().map(e -> {
      EntryCache.Record old = kept.get(e.id());
      if (old != null) {
        return old;
      }
      if (e.dir().isEmpty()) {
        return null;
      }
      Map<String, String> pages = new HashMap<>();
      for (String p : SiteRenderer.entryPages(e)) {
        String h = publishedHash.apply(p);
        if (h != null) {
          pages.put(p, h);
        }
      }
      return new EntryCache.Record(e.id(), keys.get(e.id()), pages, problemsByDir.getOrDefault(e.dir(), List.of()));
    }).filter(java.util.Objects::nonNull).toList();
    cache.get().write(records);
  }
}
