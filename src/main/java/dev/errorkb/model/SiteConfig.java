package dev.errorkb.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * content/site.yaml.
 *
 * @param titles site title per language
 * @param languages site languages, the first is the default
 * @param baseUrl absolute URL the site is published at, ending in '/', if known
 * @param headings per-language overrides of section heading names (keys: symptoms, cause, …)
 * @param allowHtml raw HTML tags authors may use in Markdown; empty escapes all raw HTML
 */
public record SiteConfig(
    Map<Lang, String> titles,
    List<Lang> languages,
    Optional<String> baseUrl,
    Map<Lang, Map<String, String>> headings,
    Set<String> allowHtml) {
  public SiteConfig {
    titles = Map.copyOf(titles);
    languages = List.copyOf(languages);
    headings = Map.copyOf(headings);
    allowHtml = Set.copyOf(allowHtml);
  }

  public Lang defaultLang() {
    return languages.get(0);
  }
}
