package dev.errorkb.signature;

import dev.errorkb.model.Doc;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Requirement;
import dev.errorkb.model.Section;
import dev.errorkb.model.SectionKind;
import dev.errorkb.model.Severity;
import dev.errorkb.model.Signature;
import dev.errorkb.model.SiteConfig;
import dev.errorkb.model.SourcePos;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Builds knowledge bases in memory for signature tests and the benchmarks. */
public final class TestKb {
  private final List<Entry> entries = new ArrayList<>();
  private Optional<String> baseUrl = Optional.empty();

  public TestKb baseUrl(String url) {
    baseUrl = Optional.of(url);
    return this;
  }

  /** Starts an entry; finish it with {@link EntryBuilder#add()}. */
  public EntryBuilder entry(String id) {
    return new EntryBuilder(id);
  }

  public KnowledgeBase build() {
    SiteConfig site =
        new SiteConfig(Map.of(Lang.EN, "KB", Lang.JA, "KB"), List.of(Lang.JA, Lang.EN), baseUrl, Map.of(), Set.of());
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(java.util.Comparator.comparing(Entry::id));
    return new KnowledgeBase(site, sorted);
  }

  /** One entry under construction. */
  public final class EntryBuilder {
    private final String id;
    private final List<Signature> sigs = new ArrayList<>();
    private final TreeMap<Lang, Doc> docs = new TreeMap<>();
    private final List<String> tags = new ArrayList<>();
    private String product = "Product";

    EntryBuilder(String id) {
      this.id = id;
    }

    public EntryBuilder product(String p) {
      product = p;
      return this;
    }

    public EntryBuilder tag(String t) {
      tags.add(t);
      return this;
    }

    public EntryBuilder sig(Lang lang, String text, String... examples) {
      int line = 5 + sigs.size() * 3;
      sigs.add(new Signature(text, Optional.ofNullable(lang), Optional.empty(), List.of(examples),
          new SourcePos(dir() + "/entry.yaml", line, 5)));
      return this;
    }

    public EntryBuilder pattern(Lang lang, String text, String pattern) {
      sigs.add(new Signature(text, Optional.ofNullable(lang), Optional.of(pattern), List.of(),
          new SourcePos(dir() + "/entry.yaml", 40 + sigs.size(), 5)));
      return this;
    }

    public EntryBuilder doc(Lang lang, String title, String summary, String cause, String fix) {
      String path = dir() + "/" + lang.code() + ".md";
      List<Section> sections = new ArrayList<>();
      sections.add(new Section(SectionKind.CAUSE, "Cause", cause, new SourcePos(path, 6, 1)));
      sections.add(new Section(SectionKind.FIX, "Fix", fix, new SourcePos(path, 9, 1)));
      docs.put(lang, new Doc(lang, path, title, summary, "", sections, Optional.empty(), "000000000000", 4, Optional.empty(), 1, 1));
      return this;
    }

    private String dir() {
      return "p/" + id;
    }

    public TestKb add() {
      entries.add(
          new Entry(id, dir(), product, Optional.empty(), tags, Severity.ERROR, Optional.empty(),
              Optional.of(LocalDate.of(2026, 1, 2)), sigs,
              List.of(new Requirement("iam-action", "x:Y", Optional.empty())), Optional.empty(), List.of(),
              docs, List.of(), "ab".repeat(32), new SourcePos(dir() + "/entry.yaml", 1, 1)));
      return TestKb.this;
    }
  }
}
