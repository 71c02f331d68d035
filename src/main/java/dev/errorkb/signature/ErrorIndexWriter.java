package dev.errorkb.signature;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.errorkb.model.Doc;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.model.SectionKind;
import dev.errorkb.model.Signature;
import dev.errorkb.model.SiteConfig;
import dev.errorkb.util.SitePaths;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Builds errors.json (docs/errors-json.md) from a knowledge base: deterministic bytes, keys sorted,
 * entries sorted by id. Signatures that fail to compile are left out; {@link SignatureChecks}
 * reports them.
 */
public final class ErrorIndexWriter {

  /** Where the JSON Schema lives on the class path; publish it as site/errors.schema.json. */
  public static final String SCHEMA_RESOURCE = "/dev/errorkb/signature/errors.schema.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private ErrorIndexWriter() {}

  /** The index as values, for consumers in the same process (e.g. {@code match --content}). */
  public static IndexDocument build(KnowledgeBase kb, UnaryOperator<String> plainText, String generator) {
    return build(kb, plainText, generator, null);
  }

  /** The same, handing what compiling each entry's signatures found to {@code compiled} (when not null) for the signature checks. */
  public static IndexDocument build(KnowledgeBase kb, UnaryOperator<String> plainText, String generator,
      SignatureChecks.Compilations compiled) {
    return build(kb, plainText, generator, compiled, IndexMemo.NONE);
  }

  /**
   * The same, taking an entry's record and compile results from {@code memo} where it has them
   * (by content hash) and recording the others in it: the document does not depend on the memo.
   */
  public static IndexDocument build(KnowledgeBase kb, UnaryOperator<String> plainText, String generator,
      SignatureChecks.Compilations compiled, IndexMemo memo) {
    Optional<String> baseUrl = kb.site().baseUrl().map(SiteConfig::withSlash);
    List<Entry> all = kb.entries();
    // Entries are independent (plain text, signature compilation): on all cores, then sorted.
    List<IndexEntry> entries = new ArrayList<>(java.util.stream.IntStream.range(0, all.size()).parallel()
        .mapToObj(i -> {
          Entry e = all.get(i);
          IndexMemo.Made made = memo.recall(e.contentHash()).filter(m -> m.entry().id().equals(e.id())).orElse(null);
          if (made == null) {
            List<List<SignatureChecks.Compiled>> results = new ArrayList<>(1);
            IndexEntry ie = entry(e, plainText, baseUrl, results::add);
            made = new IndexMemo.Made(ie, results.get(0));
            memo.remember(e.contentHash(), made);
          }
          if (compiled != null) {
            compiled.put(i, made.compiled());
          }
          return made.entry();
        }).toList());
    entries.sort(Comparator.comparing(IndexEntry::id));
    return new IndexDocument(
        IndexDocument.SCHEMA_VERSION, Normalizer.NORMALIZER_VERSION, "re2", generator, baseUrl, entries);
  }

  private static IndexEntry entry(Entry e, UnaryOperator<String> plainText, Optional<String> baseUrl,
      java.util.function.Consumer<List<SignatureChecks.Compiled>> compiled) {
    TreeMap<String, String> title = new TreeMap<>();
    TreeMap<String, String> summary = new TreeMap<>();
    TreeMap<String, String> cause = new TreeMap<>();
    TreeMap<String, String> fix = new TreeMap<>();
    TreeMap<String, String> url = new TreeMap<>();
    TreeMap<String, String> abs = new TreeMap<>();
    for (Map.Entry<Lang, Doc> d : e.docs().entrySet()) {
      String lang = d.getKey().code();
      Doc doc = d.getValue();
      title.put(lang, doc.title());
      summary.put(lang, plainText.apply(doc.summary()).strip());
      doc.section(SectionKind.CAUSE).ifPresent(s -> cause.put(lang, plainText.apply(s.markdown()).strip()));
      doc.section(SectionKind.FIX).ifPresent(s -> fix.put(lang, plainText.apply(s.markdown()).strip()));
      String rel = SitePaths.entry(d.getKey(), e.id());
      url.put(lang, rel);
      baseUrl.ifPresent(b -> abs.put(lang, b + rel));
    }
    List<IndexSignature> sigs = new ArrayList<>();
    List<SignatureChecks.Compiled> results = compiled == null ? null : new ArrayList<>();
    for (Signature s : e.signatures()) {
      SignatureCompiler.Result r = SignatureCompiler.compile(e.id(), s);
      r.signature().ifPresent(sigs::add);
      if (results != null) {
        results.add(SignatureChecks.Compiled.of(r));
      }
    }
    if (compiled != null) {
      compiled.accept(results);
    }
    List<IndexEntry.Requirement> req = new ArrayList<>();
    e.requires().forEach(r -> req.add(new IndexEntry.Requirement(r.kind(), r.value(), r.note())));
    return new IndexEntry(
        e.id(), title, summary, cause, fix, url, abs, e.product(), e.tags(), e.severity().key(), req,
        e.updated().map(Object::toString), e.contentHash(), sigs);
  }

