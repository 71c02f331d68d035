package dev.errorkb.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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

  private static final Pattern BASE_URL = Pattern.compile("https?://[^\\s/]+(/\\S*)?");

  /** Whether {@code url} may be a base URL (site.yaml, {@code --base-url}, {@code --site-url}): absolute http(s). */
  public static boolean isBaseUrl(String url) {
    return BASE_URL.matcher(url).matches();
  }

  /** A base URL as every link is built from it: ending in '/'. */
  public static String withSlash(String baseUrl) {
    return baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
  }

  public Lang defaultLang() {
    return languages.get(0);
  }
}
