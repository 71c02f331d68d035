package dev.errorkb.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.errorkb.model.Lang;
import org.junit.jupiter.api.Test;

/** The site's layout: what links, sitemaps, feeds and errors.json all point at. */
class SitePathsTest {
  @Test
  void pageFolders() {
    assertEquals("en/", SitePaths.home(Lang.EN));
    assertEquals("ja/docker-sock/", SitePaths.entry(Lang.JA, "docker-sock"));
    assertEquals("ja/docker-sock/index.html", SitePaths.entryPage(Lang.JA, "docker-sock"));
    assertEquals("en/tags/git/", SitePaths.tag(Lang.EN, "git"));
    assertEquals("en/search/", SitePaths.search(Lang.EN));
    assertEquals("ja/feed.xml", SitePaths.feed(Lang.JA));
  }
}
