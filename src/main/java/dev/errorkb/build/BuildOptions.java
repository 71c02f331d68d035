package dev.errorkb.build;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a build reads and writes. {@code baseUrl} overrides site.yaml when present; without
 * {@code useCache} ({@code --no-cache}) every entry is rendered and every published file re-hashed.
 */
public record BuildOptions(Path content, Path templates, Path out, Optional<String> baseUrl, boolean useCache) {
  /** Options for a build that uses the build cache. */
  public BuildOptions(Path content, Path templates, Path out, Optional<String> baseUrl) {
    this(content, templates, out, baseUrl, true);
  }

  /** The same options with the build cache off. */
  public BuildOptions withoutCache() {
    return new BuildOptions(content, templates, out, baseUrl, false);
  }
}
