package dev.errorkb.signature;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.errorkb.signature.ErrorIndex.Slot;
import dev.errorkb.signature.ErrorIndex.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs one signature's regex on a folded text: a plain string search for its literals in order
 * first, then the regex, compiled on first use so that loading stays fast, and the hit with its
 * slots. Its own class because match and scan both run it on the candidates the filter gives.
 */
final class ExactMatcher {

  /** One signature that matched: its literal size, slots and language decide among hits ({@link #HIT_ORDER}). */
  record Hit(int sig, int literal, List<Slot> slots, boolean langMatch, String entryId, Span span) {}

  static final Comparator<Hit> HIT_ORDER =
      Comparator.comparingInt((Hit h) -> -h.literal)
          .thenComparingInt(h -> h.slots.size())
          .thenComparing(h -> !h.langMatch)
          .thenComparing(Hit::entryId);

  /** Stands in for a signature whose regex RE2 rejects or that would compile to a huge program. */
  private static final Pattern NEVER = Pattern.compile("a\\bz");

  /**
   * Regexes come from a file other tools hand us: one RE2 cannot compile (backreferences,
   * lookaround) or whose nested counts would make a huge program makes that signature never
   * match; the rest of the index still works and nothing throws out of match() or scan().
   */
  static Pattern compileOrNever(String regex) {
    if (!RegexGuard.acceptable(regex)) {
      return NEVER;
    }
    try {
      return Pattern.compile(regex);
    } catch (com.google.re2j.PatternSyntaxException e) {
      return NEVER;
    }
  }

  private final SignatureTable table;
  private final AtomicReferenceArray<TemplateInfo> sigInfo; // derived on first use: only candidates need it
  private final AtomicReferenceArray<Pattern> compiled;

  ExactMatcher(SignatureTable table) {
    this.table = table;
    this.sigInfo = new AtomicReferenceArray<>(table.size());
    this.compiled = new AtomicReferenceArray<>(table.size());
  }

  /** The hit of signature {@code k} in {@code folded} (whose language is {@code lang}), or null. */
  Hit tryMatch(int k, String folded, String lang) {
    if (!table.sig(k).anchors().isEmpty() && !info(k).literalsInOrder(folded)) {
      return null;
    }
    Pattern p = compiled.get(k);
    if (p == null) {
      p = compileOrNever(table.sig(k).regex());
      compiled.set(k, p);
    }
    if (p == NEVER) {
      return null;
    }
    Matcher m = p.matcher(folded);
    if (!m.find()) {
      return null;
    }
    List<Slot> slots = new ArrayList<>();
    boolean derived = !table.sig(k).anchors().isEmpty();
    for (int g = 1; g <= m.groupCount(); g++) {
      String type = derived && g - 1 < info(k).slots().size() ? info(k).slots().get(g - 1).key() : "group" + g;
      String v = m.group(g);
      if (v != null) {
        slots.add(new Slot(type, v));
      }
    }
    String sl = table.sig(k).lang();
    boolean langMatch = sl.equals(lang) || sl.equals("any");
    return new Hit(
        k, info(k).literalChars(), slots, langMatch, table.entryOf(k).id(),
        new Span(m.start(), m.end(), folded.substring(m.start(), m.end())));
  }

  /** The full template data of signature {@code k}, derived on first use. */
  private TemplateInfo info(int k) {
    TemplateInfo t = sigInfo.get(k);
    if (t == null) {
      t = TemplateInfo.of(table.sig(k).template());
      sigInfo.set(k, t);
    }
    return t;
  }
}
