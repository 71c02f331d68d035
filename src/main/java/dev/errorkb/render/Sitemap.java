package dev.errorkb.render;

import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.model.SiteConfig;
import dev.errorkb.util.SitePaths;

/**
 * sitemap.xml with {@code xhtml:link} alternates per translation. Sitemaps need absolute URLs;
 * without a baseUrl the locations are written relative to the site root, which tools that know
 * the site's address can resolve.
 */
final class Sitemap {
  private Sitemap() {}

  static String xml(SiteConfig site, KnowledgeBase kb) {
    String base = site.baseUrl().orElse("");
    StringBuilder sb = new StringBuilder(4096);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for (Lang l : site.languages()) {
      url(sb, base, SitePaths.home(l), null, site, null);
    }
    for (Entry e : kb.entries()) {
      for (Lang l : e.docs().keySet()) {
        url(sb, base, SitePaths.entry(l, e.id()), e.updated().map(Object::toString).orElse(null), site, e);
      }
    }
    sb.append("</urlset>\n");
    return sb.toString();
  }

  private static void url(StringBuilder sb, String base, String path, String lastmod, SiteConfig site, Entry e) {
    sb.append("  <url>\n    <loc>").append(Xml.escape(base + path)).append("</loc>\n");
    if (lastmod != null) {
      sb.append("    <lastmod>").append(lastmod).append("</lastmod>\n");
    }
    String tail = path.substring(path.indexOf('/') + 1);
    for (Lang l : site.languages()) {
      if (e == null || e.docs().containsKey(l)) {
        sb.append("    <xhtml:link rel=\"alternate\" hreflang=\"").append(l.code()).append("\" href=\"")
            .append(Xml.escape(base + l.code() + "/" + tail)).append("\"/>\n");
      }
    }
    sb.append("  </url>\n");
  }
}
