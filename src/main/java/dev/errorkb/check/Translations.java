package dev.errorkb.check;

import dev.errorkb.load.FrontMatter;
import dev.errorkb.model.Doc;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.Requirement;
import dev.errorkb.model.Signature;
import dev.errorkb.model.SourcePos;
import dev.errorkb.util.Sha256;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Translation state of every entry and language, computed from content hashes alone (no git).
 *
 * <p>A language file with {@code translated-from: <hash>} is a translation of the entry's other
 * language file; the hash is the first 12 hex digits of the sha256 of that source file's body
 * when the translation was last brought up to date. A file without the field is a source. A
 * translation may also record {@code translated-facts: <hash>} of entry.yaml's signatures and
 * requires; when those change, the translation is stale in a critical way, because the error text
 * and what must be in place matter more than prose.
 */
public final class Translations {
  /** Rule id of a translation whose source body changed. */
  public static final String RULE_STALE = "stale-translation";
  /** Rule id of a translation made before entry.yaml's signatures or requires changed. */
  public static final String RULE_CRITICAL = "stale-translation-critical";
  /** Rule id of an entry whose two files both claim to be translations of each other. */
  public static final String RULE_UNCLEAR = "translation-source-unclear";
  /** Rule id of a translation whose source language file does not exist. */
  public static final String RULE_NO_SOURCE = "translation-source-missing";

  /** Rule id of a {@code translated-facts} value that is not a hash. */
  public static final String RULE_BAD_FACTS = "bad-translated-facts";

  /** The front matter key holding the source body hash. */
  public static final String FROM_KEY = "translated-from";
  /** The front matter key holding the facts hash (signatures and requires). */
  public static final String FACTS_KEY = "translated-facts";

  /** What state one language of one entry is in. */
  public enum State {
    /** Written in this language originally (no {@code translated-from}). */
    SOURCE,
    /** A translation that matches the current source. */
    CURRENT,
    /** A translation of an older version of the source, or of older facts. */
    STALE,
    /** Not written in this language. */
    MISSING;

    /** Lower-case name for JSON and tables. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Source and up-to-date translations are complete. */
    public boolean complete() {
      return this == SOURCE || this == CURRENT;
    }
  }

  /**
   * The state of one language of one entry.
   *
   * @param source the language this one is (or should be) translated from; empty for a source
   * @param bodyChanged the source's body no longer has the recorded hash
   * @param critical entry.yaml's signatures or requires changed since the translation
   * @param since the entry's {@code updated} date: the source changed on or before it
   * @param recorded the recorded {@code translated-from} hash
   * @param current the source's current body hash
   * @param pos where the {@code translated-from} line is (or the file, for a missing field)
   */
  public record Status(
      String id,
      Lang lang,
      State state,
      Optional<Lang> source,
      boolean bodyChanged,
      boolean critical,
      Optional<LocalDate> since,
      Optional<String> recorded,
      Optional<String> current,
      SourcePos pos) {}

  private final Map<String, Map<Lang, Status>> byId;
  private final List<Problem> problems;

  private Translations(Map<String, Map<Lang, Status>> byId, List<Problem> problems) {
    this.byId = byId;
    this.problems = List.copyOf(problems);
  }

  /**
   * Computes the translation state of {@code kb}'s entries from the model alone: the loader keeps
   * {@code translated-from}, {@code translated-facts} and their lines in each {@link Doc}.
   */
  public static Translations of(KnowledgeBase kb) {
    Map<String, Map<Lang, Status>> byId = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    for (Entry e : kb.entries()) {
      Map<Lang, Status> m = new EnumMap<>(Lang.class);
      for (Lang lang : kb.site().languages()) {
        m.put(lang, status(e, lang, problems));
      }
      byId.put(e.id(), Collections.unmodifiableMap(m));
    }
    return new Translations(Collections.unmodifiableMap(byId), problems);
  }

