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
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
    Out o = new Out();
    o.bool(entry.isPresent());
    entry.ifPresent(e -> entry(o, e));
    o.list(problems, p -> problem(o, p));
    return o.bytes();
  }

  /** What {@link #encode} was given. */
  record Decoded(Optional<Entry> entry, List<Problem> problems) {}

  static Decoded decode(byte[] bytes, int offset, int length) {
    In in = new In(bytes, offset, offset + length);
    Optional<Entry> e = in.bool() ? Optional.of(entry(in)) : Optional.empty();
    List<Problem> problems = in.list(() -> problem(in));
    if (in.pos != in.end) {
      throw new IllegalArgumentException("trailing bytes in an entry record");
    }
    return new Decoded(e, problems);
  }

  private static void entry(Out o, Entry e) {
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

  private static Entry entry(In in) {
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

  private static void doc(Out o, Doc d) {
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

  private static Doc doc(In in) {
    return new Doc(lang(in.str()), in.str(), in.str(), in.str(), in.str(),
        in.list(() -> new Section(SectionKind.values()[in.num()], in.str(), in.str(), pos(in))),
        in.opt(), in.str(), in.num(), in.opt(), in.num(), in.num());
  }

  private static void problem(Out o, Problem p) {
    pos(o, p.pos());
    o.num(p.level().ordinal());
    o.str(p.rule());
    o.str(p.message());
  }

  private static Problem problem(In in) {
    return new Problem(pos(in), Problem.Level.values()[in.num()], in.str(), in.str());
  }

  private static void pos(Out o, SourcePos p) {
    o.num(p.root().ordinal());
    o.str(p.path());
    o.num(p.line());
    o.num(p.column());
  }

  private static SourcePos pos(In in) {
    return new SourcePos(SourcePos.Root.values()[in.num()], in.str(), in.num(), in.num());
  }

  /** In {@link Lang} order, so equal maps encode to equal bytes. */
  private static void langMap(Out o, Map<Lang, String> m) {
    List<Lang> keys = new ArrayList<>(new TreeMap<>(m).keySet());
    o.num(keys.size());
    for (Lang l : keys) {
      o.str(l.code());
      o.str(m.get(l));
    }
  }

  private static Map<Lang, String> langMap(In in) {
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

  /** Unsigned LEB128 numbers and length-prefixed UTF-8 strings. */
  private static final class Out {
    private final ByteArrayOutputStream b = new ByteArrayOutputStream(1024);

    void num(int v) {
      if (v < 0) {
        throw new IllegalArgumentException("negative number " + v);
      }
      while ((v & ~0x7f) != 0) {
        b.write((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      b.write(v);
    }

    void bool(boolean v) {
      b.write(v ? 1 : 0);
    }

    void str(String s) {
      byte[] u = s.getBytes(StandardCharsets.UTF_8);
      num(u.length);
      b.write(u, 0, u.length);
    }

    void opt(Optional<String> s) {
      bool(s.isPresent());
      s.ifPresent(this::str);
    }

    void strs(List<String> l) {
      list(l, this::str);
    }

    <T> void list(List<T> l, java.util.function.Consumer<T> item) {
      num(l.size());
      l.forEach(item);
    }

    byte[] bytes() {
      return b.toByteArray();
    }
  }

  private static final class In {
    private final byte[] b;
    private int pos;
    private final int end;

    In(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    private int next() {
      if (pos >= end) {
        throw new IllegalArgumentException("entry record cut short");
      }
      return b[pos++] & 0xff;
    }

    int num() {
      int v = 0;
      for (int shift = 0; ; shift += 7) {
        int x = next();
        v |= (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
        if (shift > 21) {
          throw new IllegalArgumentException("number too long in an entry record");
        }
      }
    }

    boolean bool() {
      return next() != 0;
    }

    String str() {
      int n = num();
      if (n > end - pos) {
        throw new IllegalArgumentException("string runs past the entry record");
      }
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    Optional<String> opt() {
      return bool() ? Optional.of(str()) : Optional.empty();
    }

    List<String> strs() {
      return list(this::str);
    }

    <T> List<T> list(java.util.function.Supplier<T> item) {
      int n = num();
      List<T> l = new ArrayList<>(Math.min(n, 1024));
      for (int i = 0; i < n; i++) {
        l.add(item.get());
      }
      return l;
    }
  }
}
