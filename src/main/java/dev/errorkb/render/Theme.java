package dev.errorkb.render;

import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import dev.errorkb.util.RelPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The theme a site is rendered with: the built-in theme carried in the errorkb jar (the
 * repository's {@code templates/}), overridden file by file by a templates folder when there is
 * one, the way MkDocs' {@code custom_dir} works. The search engine ({@value #SEARCH_JS}) is part
 * of errorkb, not of the theme: it always comes from the jar, so it cannot fall out of step with
 * the search data.
 */
public final class Theme {
  /** The search engine, relative to the theme root; never taken from an override. */
  public static final String SEARCH_JS = "static/search.js";
  private static final String RESOURCE = "/dev/errorkb/theme/";

  private final Optional<Path> override;
  private final Path builtin;

  private Theme(Optional<Path> override, Path builtin) {
    this.override = override;
    this.builtin = builtin;
  }

  /** The built-in theme, overridden by {@code templates} when that folder exists. */
  public static Theme of(Path templates) {
    return new Theme(Optional.ofNullable(templates).filter(Files::isDirectory), builtinRoot());
  }

  /** The built-in theme alone. */
  public static Theme builtin() {
    return new Theme(Optional.empty(), builtinRoot());
  }

  /** The override folder, when there is one. */
  public Optional<Path> override() {
    return override;
  }

  /** The folders looked in for a file, override first. */
  List<Path> roots() {
    List<Path> r = new ArrayList<>();
    override.ifPresent(r::add);
    r.add(builtin);
    return r;
  }

  /** The file {@code rel} ("layout.ftlh", "messages/en.properties") from the override, else built in. */
  public Optional<Path> find(String rel) {
    for (Path root : roots()) {
      if (rel.equals(SEARCH_JS) && root != builtin) {
        continue;
      }
      Path p = resolve(root, rel);
      if (p != null && Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The built-in file {@code rel}, if the jar has it. */
  public Optional<Path> findBuiltin(String rel) {
    Path p = resolve(builtin, rel);
    return p != null && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /** Every file below {@code static/}, by path relative to it (sorted), override winning. */
  public SortedMap<String, Path> staticFiles() {
    SortedMap<String, Path> out = new TreeMap<>();
    List<Path> roots = roots();
    for (int i = roots.size() - 1; i >= 0; i--) {
      Path root = roots.get(i);
      for (String rel : files(root, "static")) {
        if (root != builtin && ("static/" + rel).equals(SEARCH_JS)) {
          continue;
        }
        out.put(rel, resolve(root, "static/" + rel));
      }
    }
    return out;
  }

  /** Every file of the built-in theme, by path relative to its root (sorted): what {@code theme export} copies. */
  public SortedMap<String, Path> builtinFiles() {
    SortedMap<String, Path> out = new TreeMap<>();
    for (String rel : files(builtin, "")) {
      out.put(rel, resolve(builtin, rel));
    }
    return out;
  }

  /** What is wrong with the override: a search.js of its own, which is ignored. */
  public List<Problem> problems() {
    List<Problem> problems = new ArrayList<>();
    override.ifPresent(o -> {
      Path js = resolve(o, SEARCH_JS);
      // A copy of the jar's own (the repository's templates/, an unchanged theme export) is harmless.
      if (js != null && Files.isRegularFile(js) && !sameBytes(js, resolve(builtin, SEARCH_JS))) {
        problems.add(Problem.warning(SourcePos.template(SEARCH_JS, 0, 0), "theme-search-js",
            "ignored: the search engine is part of errorkb and always comes from its jar, so it matches the search data;"
                + " delete this file (style the results with static/search.css)"));
      }
    });
    return problems;
  }

  private static boolean sameBytes(Path a, Path b) {
    try {
      return Files.mismatch(a, b) == -1;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path resolve(Path root, String rel) {
    Path p = RelPath.resolve(root, rel).normalize();
    return p.startsWith(root) ? p : null;
  }

  private static List<String> files(Path root, String sub) {
    Path dir = sub.isEmpty() ? root : root.resolve(sub);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      List<String> out = new ArrayList<>();
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        StringBuilder rel = new StringBuilder();
        for (Path part : dir.relativize(p)) {
          if (rel.length() > 0) {
            rel.append('/');
          }
          rel.append(part.toString());
        }
        out.add(rel.toString());
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The built-in theme's root: a folder of the classes directory, or of the errorkb jar. */
  static Path builtinRoot() {
    return Builtin.ROOT;
  }

  private static final class Builtin {
    static final Path ROOT = locate();

    private static Path locate() {
      URL u = Theme.class.getResource(RESOURCE + "layout.ftlh");
      if (u == null) {
        throw new IllegalStateException("the built-in theme is missing from the errorkb jar (" + RESOURCE + ")");
      }
      try {
        URI uri = u.toURI();
        if ("jar".equals(uri.getScheme())) {
          FileSystem fs;
          try {
            fs = FileSystems.newFileSystem(uri, Map.of());
          } catch (FileSystemAlreadyExistsException e) {
            fs = FileSystems.getFileSystem(uri);
          }
          return fs.getPath(RESOURCE);
        }
        return Path.of(uri).getParent();
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
