package dev.errorkb.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Fuzzes the journal and manifest writer (issue 12, item 1): two sites with arbitrary file names
 * published one over the other leave exactly the second (or, when the publisher refuses a name,
 * exactly the first), and every path survives the line encoding.
 */
class PublishFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void publishOver(FuzzedDataProvider data) throws IOException {
    SortedMap<String, byte[]> first = site(data);
    SortedMap<String, byte[]> second = site(data);
    for (String p : first.keySet()) {
      assertEquals(p, PathLines.decode(PathLines.encode(p)));
      assertTrue(PathLines.encode(p).indexOf('\n') < 0 && PathLines.encode(p).indexOf('\r') < 0);
    }
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path out = fs.getPath("/w/site");
      SortedMap<String, String> before = publishOrKeep(out, first, new TreeMap<>());
      SortedMap<String, String> after = publishOrKeep(out, second, before);
      // A third publish of the same files must trust the manifest it wrote: nothing rewritten.
      if (!after.equals(before) || after.equals(text(second))) {
        try {
          Publisher.Report r = new Publisher(out).publish(second, new TreeMap<>(), fs.getPath("/"));
          assertEquals(0, r.written() + r.removed(), "a republish of the same files changed something");
        } catch (UncheckedIOException refused) {
          // the same names are refused again
        }
      }
    }
  }

  /** Publishes {@code files}; returns the site's files afterwards, which must be the new or the old. */
  private static SortedMap<String, String> publishOrKeep(Path out, SortedMap<String, byte[]> files, SortedMap<String, String> old)
      throws IOException {
    boolean refused = false;
    try {
      new Publisher(out).publish(files, new TreeMap<>(), out.getFileSystem().getPath("/"));
    } catch (UncheckedIOException e) {
      refused = true;
    }
    SortedMap<String, String> now = tree(out);
    assertEquals(refused ? old : text(files), now, refused ? "a refused publish changed the site" : "the site is not what was published");
    return now;
  }

  private static SortedMap<String, byte[]> site(FuzzedDataProvider data) {
    SortedMap<String, byte[]> m = new TreeMap<>();
    int n = data.consumeInt(0, 6);
    for (int i = 0; i < n; i++) {
      String name = data.consumeString(40);
      if (!name.isEmpty()) {
        m.put(name, data.consumeString(8).getBytes(StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  private static SortedMap<String, String> text(SortedMap<String, byte[]> files) {
    SortedMap<String, String> t = new TreeMap<>();
    files.forEach((k, v) -> t.put(k, new String(v, StandardCharsets.UTF_8)));
    return t;
  }

  private static SortedMap<String, String> tree(Path root) throws IOException {
    SortedMap<String, String> t = new TreeMap<>();
    if (!Files.exists(root)) {
      return t;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = root.relativize(p).toString();
        if (!rel.equals(Publisher.MARKER) && !rel.equals(Publisher.MANIFEST)) {
          t.put(rel, Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    }
    return t;
  }
}
