package dev.errorkb.check;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every problem rule id errorkb reports, with one line that says what it means. The ids are a
 * contract (editors, CI annotations and the build cache key on them): they are never renamed.
 * {@code RulesTest} checks that every id the code uses is listed here and in docs/authoring.md.
 */
public final class Rules {
  private Rules() {}

  /** Rule id → what it means, grouped by where it is found. */
  public static final Map<String, String> ALL = build(
      // Reading files (load)
      "no-content", "the content folder does not exist",
      "missing-file", "content/site.yaml is missing",
      "invalid-utf8", "a text file is not valid UTF-8",
      "file-too-large", "a content file is over 1 MiB, or an asset over 5 MiB",
      "symlink", "a symbolic link in content/ (links are not published)",
      "nested-entry", "an entry folder inside another entry folder",
      "orphan-file", "a language file outside an entry folder (no entry.yaml)",
      "unknown-language-file", "a .md file in an entry folder that is not ja.md or en.md",
      "no-language-file", "an entry with neither ja.md nor en.md",
      // YAML (site.yaml, entry.yaml, front matter)
      "yaml-syntax", "the YAML does not parse",
      "yaml-too-complex", "a YAML document with over 100,000 values",
      "duplicate-key", "a key given twice in one mapping",
      "unknown-key", "a key errorkb does not know (often a typo)",
      "wrong-type", "a value of the wrong kind (a list where a mapping belongs, a non-word key)",
      "missing-field", "a required key is missing (title, summary, product, signatures, …)",
      "missing-value", "a key without a value",
      "empty-value", "a value that is empty or only blanks",
      "unfinished", "a scaffold TODO is still in the text or a value",
      // site.yaml
      "missing-language", "'languages' does not list both ja and en",
      "unknown-language", "a language other than ja and en",
      "duplicate-language", "a language listed twice",
      "bad-url", "'baseUrl' or a reference url is not an absolute http(s) URL",
      "unsafe-html", "allowHtml names a tag that cannot be allowed",
      // entry.yaml
      "bad-id", "an id (or the folder name it defaults to) that is not lower-case letters, digits and hyphens",
      "reserved-id", "an id the site uses itself (search, tags)",
      "duplicate-id", "two entries with the same id",
      "bad-date", "'updated' is not a date YYYY-MM-DD",
      "bad-severity", "'severity' is not error, warning or info",
      "bad-tag", "a tag that is not one word",
      "duplicate-tag", "a tag listed twice",
      "bad-lang", "a signature's lang is not en, ja or any",
      "bad-kind", "a requirement kind that is not one lower-case word",
      "bad-file-name", "a file name errorkb cannot publish (a character file systems or URLs do not carry)",
      // Language files
      "front-matter", "a language file without front matter, or with an unclosed one",
      "bad-translated-from", "'translated-from' is not 12 lower-case hex digits",
      "missing-section", "no Cause or no Fix section",
      "duplicate-section", "a section given twice (only the first is used)",
      "heading-too-long", "a heading over 1,000 characters",
      // Translations (check)
      "stale-translation", "the source language file changed since this translation was made",
      "stale-translation-critical", "the entry's facts (signatures, requires) changed since this translation was made",
      "translation-source-unclear", "both language files say they are translated from the other",
      "translation-source-missing", "'translated-from' names a source language file that does not exist",
      "bad-translated-facts", "'translated-facts' is not 12 lower-case hex digits",
      // Markdown (render)
      "markdown-too-deep", "Markdown nested too deeply for the parser (lists, quotes, long '*' lines)",
      "link-title-too-long", "a link title over the length the parser can read",
      "rendered-too-large", "link references that make a section's HTML too large",
      "unsafe-link", "a link scheme other than http, https or mailto",
      "absolute-link", "a link that starts with '/' (the site may live under a sub-path or on disk)",
      "link-outside-entry", "a relative link that leaves the entry folder",
      "broken-link", "a link to an entry id that does not exist (or not in that language)",
      "missing-asset", "a link or image to a file that is not in the entry folder",
      "image-alt", "an image without alt text",
      "unsafe-asset", "an asset a browser would run as a page or script (HTML, JS, active SVG)",
      // Signatures (signature)
      "signature-pattern", "a signature pattern that is not valid RE2, or too large",
      "signature-pattern-backtracking", "a pattern that repeats a group that itself repeats without bound",
      "signature-too-general", "a signature with too little literal text to identify an error",
      "signature-duplicate", "two entries with the same signature template",
      "signature-example", "an example line of a signature that finds no entry",
      "signature-inside", "a signature that lies inside other entries' signatures",
      // Templates and messages (render)
      "template-syntax", "a Freemarker syntax error in a template",
      "template-error", "a template failed while rendering a page",
      "template-missing", "a template the site needs is missing",
      "template-recursion", "a template, macro or include that calls itself without end",
      "missing-bundle", "a message bundle (messages/ja.properties, messages/en.properties) is missing",
      "missing-message", "a message key in one language's bundle but not the other's",
      "theme-search-js", "a theme's own static/search.js, ignored (search.js always comes from errorkb)",
      // The build
      "output-collision", "two outputs claim the same site path",
      "no-base-url", "no baseUrl: no sitemap, canonical links or feed self links",
      // serve
      "io", "serve could not read content while rebuilding",
      "internal", "serve's rebuild failed unexpectedly (the last good site is still served)");

  /** The one line of {@code rule}, if it is a rule. */
  public static Optional<String> describe(String rule) {
    return Optional.ofNullable(ALL.get(rule));
  }

  private static Map<String, String> build(String... idAndLine) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < idAndLine.length; i += 2) {
      if (m.put(idAndLine[i], idAndLine[i + 1]) != null) {
        throw new IllegalStateException("rule listed twice: " + idAndLine[i]);
      }
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
