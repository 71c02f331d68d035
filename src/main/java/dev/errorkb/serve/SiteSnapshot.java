package dev.errorkb.serve;

import java.nio.file.Path;
import java.util.Map;

/**
 * One successfully built site held in memory: what the server answers from. Immutable, so a
 * rebuild swaps in a new snapshot with one reference write while requests keep reading the old one.
 *
 * @param version increases with every successful build; pages carry it so they know when to reload
 * @param files rendered files by site key ({@code en/x/index.html})
 * @param copies files served from content: site key → path relative to {@code contentRoot}
 */
public record SiteSnapshot(long version, Map<String, byte[]> files, Map<String, String> copies, Path contentRoot) {
  public SiteSnapshot {
    files = Map.copyOf(files);
    copies = Map.copyOf(copies);
  }

  /** True if {@code key} names a file of this site. */
  public boolean has(String key) {
    return files.containsKey(key) || copies.containsKey(key);
  }
}
