package dev.errorkb.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.render.Markdown;
import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.signature.ErrorIndexWriter;
import dev.errorkb.testing.Fixture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broken, cut, foreign or crafted errors.idx beside a good errors.json (issue 15): the sidecar
 * is a cache, so whatever it holds, {@code match} must never throw, hang or run out of memory; a
 * sidecar that is cut or whose bytes changed is named and the results are errors.json's. One
 * crafted with valid checksums (its maker could as well edit errors.json) must still never crash.
 */
class HostileSidecarTest {
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static FileSystem fs;
  private static Path json;
  private static byte[] good;
  private static ErrorIndex full;
  private static List<String> pastes;

  @BeforeAll
  static void site() throws IOException {
    fs = Fixture.unix();
    json = fs.getPath("/site/errors.json");
    Files.createDirectories(json.getParent());
    KnowledgeBase kb = new ContentLoader(Path.of("content")).load().kb();
    byte[] bytes = ErrorIndexWriter.toJson(ErrorIndexWriter.build(kb, new Markdown(kb.site().allowHtml())::plainText, "errorkb test"));
    Files.write(json, bytes);
    good = ErrorIndex.sidecar(bytes, "errors.json");
    full = ErrorIndex.load(json);
    pastes = new ArrayList<>();
    full.document().entries().forEach(e -> e.signatures().forEach(s -> pastes.add(s.text())));
    pastes.add("permission denied while trying to connect to the docker daemon socket");
  }

  @AfterAll
  static void close() throws IOException {
    fs.close();
  }

  /** Matches every paste through {@code sidecar}; the notes it gave. */
  private static List<String> matchAll(byte[] sidecar, boolean mustEqual) {
    List<String> notes = new ArrayList<>();
    assertTimeoutPreemptively(BOUND, () -> {
      Files.write(json.resolveSibling("errors.idx"), sidecar);
      ErrorIndex side = ErrorIndex.loadWithSidecar(json, notes::add);
      for (String p : pastes) {
        ErrorIndex.MatchOptions o = new ErrorIndex.MatchOptions(java.util.Optional.empty(), 5);
        List<ErrorIndex.Match> m = side.match(p, o);
        side.explain(p, o);
        if (mustEqual) {
          assertEquals(full.match(p, o), m, p);
        }
      }
    });
    return notes;
  }

  @Test
  void aCutSidecarIsNamed() {
    Random rnd = new Random(15);
    for (int i = 0; i < 40; i++) {
      int len = i < 10 ? i * 7 : rnd.nextInt(good.length);
      List<String> notes = matchAll(java.util.Arrays.copyOf(good, len), true);
      assertFalse(notes.isEmpty(), "cut at " + len);
    }
  }

  @Test
  void aChangedByteIsNamedAndErrorsJsonUsed() {
    Random rnd = new Random(16);
    for (int i = 0; i < 60; i++) {
      byte[] b = good.clone();
      int at = i < 48 ? i : rnd.nextInt(b.length);
      b[at] ^= (byte) (1 << rnd.nextInt(8));
      List<String> notes = matchAll(b, true);
      assertFalse(notes.isEmpty(), "byte " + at);
    }
  }

  @Test
  void garbageAndForeignSidecarsAreNamed() throws IOException {
    assertFalse(matchAll(new byte[0], true).isEmpty());
    assertFalse(matchAll("not a sidecar at all, just text".getBytes(java.nio.charset.StandardCharsets.UTF_8), true).isEmpty());
    KnowledgeBase kb = new ContentLoader(Path.of("content")).load().kb();
    KnowledgeBase one = new KnowledgeBase(kb.site(), kb.entries().subList(0, 1));
    byte[] other = ErrorIndex.sidecar(ErrorIndexWriter.toJson(ErrorIndexWriter.build(one, s -> s, "errorkb test")), "other.json");
    assertFalse(matchAll(other, true).isEmpty());
  }

  /**
   * Bytes changed and every checksum made to fit again: what a hostile writer can do. Whatever
   * the values, range checks keep every read in bounds; nothing throws or hangs.
   */
  @Test
  void aCraftedSidecarNeverCrashes() {
    Random rnd = new Random(17);
    for (int i = 0; i < 150; i++) {
      byte[] b = good.clone();
      int flips = 1 + rnd.nextInt(4);
      for (int f = 0; f < flips; f++) {
        int at = 48 + rnd.nextInt(b.length - 48);
        b[at] = switch (rnd.nextInt(3)) {
          case 0 -> (byte) (b[at] ^ (1 << rnd.nextInt(8)));
          case 1 -> (byte) 0xff;
          default -> 0;
        };
      }
      matchAll(reseal(b), false);
    }
  }

  /** Recomputes the block checksums and the header's (the layout of docs/errors-json.md "The sidecar index"). */
  static byte[] reseal(byte[] b) {
    ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int blocks = h.getInt(12);
    int body = 48 + 4 * blocks;
    if (blocks < 0 || body > b.length) {
      return b;
    }
    for (int k = 0; k < blocks; k++) {
      int from = body + k * 65536;
      int len = Math.min(65536, b.length - from);
      if (len <= 0) {
        return b;
      }
      CRC32C c = new CRC32C();
      c.update(b, from, len);
      h.putInt(48 + 4 * k, (int) c.getValue());
    }
    h.putInt(40, 0);
    CRC32C c = new CRC32C();
    c.update(b, 0, body);
    h.putInt(40, (int) c.getValue());
    return b;
  }
}
