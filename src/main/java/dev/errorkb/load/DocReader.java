package dev.errorkb.load;

import dev.errorkb.model.Doc;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.Problems;
import dev.errorkb.model.Section;
import dev.errorkb.model.SectionKind;
import dev.errorkb.model.SourcePos;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Reads one language file: YAML front matter, then Markdown split into its {@code ##} sections. */
final class DocReader {
  static final Set<String> FRONT_MATTER_KEYS = Set.of("title", "summary", "translated-from", "translated-facts");

  /** Default heading names per section, lower-cased; site.yaml may add more. */
  private static final Map<SectionKind, List<String>> DEFAULT_HEADINGS =
      Map.of(
          SectionKind.SYMPTOMS, List.of("symptoms", "symptom", "症状", "現象"),
          SectionKind.CAUSE, List.of("cause", "root cause", "原因"),
          SectionKind.FIX, List.of("fix", "solution", "resolution", "対処", "対処方法", "解決方法", "対応"),
          SectionKind.VERIFY, List.of("verify", "verification", "確認", "確認方法"));

  private static final Pattern HEX12 = Pattern.compile("[0-9a-f]{12}");

  /** The longest {@code ##} heading line, as render/Markdown's limit for every heading (issue 12, item 13). */
  static final int MAX_HEADING_CHARS = 1_000;

  private final Map<Lang, Map<String, String>> siteHeadings;

  DocReader(Map<Lang, Map<String, String>> siteHeadings) {
    this.siteHeadings = siteHeadings;
  }

  Optional<Doc> read(Lang lang, String path, String text, Problems problems) {
    int before = problems.mark();
    String title = null;
    String summary = null;
    Optional<String> translatedFrom = Optional.empty();
    Optional<String> translatedFacts = Optional.empty();
    int fromLine = 1;
    int factsLine = 0;
    String body = text;
    int bodyLine = 1;
    if (text.startsWith("---\n") || text.equals("---")) {
      Optional<FrontMatter.Block> block = FrontMatter.find(text);
      if (block.isEmpty()) {
        problems.add(
            Problem.error(new SourcePos(path, 1, 1), "front-matter", "front matter starts with '---' but has no closing '---' line"));
        return Optional.empty();
      }
      String fm = text.substring(block.get().start(), block.get().end());
      body = text.substring(block.get().body());
      bodyLine = countLines(text, block.get().body());
      Yaml yaml = Yaml.forFile(path, 1, problems);
      Optional<Node> node = yaml.parse(fm);
      if (node.isEmpty()) {
        if (!problems.addedSince(before)) {
          problems.add(Problem.error(new SourcePos(path, 1, 1), "missing-field", "front matter is empty; it needs 'title' and 'summary'"));
        }
        return Optional.empty();
      }
      Optional<Map<String, Node>> map = yaml.mapping(node.get(), "front matter", FRONT_MATTER_KEYS);
      if (map.isEmpty()) {
        return Optional.empty();
      }
      Map<String, Node> m = map.get();
      title = m.containsKey("title") ? yaml.nonBlank(m.get("title"), "'title'").orElse(null) : null;
      summary = m.containsKey("summary") ? yaml.nonBlank(m.get("summary"), "'summary'").orElse(null) : null;
      // Kept in the model so the translation check needs no second read of the file (issue 14).
      if (m.containsKey("translated-from")) {
        fromLine = yaml.pos(m.get("translated-from")).line();
      }
      if (m.get("translated-facts") instanceof org.yaml.snakeyaml.nodes.ScalarNode facts) {
        translatedFacts = Optional.of(facts.getValue().strip());
        factsLine = yaml.pos(facts).line();
      }
      if (m.containsKey("translated-from")) {
        Optional<String> tf = yaml.nonBlank(m.get("translated-from"), "'translated-from'");
        if (tf.isPresent() && !HEX12.matcher(tf.get()).matches()) {
          yaml.error(m.get("translated-from"), "bad-translated-from",
              "'translated-from' must be the first 12 hex digits (lower case) of the source file's body hash, as written by 'errorkb translated'");
        } else {
          translatedFrom = tf;
        }
      }
      if (title == null && !m.containsKey("title")) {
        problems.add(Problem.error(new SourcePos(path, 1, 1), "missing-field", "front matter has no 'title'"));
      }
      if (summary == null && !m.containsKey("summary")) {
        problems.add(Problem.error(new SourcePos(path, 1, 1), "missing-field", "front matter has no 'summary'"));
      }
    } else {
      problems.add(
          Problem.error(new SourcePos(path, 1, 1), "front-matter",
              "language file must start with front matter: a '---' line, 'title:' and 'summary:', then '---'"));
      return Optional.empty();
    }

    List<Section> sections = new ArrayList<>();
    String intro = splitSections(lang, path, body, bodyLine, sections, problems);
    for (SectionKind required : List.of(SectionKind.CAUSE, SectionKind.FIX)) {
      if (sections.stream().noneMatch(s -> s.kind() == required)) {
        problems.add(
            Problem.error(new SourcePos(path, bodyLine, 1), "missing-section",
                "no " + required.id() + " section: add a '## " + headingName(lang, required) + "' heading (or a heading with {#" + required.id() + "})"));
      }
    }
    if (problems.errorsSince(before)) {
      return Optional.empty();
    }
    return Optional.of(
        new Doc(lang, path, title, summary, intro, sections, translatedFrom, FrontMatter.bodyHash(body), bodyLine,
            translatedFacts, fromLine, factsLine > 0 ? factsLine : fromLine));
  }

  private static String headingName(Lang lang, SectionKind kind) {
    List<String> names = DEFAULT_HEADINGS.get(kind);
    String en = names.get(0);
    return lang == Lang.JA
        ? names.stream().filter(n -> n.codePointAt(0) > 0x2000).findFirst().orElse(en)
        : en.substring(0, 1).toUpperCase(Locale.ROOT) + en.substring(1);
  }

  private static int countLines(String text, int upTo) {
    int n = 1;
    for (int i = 0; i < upTo && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Splits at level-2 ATX headings outside fenced code; returns the text before the first. */
  private String splitSections(
      Lang lang, String path, String body, int bodyLine, List<Section> out, Problems problems) {
    String[] lines = body.split("\n", -1);
    StringBuilder intro = new StringBuilder();
    StringBuilder cur = intro;
    String fence = null;
    SectionKind kind = null;
    String heading = null;
    int headingLine = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.stripLeading();
      if (fence == null && (trimmed.startsWith("```") || trimmed.startsWith("~~~")) && line.length() - trimmed.length() < 4) {
        fence = trimmed.substring(0, 3);
      } else if (fence != null && trimmed.startsWith(fence)) {
        fence = null;
      } else if (fence == null && line.startsWith("## ") && line.length() > MAX_HEADING_CHARS) {
        problems.add(Problem.error(new SourcePos(path, bodyLine + i, 1), "heading-too-long",
            "heading longer than " + MAX_HEADING_CHARS + " characters; the parser's time grows with the square of a heading's"
                + " length (issue 12). Shorten it and move the rest into the text below"));
        continue;
      } else if (fence == null && line.startsWith("## ")) {
        if (heading != null) {
          out.add(new Section(kind, heading, cur.toString().stripTrailing(), new SourcePos(path, headingLine, 1)));
        }
        String h = line.substring(3).strip();
        String explicitId = null;
        int[] idAt = headingId(h);
        if (idAt != null) {
          explicitId = h.substring(idAt[1], idAt[2]);
          h = h.substring(0, idAt[0]).strip();
        }
        heading = withoutTrailingHashes(h).strip();
        kind = classify(lang, heading, explicitId);
        headingLine = bodyLine + i;
        cur = new StringBuilder();
        continue;
      }
      if (fence == null && trimmed.startsWith("TODO")) {
        problems.add(Problem.error(new SourcePos(path, bodyLine + i, line.length() - trimmed.length() + 1), "unfinished",
            "scaffold text still here; replace the TODO line with real content"));
      }
      cur.append(line).append('\n');
    }
    if (heading != null) {
      out.add(new Section(kind, heading, cur.toString().stripTrailing(), new SourcePos(path, headingLine, 1)));
    }
    // One warning per repeated section (issue 12: comparing with every earlier one gave n² warnings).
    Set<SectionKind> seen = java.util.EnumSet.noneOf(SectionKind.class);
    for (Section s : out) {
      if (s.kind() != SectionKind.OTHER && !seen.add(s.kind())) {
        problems.add(
            Problem.warning(s.pos(), "duplicate-section",
                "second " + s.kind().id() + " section; only the first is used as the " + s.kind().id() + " in summaries and the index"));
      }
    }
    return intro.toString().stripTrailing();
  }

  /**
   * Where a trailing {@code {#id …}} attribute block of a heading starts, and where its id starts
   * and ends; null if there is none. A linear scan from the end (issue 12, item 13: the regex
   * {@code \s*\{\s*#([A-Za-z0-9_-]+)[^}]*}\s*$} with {@code find} took time quadratic in the
   * heading's length); the same leftmost block as that regex.
   */
  static int[] headingId(String h) {
    int end = h.length();
    while (end > 0 && isRegexSpace(h.charAt(end - 1))) {
      end--;
    }
    if (end == 0 || h.charAt(end - 1) != '}') {
      return null;
    }
    int from = h.lastIndexOf('}', end - 2) + 1;
    for (int b = h.indexOf('{', from); b >= 0 && b < end - 1; b = h.indexOf('{', b + 1)) {
      int i = b + 1;
      while (i < end && isRegexSpace(h.charAt(i))) {
        i++;
      }
      if (i < end && h.charAt(i) == '#') {
        int idStart = i + 1;
        int j = idStart;
        while (j < end && isIdChar(h.charAt(j))) {
          j++;
        }
        if (j > idStart) {
          int start = b;
          while (start > 0 && isRegexSpace(h.charAt(start - 1))) {
            start--;
          }
          return new int[] {start, idStart, j};
        }
      }
    }
    return null;
  }

  /** Java's {@code \s}. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static boolean isIdChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
  }

  /** {@code h} without its closing {@code #} run (what {@code #+$} removed, in one pass). */
  static String withoutTrailingHashes(String h) {
    int end = h.length();
    while (end > 0 && h.charAt(end - 1) == '#') {
      end--;
    }
    return h.substring(0, end);
  }

  private SectionKind classify(Lang lang, String heading, String explicitId) {
    if (explicitId != null) {
      for (SectionKind k : SectionKind.values()) {
        if (k != SectionKind.OTHER && k.id().equals(explicitId)) {
          return k;
        }
      }
    }
    String h = heading.toLowerCase(Locale.ROOT).strip();
    Map<String, String> custom = siteHeadings.getOrDefault(lang, Map.of());
    for (SectionKind k : SectionKind.values()) {
      if (k == SectionKind.OTHER) {
        continue;
      }
      String c = custom.get(k.id());
      if (c != null && c.toLowerCase(Locale.ROOT).strip().equals(h)) {
        return k;
      }
      if (DEFAULT_HEADINGS.get(k).contains(h)) {
        return k;
      }
    }
    return SectionKind.OTHER;
  }
}
