package dev.errorkb.render;

import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/** Per-language UI strings from {@code messages/<lang>.properties} of the theme, read as UTF-8. */
public final class Messages {
  private final Map<Lang, Map<String, String>> bundles;

  private Messages(Map<Lang, Map<String, String>> bundles) {
    this.bundles = bundles;
  }

  /** Reads both bundles of the built-in theme overridden by {@code templatesRoot} (see {@link #load(Theme, List)}). */
  public static Messages load(Path templatesRoot, List<Problem> problems) {
    return load(Theme.of(templatesRoot), problems);
  }

  /**
   * Reads both bundles: the built-in theme's, then the override's keys on top (so an override
   * written for an older errorkb still has every string); a missing bundle or a key present in
   * one language only is a problem.
   */
  public static Messages load(Theme theme, List<Problem> problems) {
    Map<Lang, Map<String, String>> all = new EnumMap<>(Lang.class);
    for (Lang lang : Lang.values()) {
      String rel = "messages/" + lang.code() + ".properties";
      Map<String, String> map = new TreeMap<>();
      Optional<Path> builtin = theme.findBuiltin(rel);
      Optional<Path> own = theme.find(rel);
      if (own.isEmpty()) {
        problems.add(Problem.error(SourcePos.template(rel, 0, 0), "missing-bundle",
            "message bundle not found; the pages' UI strings come from it"));
      } else {
        builtin.ifPresent(p -> read(p, map));
        read(own.get(), map);
      }
      all.put(lang, map);
    }
    TreeSet<String> keys = new TreeSet<>();
    all.values().forEach(m -> keys.addAll(m.keySet()));
    for (Lang lang : Lang.values()) {
      Map<String, String> m = all.get(lang);
      if (m.isEmpty()) {
        continue;
      }
      String rel = "messages/" + lang.code() + ".properties";
      for (String k : keys) {
        if (!m.containsKey(k)) {
          problems.add(Problem.error(SourcePos.template(rel, 0, 0), "missing-message",
              "message '" + k + "' is missing in " + lang.code() + " (it exists in the other language)"));
        }
      }
    }
    return new Messages(all);
  }

  private static void read(Path p, Map<String, String> map) {
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
      props.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    props.forEach((k, v) -> map.put((String) k, (String) v));
  }

  public Map<String, String> of(Lang lang) {
    return bundles.get(lang);
  }

  public String get(Lang lang, String key) {
    return bundles.get(lang).getOrDefault(key, key);
  }
}
