package dev.errorkb.util;

import dev.errorkb.model.Lang;
import java.nio.file.Path;

/**
 * The layout of a built site, in one place: the folder of each page ({@code en/}, {@code
 * en/<id>/}, {@code en/tags/<tag>/}, {@code en/search/}), the file in it ({@code index.html}),
 * and the folders errorkb keeps beside the output folder ({@code .site.tmp}, {@code .site.old},
 * {@code .site.lock}, {@code .site.cache}). Paths are '/'-separated and relative to the site root.
 */
public final class SitePaths {
  private SitePaths() {}

  /** The file of every page folder. */
  public static final String INDEX = "index.html";

  /** A language's home folder: {@code en/}. */
  public static String home(Lang lang) {
    return lang.code() + "/";
  }

  /** An entry's folder in a language: {@code en/<id>/} (its assets sit there too). */
  public static String entry(Lang lang, String id) {
    return lang.code() + "/" + id + "/";
  }

  /** An entry's page in a language: {@code en/<id>/index.html}. */
  public static String entryPage(Lang lang, String id) {
    return entry(lang, id) + INDEX;
  }

  /** A tag's folder in a language: {@code en/tags/<tag>/}. */
  public static String tag(Lang lang, String tag) {
    return lang.code() + "/tags/" + tag + "/";
  }

  /** A language's search folder: {@code en/search/}. */
  public static String search(Lang lang) {
    return lang.code() + "/search/";
  }

  /** A language's Atom feed: {@code en/feed.xml}. */
  public static String feed(Lang lang) {
    return lang.code() + "/feed.xml";
  }

  /** Where a build is staged before the swap: {@code .site.tmp} beside {@code out}. */
  public static Path staging(Path out) {
    return beside(out, ".tmp");
  }

  /** Where the previous site waits during the swap: {@code .site.old} beside {@code out}. */
  public static Path previous(Path out) {
    return beside(out, ".old");
  }

  /** The lock file of builds into {@code out}: {@code .site.lock} beside it. */
  public static Path lock(Path out) {
    return beside(out, ".lock");
  }

  /** The build cache of {@code out}: the folder {@code .site.cache} beside it. */
  public static Path cache(Path out) {
    return beside(out, ".cache");
  }

  private static Path beside(Path out, String suffix) {
    return out.resolveSibling("." + out.getFileName() + suffix);
  }
}
