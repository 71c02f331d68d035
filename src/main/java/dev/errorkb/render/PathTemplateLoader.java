package dev.errorkb.render;

import freemarker.cache.TemplateLoader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads Freemarker templates from a {@link Path}, so templates can live on any file system (Jimfs in tests). */
final class PathTemplateLoader implements TemplateLoader {
  private final Path root;

  PathTemplateLoader(Path root) {
    this.root = root;
  }

  @Override
  public Object findTemplateSource(String name) {
    Path p = root.resolve(name).normalize();
    return p.startsWith(root) && Files.isRegularFile(p) ? p : null;
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
