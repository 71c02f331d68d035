package dev.errorkb.browser;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.errorkb.build.Build;
import dev.errorkb.build.BuildOptions;
import dev.errorkb.model.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Builds a content folder with the real pipeline into a temporary site folder for browser tests. */
final class BuiltSite {
  static {
    // flexmark 0.64.8's TextCollectingVisitor trips its own internal assert on fenced code inside a
    // list item (content/maven/maven-invalid-target-release), which Markdown.plainText uses. Assertions
    // are off in production; keep them off for flexmark here so the sample site builds as it ships.
    BuiltSite.class.getClassLoader().setPackageAssertionStatus("com.vladsch.flexmark", false);
  }

  private BuiltSite() {}

  /** Builds {@code content} with the project's templates; fails the test on any build error. */
  static Path build(Path content) throws IOException {
    Path out = Files.createTempDirectory("errorkb-site-").resolve("site");
    Build.Outcome o = new Build(new BuildOptions(content, Path.of("templates"), out, Optional.empty())).run();
    assertFalse(o.hasErrors(), () -> "build failed: " + o.problems().stream().filter(Problem::isError).toList());
    return out;
  }
}
