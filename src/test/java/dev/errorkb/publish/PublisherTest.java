package dev.errorkb.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Incremental publishing: only changed bytes are written, and the result equals a fresh publish. */
class PublisherTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path src = fs.getPath("/content");
  private final Path out = fs.getPath("/w/site");

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private static SortedMap<String, byte[]> site(String... pathAndText) {
    SortedMap<String, byte[]> m = new TreeMap<>();
    for (int i = 0; i < pathAndText.length; i += 2) {
      m.put(pathAndText[i], pathAndText[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  private static SortedMap<String, String> tree(Path root) {
    SortedMap<String, String> t = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        t.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir" : Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return t;
  }

  /** The same files published into an empty folder: what an incremental publish must equal. */
  private SortedMap<String, String> fresh(SortedMap<String, byte[]> files) {
    Path other = fs.getPath("/fresh-" + System.nanoTime() + "/site");
    new Publisher(other).publish(files, new TreeMap<>(), src);
    return tree(other);
  }

  @Test
  void firstPublishWritesEverythingAndASha256sumManifest() throws IOException {
    Publisher.Report r = new Publisher(out).publish(site("en/a/index.html", "A", "index.html", "home"), new TreeMap<>(), src);
    assertEquals(new Publisher.Report(2, 2, 0), r);
    // sha256sum format, sorted by path: `cd site && sha256sum -c .errorkb-manifest` verifies a copy.
    assertEquals("""
        559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd  en/a/index.html
        4ea140588150773ce3aace786aeef7f4049ce100fa649c94fbbddb960f1da942  index.html
        """, Files.readString(out.resolve(Publisher.MANIFEST)));
    assertTrue(Files.exists(out.resolve(Publisher.MARKER)));
  }

  @Test
  void unchangedFilesAreNotRewrittenAndGoneFilesAreRemoved() throws IOException {
    new Publisher(out).publish(site("en/a/index.html", "A", "en/b/index.html", "B", "index.html", "home"), new TreeMap<>(), src);
    FileTime stamp = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(out.resolve("en/a/index.html"), stamp);
    Files.setLastModifiedTime(out.resolve("index.html"), stamp);

    SortedMap<String, byte[]> next = site("en/a/index.html", "A", "index.html", "home 2", "ja/c/index.html", "C");
    Publisher.Report r = new Publisher(out).publish(next, new TreeMap<>(), src);

    assertEquals(new Publisher.Report(3, 2, 1), r);
    assertEquals(stamp, Files.getLastModifiedTime(out.resolve("en/a/index.html")), "unchanged file was rewritten");
    assertEquals("home 2", Files.readString(out.resolve("index.html")));
    assertFalse(Files.exists(out.resolve("en/b")), "the folder of a removed page is removed too");
    assertEquals(fresh(next), tree(out));
    assertFalse(Files.exists(fs.getPath("/w/.site.tmp")));
  }

  @Test
  void nothingChangedWritesNothing() {
    SortedMap<String, byte[]> files = site("en/a/index.html", "A", "index.html", "home");
    new Publisher(out).publish(files, new TreeMap<>(), src);
    assertEquals(new Publisher.Report(2, 0, 0), new Publisher(out).publish(files, new TreeMap<>(), src));
  }

  @Test
  void aFileDeletedOrEditedInsideTheSiteIsWrittenAgain() throws IOException {
    SortedMap<String, byte[]> files = site("en/a/index.html", "A", "index.html", "home");
    new Publisher(out).publish(files, new TreeMap<>(), src);
    Files.delete(out.resolve("en/a/index.html"));
    Files.writeString(out.resolve("index.html"), "hand-edited");
    assertEquals(new Publisher.Report(2, 2, 0), new Publisher(out).publish(files, new TreeMap<>(), src));
    assertEquals(fresh(files), tree(out));
  }

  @Test
  void copiedAssetsAreComparedByTheirBytes() throws IOException {
    Files.createDirectories(src.resolve("e"));
    Files.writeString(src.resolve("e/shot.png"), "png-1");
    SortedMap<String, String> copies = new TreeMap<>();
    copies.put("en/e/shot.png", "e/shot.png");
    new Publisher(out).publish(site("index.html", "x"), copies, src);
    assertEquals(new Publisher.Report(2, 0, 0), new Publisher(out).publish(site("index.html", "x"), copies, src));
    Files.writeString(src.resolve("e/shot.png"), "png-2");
    assertEquals(new Publisher.Report(2, 1, 0), new Publisher(out).publish(site("index.html", "x"), copies, src));
    assertEquals("png-2", Files.readString(out.resolve("en/e/shot.png")));
  }

  /**
   * A staging folder left by the journal-based publisher of earlier versions, killed while applying
   * its journal: the site may be mixed, so recover() drops its manifest and the next publish
   * rewrites every file (no journal is applied any more).
   */
  @Test
  void aJournalLeftByAnOlderPublisherMakesTheNextPublishRewriteAll() throws IOException {
    new Publisher(out).publish(site("en/a/index.html", "A", "en/b/index.html", "B"), new TreeMap<>(), src);
    SortedMap<String, byte[]> next = site("en/a/index.html", "A2", "ja/c/index.html", "C");
    Path tmp = fs.getPath("/w/.site.tmp");
    Files.createDirectories(tmp.resolve("ja/c"));
    Files.writeString(tmp.resolve("ja/c/index.html"), "C");
    Files.writeString(out.resolve("en/a/index.html"), "A2");
    Files.writeString(tmp.resolve(Publisher.MANIFEST), fresh(next).get(Publisher.MANIFEST));
    Files.writeString(tmp.resolve(Publisher.JOURNAL), "D en/b/index.html\nW en/a/index.html\nW ja/c/index.html\nE 3\n");

    new Publisher(out).recover();

    assertFalse(Files.exists(tmp));
    assertFalse(Files.exists(out.resolve(Publisher.MANIFEST)), "the mixed site's manifest is not trusted");
    assertEquals(new Publisher.Report(2, 2, 0), new Publisher(out).publish(next, new TreeMap<>(), src));
    assertEquals(fresh(next), tree(out));
  }

  /** A kill while staging: the staged files are discarded and the site stays as it was. */
  @Test
  void recoverDiscardsAnUncommittedStage() throws IOException {
    SortedMap<String, byte[]> files = site("en/a/index.html", "A");
    new Publisher(out).publish(files, new TreeMap<>(), src);
    SortedMap<String, String> before = tree(out);
    Path tmp = fs.getPath("/w/.site.tmp");
    Files.createDirectories(tmp.resolve("en/a"));
    Files.writeString(tmp.resolve(Publisher.MARKER), "x");
    Files.writeString(tmp.resolve("en/a/index.html"), "half");

    new Publisher(out).recover();

    assertEquals(before, tree(out));
    assertFalse(Files.exists(tmp));
  }

  /** A build that finds an error after it started streaming pages: nothing reaches the site. */
  @Test
  void anUncommittedSessionLeavesTheSiteAsItWas() throws IOException {
    new Publisher(out).publish(site("en/a/index.html", "A"), new TreeMap<>(), src);
    SortedMap<String, String> before = tree(out);
    try (Publisher.Session s = new Publisher(out).begin()) {
      s.put("en/a/index.html", "A2".getBytes(StandardCharsets.UTF_8));
      s.put("en/b/index.html", "B".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(before, tree(out));
    assertFalse(Files.exists(fs.getPath("/w/.site.tmp")));
  }

  @Test
  void refusesFilesNamedLikeItsOwnBookkeeping() {
    assertThrows(UncheckedIOException.class,
        () -> new Publisher(out).publish(site(Publisher.MANIFEST, "x"), new TreeMap<>(), src));
    assertFalse(Files.exists(out));
  }
  /**
   * A file put as parts (errors.idx, issue 15) is the file of its parts joined, with the same
   * manifest hash, and counts as unchanged next time, with and without rehashing.
   */
  @Test
  void aFileGivenInPartsIsTheirBytesJoined() throws IOException {
    java.util.List<byte[]> parts = java.util.List.of("head|".getBytes(StandardCharsets.UTF_8), new byte[0],
        "body one|".getBytes(StandardCharsets.UTF_8), "two".getBytes(StandardCharsets.UTF_8));
    for (boolean rehash : new boolean[] {false, true}) {
      Path site = fs.getPath("/parts-" + rehash + "/site");
      for (int build = 0; build < 2; build++) {
        Publisher p = new Publisher(site, rehash);
        try (Publisher.Session s = p.begin()) {
          s.put("a.txt", "A".getBytes(StandardCharsets.UTF_8));
          s.put("errors.idx", parts);
          assertEquals(s.hashOf("errors.idx"), dev.errorkb.util.Sha256.hex("head|body one|two"));
          assertEquals(build == 0 ? 2 : 0, s.commit().written(), "build " + build + ", rehash " + rehash);
        }
      }
      assertEquals("head|body one|two", Files.readString(site.resolve("errors.idx"), StandardCharsets.UTF_8));
    }
  }
}
