package dev.errorkb.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** '/'-paths resolve the same on every file system, and {@code inside} never leaves its root. */
class RelPathTest {
  static List<Configuration> fileSystems() {
    return List.of(Configuration.unix(), Configuration.osX(), Configuration.windows());
  }

  @ParameterizedTest
  @MethodSource("fileSystems")
  void resolvesNameByName(Configuration c) throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(c)) {
      Path root = fs.getRootDirectories().iterator().next().resolve("content");
      assertEquals(root.resolve("aws").resolve("x").resolve("en.md"), RelPath.resolve(root, "aws/x/en.md"));
      assertEquals(root.resolve("en.md"), RelPath.resolve(root, "/en.md"), "empty names are skipped");
      assertEquals(root, RelPath.resolve(root, ""));
      assertEquals(Optional.of(root.resolve("a").resolve("b.png")), RelPath.inside(root, "a/b.png"));
      for (String bad : List.of("", "a//b", "a/", "/a", "./a", "a/..", "../x", "a\\..\\..\\x")) {
        assertEquals(Optional.empty(), RelPath.inside(root, bad), bad);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("fileSystems")
  void aNameTheFileSystemCannotHoldThrows(Configuration c) throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(c)) {
      Path root = fs.getRootDirectories().iterator().next();
      assertThrows(InvalidPathException.class, () -> RelPath.inside(root, "a\0b"));
    }
  }

  @ParameterizedTest
  @MethodSource("fileSystems")
  void theFoldersBesideASiteAreItsSiblings(Configuration c) throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(c)) {
      Path out = fs.getRootDirectories().iterator().next().resolve("kb").resolve("site");
      assertEquals(out.resolveSibling(".site.tmp"), SitePaths.staging(out));
      assertEquals(out.resolveSibling(".site.old"), SitePaths.previous(out));
      assertEquals(out.resolveSibling(".site.lock"), SitePaths.lock(out));
      assertEquals(out.resolveSibling(".site.cache"), SitePaths.cache(out));
      assertTrue(SitePaths.cache(out).startsWith(out.getParent()));
    }
  }
}
