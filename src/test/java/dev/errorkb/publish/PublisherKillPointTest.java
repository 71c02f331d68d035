package dev.errorkb.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A publish killed after every single change it makes, one kill point after another (the random
 * SIGKILLs of {@code CrashSafetyTest} hit a window of a few microseconds once in hundreds of runs:
 * a truncated {@code .errorkb-site} in a previous generation that still had its manifest, so
 * {@code recover()} kept it as whole). After each kill: a reader finds the old site, the new one or
 * (three-rename fallback, which this file system gets) none; after {@code recover()} the site is
 * byte for byte the old or the new one, the staging folder is gone, a kept previous generation is
 * byte for byte a whole build, and the next publishes, which build on it, give exact sites.
 */
class PublisherKillPointTest {
  private static final int PAGES = 15;

  /** One starting state: the variants published first, the one published with kill points. */
  record Scenario(String name, List<String> setup, boolean dropLiveManifest, String target, boolean rehash) {}

  private static final List<Scenario> SCENARIOS = List.of(
      // The previous generation already holds the target: only its manifest is rewritten.
      new Scenario("previous generation is the target", List.of("A", "B", "A"), false, "B", false),
      // Files changed, removed and added in the previous generation.
      new Scenario("previous generation is brought up to date", List.of("A", "B", "A"), false, "C", false),
      new Scenario("no previous generation", List.of("A"), false, "B", false),
      // --no-cache never trusts the previous generation: a whole one is deleted first.
      new Scenario("--no-cache deletes a whole previous generation", List.of("A", "B", "A"), false, "C", true),
      new Scenario("first publish", List.of(), false, "A", false),
      // A site without a manifest (an older errorkb's, or edited): published like a first one.
      new Scenario("site without a manifest", List.of("A", "B", "A"), true, "C", false));