  /** Serialises a document: sorted keys, no insignificant whitespace, UTF-8, final newline. */
  public static byte[] toJson(IndexDocument doc) {
    return toJson(doc, id -> Set.of());
  }

  /** {@link #toJson(IndexDocument)} with the stale translation languages of each entry id. */
  public static byte[] toJson(IndexDocument doc, Function<String, Set<Lang>> staleLangs) {
    Map<String, Object> root = new TreeMap<>();
    root.put("schemaVersion", doc.schemaVersion());
    root.put("normalizerVersion", doc.normalizerVersion());
    root.put("rankingVersion", Ranking.RANKING_VERSION);
    root.put("regexDialect", doc.regexDialect());
    root.put("generator", doc.generator());
    doc.baseUrl().ifPresent(b -> root.put("baseUrl", b));
    List<Object> entries = new ArrayList<>();
    for (IndexEntry e : doc.entries()) {
      Map<String, Object> m = new TreeMap<>();
      m.put("id", e.id());
      m.put("title", e.title());
      m.put("summary", e.summary());
      m.put("cause", e.cause());
      m.put("fix", e.fix());
      m.put("url", e.url());
      if (!e.absoluteUrl().isEmpty()) {
        m.put("absoluteUrl", e.absoluteUrl());
      }
      m.put("product", e.product());
      m.put("tags", e.tags());
      m.put("severity", e.severity());
      List<Object> req = new ArrayList<>();
      for (IndexEntry.Requirement r : e.requires()) {
        Map<String, Object> rm = new TreeMap<>();
        rm.put("kind", r.kind());
        rm.put("value", r.value());
        r.note().ifPresent(n -> rm.put("note", n));
        req.add(rm);
      }
      m.put("requires", req);
      e.updated().ifPresent(u -> m.put("updated", u));
      m.put("contentHash", e.contentHash());
      Set<Lang> stale = staleLangs.apply(e.id());
      if (!stale.isEmpty()) {
        Map<String, Object> sm = new TreeMap<>();
        stale.forEach(l -> sm.put(l.code(), true));
        m.put("stale", sm);
      }
      List<Object> sigs = new ArrayList<>();
      for (IndexSignature s : e.signatures()) {
        Map<String, Object> sm = new LinkedHashMap<>();
        sm.put("id", s.id());
        sm.put("lang", s.lang());
        sm.put("text", s.text());
        sm.put("template", s.template());
        sm.put("regex", s.regex());
        sm.put("anchors", s.anchors());
        // Schema 1.2.0 (issue 13): how many lines the signature spans, for line-by-line scanners.
        sm.put("lines", s.text().split("\n", -1).length);
        sigs.add(sm);
      }
      m.put("signatures", sigs);
      entries.add(m);
    }
    root.put("entries", entries);
    try {
      byte[] body = JSON.writeValueAsBytes(root);
      byte[] out = java.util.Arrays.copyOf(body, body.length + 1);
      out[body.length] = '\n';
      return out;
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
