package dev.errorkb.search;

import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.SiteConfig;
import dev.errorkb.render.Messages;
import dev.errorkb.render.Pages;
import dev.errorkb.util.SitePaths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders {@code <lang>/search/index.html} for every site language with {@code search.ftlh}. The
 * page works without JavaScript only as far as saying so and linking to the entry lists.
 */
public final class SearchPages {
  private static final String ROOT = "../../";

  private final Pages pages;
  private final Messages messages;

  public SearchPages(Pages pages, Messages messages) {
    this.pages = pages;
    this.messages = messages;
  }

  /**
   * The search pages by output path; template problems go to {@code problems}.
   *
   * @param dataVersion {@link SearchDataWriter#version} of the search data the pages load
   */
  public SortedMap<String, byte[]> render(SiteConfig site, String dataVersion, List<Problem> problems) {
    SortedMap<String, byte[]> files = new TreeMap<>();
    for (Lang lang : site.languages()) {
      String path = SitePaths.search(lang);
      Map<String, Object> model = model(site, lang, path);
      model.put("searchVersion", dataVersion);
      pages.render("search.ftlh", model, problems)
          .ifPresent(html -> files.put(path + SitePaths.INDEX, html.getBytes(StandardCharsets.UTF_8)));
    }
    return files;
  }

  private Map<String, Object> model(SiteConfig site, Lang lang, String path) {
    Map<String, Object> m = new HashMap<>();
    m.put("lang", lang.code());
    m.put("otherLang", lang.other().code());
    m.put("root", ROOT);
    m.put("msg", messages.of(lang));
    m.put("site", Map.of("title", site.titles().get(lang)));
    Map<String, Object> page = new HashMap<>();
    page.put("path", path);
    page.put("switchHref", ROOT + SitePaths.search(lang.other()) + SitePaths.INDEX);
    site.baseUrl().ifPresent(b -> page.put("canonical", b + path));
    List<Map<String, String>> alternates = new ArrayList<>();
    for (Lang l : site.languages()) {
      String p = SitePaths.search(l);
      alternates.add(Map.of("hreflang", l.code(), "href", site.baseUrl().map(b -> b + p).orElse(ROOT + p + SitePaths.INDEX)));
    }
    String def = SitePaths.search(site.defaultLang());
    alternates.add(Map.of("hreflang", "x-default", "href", site.baseUrl().map(b -> b + def).orElse(ROOT + def + SitePaths.INDEX)));
    page.put("alternates", alternates);
    m.put("page", page);
    return m;
  }
}