  private static SortedMap<String, byte[]> site(String variant) {
    SortedMap<String, byte[]> m = new TreeMap<>();
    m.put("index.html", ("home " + variant).getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < PAGES; i++) {
      if (variant.equals("C") && i % 5 == 4) {
        continue; // C drops some pages
      }
      String text = "page " + i + (i % 3 == 0 ? " " + variant : "");
      m.put(String.format(Locale.ROOT, "en/e%03d/index.html", i), text.getBytes(StandardCharsets.UTF_8));
    }
    if (variant.equals("B")) {
      m.put("only-in-b/x.txt", "b".getBytes(StandardCharsets.UTF_8));
    }
    if (variant.equals("C")) {
      m.put("c/deep/y.txt", "c".getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  private static void publish(Path out, String variant, boolean rehash) {
    // Sequential puts (publish() puts in parallel), so kill point n is the same change every run.
    try (Publisher.Session s = new Publisher(out, rehash).begin()) {
      for (Map.Entry<String, byte[]> f : site(variant).entrySet()) {
        s.put(f.getKey(), f.getValue());
      }
      s.commit();
    }
  }

  /** Relative path → "dir" or the file's text; empty when {@code root} does not exist. */
  private static SortedMap<String, String> tree(Path root) {
    SortedMap<String, String> t = new TreeMap<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return t;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        t.put(root.relativize(p).toString(), Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return t;
  }

  @Test
  void aPublishKilledAfterAnyChangeLeavesOnlyWholeBuilds() throws IOException {
    Map<String, SortedMap<String, String>> whole = new TreeMap<>();
    try (java.nio.file.FileSystem ref = Jimfs.newFileSystem(Configuration.unix())) {
      for (String v : List.of("A", "B", "C")) {
        publish(ref.getPath("/" + v + "/site"), v, false);
        whole.put(v, tree(ref.getPath("/" + v + "/site")));
      }
    }
    List<String> failures = new ArrayList<>();
    StringBuilder counts = new StringBuilder();
    for (boolean reverse : new boolean[] {false, true}) {
      for (Scenario sc : SCENARIOS) {
        int points = 0;
        for (int n = 0; ; n++) {
          String at = sc.name() + (reverse ? " (reverse listing)" : "") + ", killed after change " + n;
          try (KillableFileSystem fs = new KillableFileSystem(Jimfs.newFileSystem(Configuration.unix()))) {
            fs.reverseListing(reverse);
            Path out = fs.getPath("/w/site");
            for (String v : sc.setup()) {
              publish(out, v, false);
            }
            if (sc.dropLiveManifest()) {
              Files.delete(out.resolve(Publisher.MANIFEST));
            }
            SortedMap<String, String> before = tree(out);
            SortedMap<String, String> after = whole.get(sc.target());
            fs.killAfter(n);
            try {
              publish(out, sc.target(), sc.rehash());
            } catch (KillableFileSystem.Killed expected) {
              // the process is dead here
            }
            if (!fs.dead()) {
              assertEquals(after, tree(out), sc.name() + ": the publish that was not killed");
              points = n;
              break;
            }
            fs.revive();
            SortedMap<String, String> seen = tree(out);
            if (!seen.equals(before) && !seen.equals(after) && !seen.isEmpty()) {
              failures.add(at + ": a reader found a site that is neither the old nor the new one");
            }
            new Publisher(out).recover();
            SortedMap<String, String> now = tree(out);
            if (!now.equals(before) && !now.equals(after)) {
              failures.add(at + ": after recover() the site is neither the old nor the new one: " + now.keySet());
            }
            if (Files.exists(fs.getPath("/w/.site.tmp"), LinkOption.NOFOLLOW_LINKS)) {
              failures.add(at + ": recover() left the staging folder");
            }
            SortedMap<String, String> previous = tree(fs.getPath("/w/.site.old"));
            if (!previous.isEmpty() && !whole.containsValue(previous)) {
              failures.add(at + ": recover() kept a previous generation that is not a whole build: " + differences(whole, previous));
            }
            // The next publishes build on what recover() kept: each must give its exact site.
            for (String v : List.of("A", "B", "C")) {
              publish(out, v, false);
              if (!tree(out).equals(whole.get(v))) {
                failures.add(at + ": the next publish of " + v + " is not exact: " + differences(Map.of(v, whole.get(v)), tree(out)));
                break;
              }
            }
          }
        }
        assertTrue(points > 10, sc.name() + ": a publish should make many changes, counted " + points);
        counts.append(String.format(Locale.ROOT, "%n  %-48s %s %3d kill points", sc.name(), reverse ? "reverse" : "natural", points));
      }
    }
    System.out.println("publisher kill points:" + counts);
    assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())), failures.size() + " failures");
  }

  /** The paths by which {@code got} differs from the closest whole build, for the message. */
  private static String differences(Map<String, SortedMap<String, String>> whole, SortedMap<String, String> got) {
    String best = null;
    for (Map.Entry<String, SortedMap<String, String>> w : whole.entrySet()) {
      List<String> d = new ArrayList<>();
      for (String k : w.getValue().keySet()) {
        if (!w.getValue().get(k).equals(got.get(k))) {
          d.add(got.containsKey(k) ? k + " (differs)" : k + " (missing)");
        }
      }
      for (String k : got.keySet()) {
        if (!w.getValue().containsKey(k)) {
          d.add(k + " (extra)");
        }
      }
      String s = "from " + w.getKey() + ": " + d;
      if (best == null || s.length() < best.length()) {
        best = s;
      }
    }
    return best;
  }

  @Test
  void theFileSystemDiesBetweenTruncatingAFileAndWritingIt() throws IOException {
    try (KillableFileSystem fs = new KillableFileSystem(Jimfs.newFileSystem(Configuration.unix()))) {
      Path f = fs.getPath("/f");
      Files.writeString(f, "whole", StandardCharsets.UTF_8);
      fs.killAfter(1);
      try {
        Files.writeString(f, "other", StandardCharsets.UTF_8);
      } catch (KillableFileSystem.Killed expected) {
        // dead after opening (and truncating) the file
      }
      assertTrue(fs.dead());
      fs.revive();
      assertEquals("", Files.readString(f, StandardCharsets.UTF_8));
      assertFalse(fs.dead());
    }
  }
}