  private static Status status(Entry e, Lang lang, List<Problem> problems) {
    Optional<Doc> doc = e.doc(lang);
    Optional<Doc> other = e.doc(lang.other());
    if (doc.isEmpty()) {
      return new Status(e.id(), lang, State.MISSING, other.map(Doc::lang), false, false, Optional.empty(),
          Optional.empty(), other.map(Doc::bodyHash), SourcePos.file(e.dir().isEmpty() ? lang.code() + ".md" : e.dir() + "/" + lang.code() + ".md"));
    }
    Doc d = doc.get();
    if (d.translatedFrom().isEmpty()) {
      return new Status(e.id(), lang, State.SOURCE, Optional.empty(), false, false, Optional.empty(),
          Optional.empty(), Optional.empty(), SourcePos.file(d.path()));
    }
    SourcePos pos = new SourcePos(d.path(), Math.max(d.translatedFromLine(), 1), 1);
    String tf = d.translatedFrom().get();
    if (other.isEmpty()) {
      problems.add(Problem.warning(pos, RULE_NO_SOURCE,
          "'" + FROM_KEY + "' says this is a translation, but " + lang.other().code() + ".md does not exist; remove the field if this file is the source"));
      return new Status(e.id(), lang, State.SOURCE, Optional.empty(), false, false, Optional.empty(), d.translatedFrom(), Optional.empty(), pos);
    }
    Doc src = other.get();
    if (src.translatedFrom().isPresent()) {
      // Both files claim to be translations; the one matching the other's current body is the
      // up-to-date translation. Report it once, on the language that sorts first.
      if (lang.ordinal() < lang.other().ordinal()) {
        problems.add(Problem.warning(pos, RULE_UNCLEAR,
            "both " + lang.code() + ".md and " + src.lang().code() + ".md have '" + FROM_KEY + "'; remove it from the file that is the source"));
      }
      if (!tf.equals(src.bodyHash()) && src.translatedFrom().get().equals(d.bodyHash())) {
        return new Status(e.id(), lang, State.SOURCE, Optional.empty(), false, false, Optional.empty(), d.translatedFrom(), Optional.empty(), pos);
      }
    }
    boolean bodyChanged = !tf.equals(src.bodyHash());
    String facts = factsHash(e);
    Optional<String> recordedFacts = d.translatedFacts();
    if (recordedFacts.isPresent() && !recordedFacts.get().matches("[0-9a-f]{12}")) {
      problems.add(Problem.warning(new SourcePos(d.path(), Math.max(d.translatedFactsLine(), 1), 1), RULE_BAD_FACTS,
          "'" + FACTS_KEY + "' must be 12 lower-case hex digits as written by 'errorkb translated'; it is ignored"));
      recordedFacts = Optional.empty();
    }
    boolean critical = recordedFacts.isPresent() && !recordedFacts.get().equals(facts);
    State state = bodyChanged || critical ? State.STALE : State.CURRENT;
    String fix = "update this file from " + src.lang().code() + ".md, then run 'errorkb translated " + e.id() + " " + lang.code() + "'";
    if (critical) {
      problems.add(Problem.warning(new SourcePos(d.path(), Math.max(d.translatedFactsLine(), 1), 1), RULE_CRITICAL,
          "entry.yaml's signatures or requires changed since this translation was made"
              + (bodyChanged ? " (and " + src.lang().code() + ".md changed too)" : "") + "; " + fix));
    } else if (bodyChanged) {
      problems.add(Problem.warning(pos, RULE_STALE,
          "translation is out of date: " + src.lang().code() + ".md changed since it was translated (body hash was " + tf
              + ", is now " + src.bodyHash() + "); " + fix));
    }
    return new Status(e.id(), lang, state, Optional.of(src.lang()), bodyChanged, critical,
        state == State.STALE ? e.updated() : Optional.empty(), d.translatedFrom(), Optional.of(src.bodyHash()), pos);
  }

  /**
   * First 12 hex digits of the sha256 of entry.yaml's signatures and requires: what a translation
   * records as {@code translated-facts}. Examples are left out: they are test data, not page text.
   */
  public static String factsHash(Entry e) {
    StringBuilder sb = new StringBuilder();
    for (Signature s : e.signatures()) {
      sb.append("sig\u0000").append(s.text()).append('\u0000').append(s.langKey()).append('\u0000')
          .append(s.pattern().orElse("")).append('\u0001');
    }
    for (Requirement r : e.requires()) {
      sb.append("req\u0000").append(r.kind()).append('\u0000').append(r.value()).append('\u0000')
          .append(r.note().orElse("")).append('\u0001');
    }
    return Sha256.hex(sb.toString()).substring(0, 12);
  }

  /**
   * The body hash of a language file's text as {@code translated-from} records it: the first 12
   * hex digits of the sha256 of everything after the line that closes the front matter. For
   * files that the loader has not read (e.g. a scaffold still full of TODO lines).
   */
  public static String bodyHashOfFile(String text) {
    return FrontMatter.bodyHash(FrontMatter.body(text));
  }

  /** The state of {@code lang} of entry {@code id}; a SOURCE state for unknown ids. */
  public Status status(String id, Lang lang) {
    Map<Lang, Status> m = byId.get(id);
    Status s = m == null ? null : m.get(lang);
    return s != null ? s : new Status(id, lang, State.SOURCE, Optional.empty(), false, false, Optional.empty(),
        Optional.empty(), Optional.empty(), SourcePos.file(""));
  }

  /** The languages of entry {@code id} whose translation is stale (for errors.json {@code stale}). */
  public Set<Lang> staleLangs(String id) {
    Set<Lang> out = EnumSet.noneOf(Lang.class);
    byId.getOrDefault(id, Map.of()).forEach((l, s) -> {
      if (s.state() == State.STALE) {
        out.add(l);
      }
    });
    return out;
  }

  /** Every state, entries in id order, languages in site order. */
  public List<Status> all() {
    List<Status> out = new ArrayList<>();
    byId.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  /** Warnings for stale and unclear translations, located at the translation's front matter. */
  public List<Problem> problems() {
    return problems;
  }
}
