package dev.errorkb.cache;

import dev.errorkb.model.Doc;
import dev.errorkb.model.Entry;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.Reference;
import dev.errorkb.model.Requirement;
import dev.errorkb.model.Section;
import dev.errorkb.model.SectionKind;
import dev.errorkb.model.Severity;
import dev.errorkb.model.Signature;
import dev.errorkb.model.SourcePos;
import dev.errorkb.model.Verify;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A compact binary form of what reading one entry folder gives (its {@link Entry}, if any, and
 * its problems), so that a rebuild decodes unchanged entries instead of parsing their YAML and
 * Markdown again (issue 15). Decoding gives records equal to the ones encoded. No version field of
 * its own: the cache file that holds these bytes is keyed by {@link BuildCache#generatorId()}, so
 * another errorkb never reads them. Arguments are decoded left to right (Java's evaluation order).
 */
final class ModelCodec {
  private ModelCodec() {}

  /** Encodes an entry read: the entry if reading gave one, and the problems reading reported. */
  static byte[] encode(Optional<Entry> entry, List<Problem> problems) {
    Leb128.Out o = new Leb128.Out();
    o.bool(entry.isPresent());
    entry.ifPresent(e -> entry(o, e));
    o.list(problems, p -> problem(o, p));
    return o.bytes();
  }

  /** What {@link #encode} was given. */
  record Decoded(Optional<Entry> entry, List<Problem> problems) {}

  static Decoded decode(byte[] bytes, int offset, int length) {
    Leb128.In in = new Leb128.In(bytes, offset, offset + length);
    Optional<Entry> e = in.bool() ? Optional.of(entry(in)) : Optional.empty();
    List<Problem> problems = in.list(() -> problem(in));
    if (!in.atEnd()) {
      throw new IllegalArgumentException("trailing bytes in an entry record");
    }
    return new Decoded(e, problems);
  }

  private static void entry(Leb128.Out o, Entry e) {
    o.str(e.id());
    o.str(e.dir());
    o.str(e.product());
    o.opt(e.component());
    o.strs(e.tags());
    o.num(e.severity().ordinal());
    o.opt(e.versions());
    o.opt(e.updated().map(LocalDate::toString));
    o.list(e.signatures(), s -> {
      o.str(s.text());
      o.opt(s.lang().map(Lang::code));
      o.opt(s.pattern());
      o.strs(s.examples());
      pos(o, s.pos());
    });
    o.list(e.requires(), r -> {
      o.str(r.kind());
      o.str(r.value());
      o.opt(r.note());
      langMap(o, r.notes());
    });
    o.bool(e.verify().isPresent());
    e.verify().ifPresent(v -> {
      o.str(v.command());
      o.opt(v.expect());
      langMap(o, v.expects());
    });
    o.list(e.references(), r -> {
      o.str(r.url());
      o.str(r.title());
    });
    o.list(List.copyOf(e.docs().values()), d -> doc(o, d));
    o.strs(e.assets());
    o.str(e.contentHash());
    pos(o, e.pos());
  }

  private static Entry entry(Leb128.In in) {
    String id = in.str();
    String dir = in.str();
    String product = in.str();
    Optional<String> component = in.opt();
    List<String> tags = in.strs();
    Severity severity = Severity.values()[in.num()];
    Optional<String> versions = in.opt();
    Optional<LocalDate> updated = in.opt().map(LocalDate::parse);
    List<Signature> signatures = in.list(() -> new Signature(in.str(), in.opt().map(ModelCodec::lang), in.opt(), in.strs(), pos(in)));
    List<Requirement> requires = in.list(() -> new Requirement(in.str(), in.str(), in.opt(), langMap(in)));
    Optional<Verify> verify = in.bool() ? Optional.of(new Verify(in.str(), in.opt(), langMap(in))) : Optional.empty();
    List<Reference> references = in.list(() -> new Reference(in.str(), in.str()));
    TreeMap<Lang, Doc> docs = new TreeMap<>();
    for (Doc d : in.list(() -> doc(in))) {
      docs.put(d.lang(), d);
    }
    return new Entry(id, dir, product, component, tags, severity, versions, updated, signatures, requires, verify,
        references, docs, in.strs(), in.str(), pos(in));
  }

  private static void doc(Leb128.Out o, Doc d) {
    o.str(d.lang().code());
    o.str(d.path());
    o.str(d.title());
    o.str(d.summary());
    o.str(d.intro());
    o.list(d.sections(), s -> {
      o.num(s.kind().ordinal());
      o.str(s.heading());
      o.str(s.markdown());
      pos(o, s.pos());
    });
    o.opt(d.translatedFrom());
    o.str(d.bodyHash());
    o.num(d.bodyLine());
    o.opt(d.translatedFacts());
    o.num(d.translatedFromLine());
    o.num(d.translatedFactsLine());
  }

  private static Doc doc(Leb128.In in) {
    return new Doc(lang(in.str()), in.str(), in.str(), in.str(), in.str(),
        in.list(() -> new Section(SectionKind.values()[in.num()], in.str(), in.str(), pos(in))),
        in.opt(), in.str(), in.num(), in.opt(), in.num(), in.num());
  }

  static void problem(Leb128.Out o, Problem p) {
    pos(o, p.pos());
    o.num(p.level().ordinal());
    o.str(p.rule());
    o.str(p.message());
  }

  static Problem problem(Leb128.In in) {
    return new Problem(pos(in), Problem.Level.values()[in.num()], in.str(), in.str());
  }

  private static void pos(Leb128.Out o, SourcePos p) {
    o.num(p.root().ordinal());
    o.str(p.path());
    o.num(p.line());
    o.num(p.column());
  }

  private static SourcePos pos(Leb128.In in) {
    return new SourcePos(SourcePos.Root.values()[in.num()], in.str(), in.num(), in.num());
  }

  /** In {@link Lang} order, so equal maps encode to equal bytes. */
  private static void langMap(Leb128.Out o, Map<Lang, String> m) {
    List<Lang> keys = new ArrayList<>(new TreeMap<>(m).keySet());
    o.num(keys.size());
    for (Lang l : keys) {
      o.str(l.code());
      o.str(m.get(l));
    }
  }

  private static Map<Lang, String> langMap(Leb128.In in) {
    int n = in.num();
    Map<Lang, String> m = new EnumMap<>(Lang.class);
    for (int i = 0; i < n; i++) {
      m.put(lang(in.str()), in.str());
    }
    return m;
  }

  private static Lang lang(String code) {
    return Lang.find(code).orElseThrow(() -> new IllegalArgumentException("unknown language " + code));
  }
}
