package dev.errorkb.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 6: the live site folder is never changed in place; a publish completes the new
 * site beside it and swaps it in whole, so readers see the old site or the new one.
 */
class PublisherSwapTest {
  @TempDir Path dir;

  @AfterEach
  void exchangeBackOn() {
    DirectorySwap.enabled = true;
  }

  private static SortedMap<String, byte[]> site(String variant, int pages) {
    SortedMap<String, byte[]> m = new TreeMap<>();
    m.put("index.html", ("home " + variant).getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < pages; i++) {
      // Every third page differs between variants; the rest are shared (and so hard-linked).
      String text = "page " + i + (i % 3 == 0 ? " " + variant : "");
      m.put(String.format(Locale.ROOT, "en/e%03d/index.html", i), text.getBytes(StandardCharsets.UTF_8));
    }
    if (variant.equals("B")) {
      m.put("only-in-b/x.txt", "b".getBytes(StandardCharsets.UTF_8));
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

  private SortedMap<String, String> fresh(SortedMap<String, byte[]> files) {
    Path other = dir.resolve("fresh-" + System.nanoTime() + "/site");
    new Publisher(other).publish(files, new TreeMap<>(), dir);
    return tree(other);
  }

  @Test
  void linuxSwapsFoldersInOneStep() {
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      assertTrue(DirectorySwap.available(), "renameat2 through JNA should load on Linux");
    }
  }

  @Test
  void aReaderHoldingTheOldFolderKeepsReadingTheOldSiteWhole() throws IOException {
    for (boolean exchange : new boolean[] {true, false}) {
      DirectorySwap.enabled = exchange;
      Path out = dir.resolve((exchange ? "x" : "r") + "/site");
      new Publisher(out).publish(site("A", 30), new TreeMap<>(), dir);
      Object before = Files.readAttributes(out, BasicFileAttributes.class).fileKey();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(out)) {
        if (!(ds instanceof SecureDirectoryStream<Path> held)) {
          return; // not on this platform: the folder-key check below still runs elsewhere
        }
        new Publisher(out).publish(site("B", 30), new TreeMap<>(), dir);
        // The folder a reader had open is the old site, untouched: no file of it was rewritten.
        try (var ch = held.newByteChannel(out.getFileSystem().getPath("index.html"), java.util.Set.of(StandardOpenOption.READ))) {
          java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64);
          ch.read(b);
          assertEquals("home A", new String(b.array(), 0, b.position(), StandardCharsets.UTF_8), "exchange " + exchange);
        }
      }
      assertNotEquals(before, Files.readAttributes(out, BasicFileAttributes.class).fileKey(), "a new folder took the name");
      assertEquals(fresh(site("B", 30)), tree(out));
    }
  }

  @Test
  void eachPublishBuildsOnThePreviousGenerationAndSharesUnchangedFiles() throws IOException {
    Path out = dir.resolve("g/site");
    Path previous = dir.resolve("g/.site.old");
    new Publisher(out).publish(site("A", 30), new TreeMap<>(), dir);
    assertFalse(Files.exists(previous), "a first publish has no previous generation");
    assertEquals(new Publisher.Report(32, 12, 0), new Publisher(out).publish(site("B", 30), new TreeMap<>(), dir));
    assertEquals(fresh(site("A", 30)), tree(previous), "the previous generation is the whole old site");
    assertEquals(new Publisher.Report(31, 11, 1), new Publisher(out).publish(site("A", 30), new TreeMap<>(), dir));
    assertEquals(fresh(site("A", 30)), tree(out));
    assertEquals(fresh(site("B", 30)), tree(previous));
    // An unchanged page is one file under two names, not a second copy of its bytes.
    Object live = Files.readAttributes(out.resolve("en/e001/index.html"), BasicFileAttributes.class).fileKey();
    Object kept = Files.readAttributes(previous.resolve("en/e001/index.html"), BasicFileAttributes.class).fileKey();
    assertEquals(live, kept);
    assertNotEquals(Files.readAttributes(out.resolve("index.html"), BasicFileAttributes.class).fileKey(),
        Files.readAttributes(previous.resolve("index.html"), BasicFileAttributes.class).fileKey());
    // Nothing changed: nothing is written and neither folder moves.
    Object key = Files.readAttributes(out, BasicFileAttributes.class).fileKey();
    assertEquals(new Publisher.Report(31, 0, 0), new Publisher(out).publish(site("A", 30), new TreeMap<>(), dir));
    assertEquals(key, Files.readAttributes(out, BasicFileAttributes.class).fileKey());
  }

  @Test
  void aPreviousGenerationThatIsNotTrustedIsMadeAnew() throws IOException {
    Path out = dir.resolve("u/site");
    Path previous = dir.resolve("u/.site.old");
    new Publisher(out).publish(site("A", 10), new TreeMap<>(), dir);
    new Publisher(out).publish(site("B", 10), new TreeMap<>(), dir);
    // Someone wrote into the previous generation (not the live site): its manifest no longer holds.
    Files.delete(previous.resolve("en/e001/index.html"));
    Files.writeString(previous.resolve("stray.html"), "stray");
    Files.delete(previous.resolve(Publisher.MANIFEST));
    new Publisher(out).publish(site("A", 10), new TreeMap<>(), dir);
    assertEquals(fresh(site("A", 10)), tree(out));
    // With --no-cache the previous generation is never trusted, so a stray file cannot come back.
    Files.writeString(previous.resolve("stray.html"), "stray");
    new Publisher(out, true).publish(site("B", 10), new TreeMap<>(), dir);
    assertEquals(fresh(site("B", 10)), tree(out));
  }

  @Test
  void readersAlwaysFindTheSite() throws Exception {
    for (boolean exchange : new boolean[] {true, false}) {
      DirectorySwap.enabled = exchange;
      Path out = dir.resolve((exchange ? "rx" : "rr") + "/site");
      new Publisher(out).publish(site("A", 40), new TreeMap<>(), dir);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong reads = new AtomicLong();
      AtomicLong missing = new AtomicLong();
      AtomicLong wrong = new AtomicLong();
      Thread reader = new Thread(() -> {
        while (!stop.get()) {
          try {
            String home = Files.readString(out.resolve("index.html"), StandardCharsets.UTF_8);
            if (!home.equals("home A") && !home.equals("home B")) {
              wrong.incrementAndGet();
            }
          } catch (NoSuchFileException e) {
            missing.incrementAndGet();
          } catch (IOException e) {
            wrong.incrementAndGet();
          }
          reads.incrementAndGet();
        }
      });
      reader.start();
      for (int i = 0; i < 40; i++) {
        new Publisher(out).publish(site(i % 2 == 0 ? "B" : "A", 40), new TreeMap<>(), dir);
      }
      stop.set(true);
      reader.join();
      System.out.printf(Locale.ROOT, "publisher swap (%s): %d reads during 40 publishes, %d found no site%n",
          exchange ? "renameat2 exchange" : "three renames", reads.get(), missing.get());
      assertEquals(0, wrong.get());
      assertTrue(reads.get() > 0);
      if (exchange && DirectorySwap.available()) {
        assertEquals(0, missing.get(), "with the exchange a reader never finds the site missing");
      }
    }
  }

  @Test
  void anOutputFolderGivenAsALinkStaysALink() throws IOException {
    Path target = dir.resolve("real/kb");
    Path link = dir.resolve("link/site");
    Files.createDirectories(link.getParent());
    Files.createDirectories(target);
    Files.createSymbolicLink(link, target);
    new Publisher(link).publish(site("A", 5), new TreeMap<>(), dir);
    new Publisher(link).publish(site("B", 5), new TreeMap<>(), dir);
    assertTrue(Files.isSymbolicLink(link), "the user's link was not replaced");
    assertEquals(fresh(site("B", 5)), tree(target));
    assertEquals("home B", Files.readString(link.resolve("index.html")));
  }

  /** The fallback's intermediate states on an in-memory file system, where no exchange exists. */
  @Test
  void recoverPutsAParkedSiteBack() throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path out = fs.getPath("/w/site");
      Path tmp = fs.getPath("/w/.site.tmp");
      Path old = fs.getPath("/w/.site.old");
      new Publisher(out).publish(site("A", 5), new TreeMap<>(), fs.getPath("/"));
      new Publisher(out).publish(site("B", 5), new TreeMap<>(), fs.getPath("/"));
      SortedMap<String, String> b = tree(out);
      SortedMap<String, String> a = tree(old);
      // Killed after the live site was parked in the staging folder's place.
      Files.move(out, tmp);
      new Publisher(out).recover();
      assertEquals(b, tree(out));
      assertEquals(a, tree(old));
      assertFalse(Files.exists(tmp, LinkOption.NOFOLLOW_LINKS));
      // The site folder gone, only the previous generation left: it comes back whole.
      OutputFolder.deleteTree(out);
      new Publisher(out).recover();
      assertEquals(a, tree(out));
    }
  }

  /** "No space left on device" names the file that could not be written (issue 12). */
  @Test
  void aFullDiskNamesTheFile() throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setMaxSize(64 * 1024).setBlockSize(1024).build())) {
      Path out = fs.getPath("/w/site");
      SortedMap<String, byte[]> big = new TreeMap<>();
      big.put("index.html", new byte[200 * 1024]);
      UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(UncheckedIOException.class,
          () -> new Publisher(out).publish(big, new TreeMap<>(), fs.getPath("/")));
      assertTrue(e.getCause().getMessage().contains("/w/.site.tmp/index.html"), e.getCause().getMessage());
      assertFalse(Files.exists(out));
      assertFalse(Files.exists(fs.getPath("/w/.site.tmp")), "the half-written staging folder is removed");
    }
  }
}
