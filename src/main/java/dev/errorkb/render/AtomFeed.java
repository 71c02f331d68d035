package dev.errorkb.render;

import dev.errorkb.model.Doc;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.model.SiteConfig;
import dev.errorkb.util.SitePaths;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The Atom feed of one language ({@code /<lang>/feed.xml}): the most recently updated entries
 * written in that language, newest first. Times come from the entries' {@code updated} dates, never
 * the clock, so the same content gives the same bytes. Ids are the entry pages' URLs with a baseUrl, else {@code urn:errorkb:<lang>:<id>}:
 * they stay the same when the site moves to another address.
 */
public final class AtomFeed {
  /** How many entries a feed lists. */
  public static final int SIZE = 50;

  private static final String EPOCH = "1970-01-01T00:00:00Z";

  private AtomFeed() {}

  /** The feed document for {@code lang}. Links are relative to the feed unless the site has a baseUrl. */
  public static String xml(SiteConfig site, KnowledgeBase kb, Lang lang) {
    List<Entry> entries = kb.entries().stream()
        .filter(e -> e.doc(lang).isPresent() && e.updated().isPresent())
        .sorted(Comparator.comparing((Entry e) -> e.updated().orElseThrow()).reversed().thenComparing(Entry::id))
        .limit(SIZE)
        .toList();
    String base = site.baseUrl().map(b -> b + SitePaths.home(lang)).orElse("");
    String title = site.titles().getOrDefault(lang, "errorkb");
    StringBuilder sb = new StringBuilder(4096);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"").append(lang.code()).append("\">\n");
    // RFC 4287 wants ids unique to this feed: with a baseUrl they are the pages' own URLs (issue 13);
    // without one the site has no address of its own, and the build warns (no-base-url).
    Optional<String> abs = site.baseUrl().map(b -> b + SitePaths.home(lang));
    sb.append("  <id>").append(abs.map(b -> Xml.escape(b + "feed.xml")).orElse("urn:errorkb:" + lang.code() + ":feed")).append("</id>\n");
    sb.append("  <title>").append(Xml.escape(title)).append("</title>\n");
    sb.append("  <updated>").append(entries.isEmpty() ? EPOCH : time(entries.get(0).updated().orElseThrow())).append("</updated>\n");
    sb.append("  <author><name>").append(Xml.escape(title)).append("</name></author>\n");
    // A self link must be the feed's absolute address: only when the site has one.
    abs.ifPresent(b -> sb.append("  <link rel=\"self\" type=\"application/atom+xml\" href=\"").append(Xml.escape(b)).append("feed.xml\"/>\n"));
    sb.append("  <link rel=\"alternate\" type=\"text/html\" href=\"").append(Xml.escape(base)).append("index.html\"/>\n");
    sb.append("  <generator>errorkb</generator>\n");
    for (Entry e : entries) {
      Doc d = e.doc(lang).orElseThrow();
      sb.append("  <entry>\n");
      sb.append("    <id>").append(abs.map(b -> Xml.escape(b + e.id() + "/")).orElse("urn:errorkb:" + lang.code() + ":" + e.id())).append("</id>\n");
      sb.append("    <title>").append(Xml.escape(d.title())).append("</title>\n");
      sb.append("    <updated>").append(time(e.updated().orElseThrow())).append("</updated>\n");
      // The same URL form as the canonical link and the sitemap (…/<id>/); relative ones open from disk.
      sb.append("    <link rel=\"alternate\" type=\"text/html\" href=\"").append(Xml.escape(base)).append(e.id())
          .append(abs.isPresent() ? "/" : "/index.html").append("\"/>\n");
      sb.append("    <category term=\"").append(Xml.escape(e.product())).append("\"/>\n");
      for (String t : e.tags()) {
        sb.append("    <category term=\"").append(Xml.escape(t)).append("\"/>\n");
      }
      sb.append("    <summary>").append(Xml.escape(d.summary())).append("</summary>\n");
      sb.append("  </entry>\n");
    }
    sb.append("</feed>\n");
    return sb.toString();
  }

  private static String time(LocalDate d) {
    return d + "T00:00:00Z";
  }
}
