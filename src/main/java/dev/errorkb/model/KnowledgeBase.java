package dev.errorkb.model;

import java.util.List;

/** A loaded knowledge base: the site settings and the entries sorted by id. */
public record KnowledgeBase(SiteConfig site, List<Entry> entries) {
  public KnowledgeBase {
    entries = List.copyOf(entries);
  }
}
