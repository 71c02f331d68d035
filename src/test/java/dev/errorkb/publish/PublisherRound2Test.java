package dev.errorkb.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 12, items 1 and 3: names that would rewrite the journal or manifest; sibling folders not ours. */
class PublisherRound2Test {
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

  @Test
  void pathLinesRoundTripEveryControlCharacterAndBackslash() {
    for (String p : new String[] {"a", "x\nD errors.schema.json", "z\r\nD en", "a\\b", "t\tab", "\u0085\u2028\u007f", "100%.txt", "ü/日本"}) {
      String e = PathLines.encode(p);
      assertFalse(e.contains("\n") || e.contains("\r"), e);
      assertEquals(p, PathLines.decode(e));
    }
    assertNull(PathLines.decode("bad\\q"));
    assertNull(PathLines.decode("trailing\\"));
    assertNull(PathLines.decode("raw\ttab"));
  }

  @Test
  void aNewlineInANameNeitherDeletesNorAddsAFile() throws IOException {
    new Publisher(out).publish(site("errors.schema.json", "{}", "en/index.html", "en", "index.html", "home"), new TreeMap<>(), src);
    // The attack from the issue: a name whose second line reads as a journal delete.
    SortedMap<String, byte[]> next = site("errors.schema.json", "{}", "en/index.html", "en", "index.html", "home 2",
        "e/x\nD errors.schema.json", "evil", "e/t\tab", "back");
    new Publisher(out).publish(next, new TreeMap<>(), src);
    assertEquals("{}", Files.readString(out.resolve("errors.schema.json")));
    assertEquals("en", Files.readString(out.resolve("en/index.html")));
    assertEquals("evil", Files.readString(out.resolve("e/x\nD errors.schema.json")));
    assertEquals("back", Files.readString(out.resolve("e/t\tab")));
    String manifest = Files.readString(out.resolve(Publisher.MANIFEST));
    assertEquals(5, manifest.lines().count(), manifest);
    // A third publish trusts the manifest it wrote: nothing is rewritten, the odd names stay.
    Publisher.Report r = new Publisher(out).publish(next, new TreeMap<>(), src);
    assertEquals(new Publisher.Report(5, 0, 0), r);
    // And removing them deletes exactly them.
    r = new Publisher(out).publish(site("errors.schema.json", "{}", "en/index.html", "en", "index.html", "home 2"), new TreeMap<>(), src);
    assertEquals(new Publisher.Report(3, 0, 2), r);
    assertTrue(Files.exists(out.resolve("errors.schema.json")));
    assertFalse(Files.exists(out.resolve("e")));
  }

  /** Since item 6 no journal is applied at all: not one that does not parse, not one that does. */
  @Test
  void aJournalIsNeverApplied() throws IOException {
    new Publisher(out).publish(site("a.html", "A", "b.html", "B"), new TreeMap<>(), src);
    Path tmp = out.resolveSibling(".site.tmp");
    for (String journal : new String[] {"D a.html\nX what\nE 2\n", "D a.html\n", "D a.html\nE 5\n", "D ../w2/a\nE 1\n",
        "D a.html\nE 1\nD b.html\n", "D a.html\nE 1\n"}) {
      Files.createDirectories(tmp);
      Files.writeString(tmp.resolve(Publisher.MARKER), "x");
      Files.writeString(tmp.resolve(Publisher.JOURNAL), journal);
      new Publisher(out).recover();
      assertEquals("A", Files.readString(out.resolve("a.html")), journal);
      assertFalse(Files.exists(tmp));
      // The journal says the site may be mixed: the manifest is dropped and the next publish rewrites the whole site.
      assertFalse(Files.exists(out.resolve(Publisher.MANIFEST)));
      new Publisher(out).publish(site("a.html", "A", "b.html", "B"), new TreeMap<>(), src);
      assertTrue(Files.exists(out.resolve(Publisher.MANIFEST)));
    }
  }

  @Test
  void aUsersSiblingFoldersAreNeverDeletedOrMoved() throws IOException {
    Path docs = fs.getPath("/w/docs");
    Files.createDirectories(docs);
    Files.writeString(docs.resolve("mine.txt"), "mine");
    for (String sibling : new String[] {".docs.old", ".docs.tmp"}) {
      Path s = docs.resolveSibling(sibling);
      Files.createDirectories(s);
      Files.writeString(s.resolve("keep.txt"), "keep");
    }
    assertThrows(Publisher.NotASiteException.class, () -> new Publisher(docs).publish(site("a", "A"), new TreeMap<>(), src));
    assertEquals("keep", Files.readString(fs.getPath("/w/.docs.old/keep.txt")));
    assertEquals("keep", Files.readString(fs.getPath("/w/.docs.tmp/keep.txt")));

    // With an empty (new) output folder the foreign siblings still stop the build, untouched.
    Path fresh = fs.getPath("/w/fresh");
    Path old = fs.getPath("/w/.fresh.old");
    Files.createDirectories(old);
    Files.writeString(old.resolve("keep.txt"), "keep");
    Publisher.ForeignFolderException e = assertThrows(Publisher.ForeignFolderException.class,
        () -> new Publisher(fresh).publish(site("a", "A"), new TreeMap<>(), src));
    assertTrue(e.getMessage().startsWith(old.toString()), e.getMessage());
    assertThrows(Publisher.ForeignFolderException.class, () -> new Publisher(fresh).recover());
    assertEquals("keep", Files.readString(old.resolve("keep.txt")));
    assertFalse(Files.exists(fresh), "the user's .fresh.old was not moved into place");
    // A refused folder gets no lock file beside it either (the build takes the lock first).
    assertThrows(Publisher.ForeignFolderException.class, () -> new Publisher(fresh).lock());
    assertThrows(Publisher.NotASiteException.class, () -> new Publisher(docs).lock());
    assertFalse(Files.exists(fs.getPath("/w/.fresh.lock")));
    assertFalse(Files.exists(fs.getPath("/w/.docs.lock")));

    // Our own leftovers (marked, or empty after a kill) are still cleaned up.
    Files.delete(old.resolve("keep.txt"));
    Path tmp = fs.getPath("/w/.fresh.tmp");
    Files.createDirectories(tmp.resolve("en"));
    Files.writeString(tmp.resolve(Publisher.MARKER), "x");
    new Publisher(fresh).publish(site("a", "A"), new TreeMap<>(), src);
    assertFalse(Files.exists(old));
    assertFalse(Files.exists(tmp));
    assertEquals("A", Files.readString(fresh.resolve("a")));
  }
}
