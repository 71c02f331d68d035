package dev.errorkb.render;

import freemarker.cache.TemplateLoader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads Freemarker templates from a {@link Theme} (its override folder first, then the built-in
 * theme), over {@link Path}, so templates can live on any file system (Jimfs in tests, the jar).
 */
final class PathTemplateLoader implements TemplateLoader {
  private final Theme theme;

  PathTemplateLoader(Theme theme) {
    this.theme = theme;
  }

  @Override
  public Object findTemplateSource(String name) {
    return theme.find(name).orElse(null);
  }

  @Override
  public long getLastModified(Object source) {
    try {
      return Files.getLastModifiedTime((Path) source).toMillis();
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public Reader getReader(Object source, String encoding) throws IOException {
    return Files.newBufferedReader((Path) source, StandardCharsets.UTF_8);
  }

  @Override
  public void closeTemplateSource(Object source) {}
}
