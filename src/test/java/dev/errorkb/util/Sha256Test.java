package dev.errorkb.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The libcrypto digest gives the JDK's bytes for every size and way of feeding it. */
class Sha256Test {
  private static final int[] SIZES = {0, 1, 55, 56, 63, 64, 65, 1000, 16383, 16384, 16385, 40_000, 1 << 20};

  @Test
  void libcryptoIsUsedWhereTheSystemHasIt() {
    // The team's machines and CI have OpenSSL 3; without this the cold build hashes 15x slower.
    boolean hasLibcrypto = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"))
        || Files.exists(Path.of("/lib/x86_64-linux-gnu/libcrypto.so.3"));
    if (hasLibcrypto && !Boolean.getBoolean("errorkb.sha256.java")) {
      assertTrue(Sha256.isNative(), "libcrypto.so.3 is installed but errorkb did not link it");
    }
  }

  @Test
  void knownAnswers() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(new byte[0]));
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.hex("abc"));
    assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        Sha256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
  }

  @Test
  void oneShotEqualsTheJdkForEverySize() {
    Random r = new Random(15);
    for (int size : SIZES) {
      byte[] b = new byte[size];
      r.nextBytes(b);
      assertEquals(HexFormat.of().formatHex(Sha256.jdk().digest(b)), Sha256.hex(b), "size " + size);
    }
  }

  @Test
  void piecewiseUpdatesEqualTheJdk() {
    Random r = new Random(16);
    for (int trial = 0; trial < 200; trial++) {
      byte[] b = new byte[r.nextInt(80_000)];
      r.nextBytes(b);
      MessageDigest ours = Sha256.digest();
      int at = 0;
      while (at < b.length) {
        int kind = r.nextInt(4);
        if (kind == 0) {
          ours.update(b[at++]);
        } else {
          int len = Math.min(b.length - at, kind == 1 ? r.nextInt(64) : kind == 2 ? r.nextInt(20_000) : r.nextInt(50_000));
          // Slices at an offset inside a larger array, as callers pass them.
          byte[] holder = new byte[len + 7];
          System.arraycopy(b, at, holder, 3, len);
          ours.update(holder, 3, len);
          at += len;
        }
      }
      assertArrayEquals(Sha256.jdk().digest(b), ours.digest(), "trial " + trial + ", " + b.length + " bytes");
    }
  }

  @Test
  void aDigestIsReusableAfterDigestAndReset() {
    MessageDigest d = Sha256.digest();
    d.update("first".getBytes());
    d.digest();
    d.update("abc".getBytes());
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", HexFormat.of().formatHex(d.digest()));
    d.update(new byte[40_000]);
    d.reset();
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", HexFormat.of().formatHex(d.digest()));
    assertEquals(32, d.getDigestLength());
  }

  @Test
  void digestsOnManyThreadsDoNotMix() {
    IntStream.range(0, 2000).parallel().forEach(i -> {
      byte[] b = new byte[i * 37 % 30_000];
      new Random(i).nextBytes(b);
      assertEquals(HexFormat.of().formatHex(Sha256.jdk().digest(b)), Sha256.hex(b));
    });
  }
}
