package dev.errorkb.gaps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errorkb.signature.Normalizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ChunkMask} gives exactly {@link Normalizer#mask}, with its memo warm and cold. */
class ChunkMaskTest {

  private static void same(ChunkMask m, String input) {
    String folded = Normalizer.fold(input);
    String expected = Normalizer.mask(folded);
    assertEquals(expected, m.mask(folded), input);
    assertEquals(expected, String.join(" ", m.maskedTokens(input)), input);
  }

  @Test
  void sharedVectors() throws IOException {
    try (InputStream in = ChunkMaskTest.class.getResourceAsStream("/vectors/normalizer.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      ChunkMask m = new ChunkMask();
      for (int pass = 0; pass < 2; pass++) {
        for (JsonNode c : root.path("cases")) {
          same(m, c.path("input").asText());
        }
      }
    }
  }

  @Test
  void loghubLines() throws IOException {
    Path dir = LoghubAccuracyTest.loghubDir();
    if (!Files.isDirectory(dir.resolve("HDFS"))) {
      return; // the random lines below still run
    }
    ChunkMask m = new ChunkMask();
    for (String s : LoghubAccuracyTest.SYSTEMS) {
      for (String line : Files.readAllLines(dir.resolve(s).resolve(s + "_2k.log"), StandardCharsets.UTF_8)) {
        same(m, line);
      }
    }
  }

  /** Pieces that the rules join across spaces, or almost: dates, times, zones, units, addresses. */
  static final List<String> PIECES = List.of(
      "2026-12-02", "2026/12/02", "10:15", "10:15:30", "10:15:30.123", "10:15:30,5", "utc", "z", "gmt", "jst", "+09:00", "-0500",
      "+09", "5", "12", "0", "007", "1.5", "3,5", "s", "ms", "m", "h", "d", "sec", "seconds", "minute", "hrs", "days", "msecs",
      "秒", "ミリ秒", "分", "時間", "日", "10.0.0.1", "10.0.0.1:8080", "[::1]:80", "fe80::1", "0x1f", "deadbeef12", "blk_-123",
      "a1b2c3d4e5", "sha256", "v1.2", "ipv4", "/var/log/x", "./a", "c:\\x", "~/x", "x/y", "and/or", "db01.internal",
      "github.com", "java.lang.string", "a@b.com", "https://x.example/a?b=1", "arn:aws:iam::123:role/x",
      "123e4567-e89b-12d3-a456-426614174000", "error:", "failed", "(", ")", ".", ",", ":", "-", "x", "t", "-1", "5s", "10m30s",
      "エラー", "接続", "1:2:3:4:5:6:7:8", "::", "#3", "[main]", "pid=42", "42%", "12gb");

  @Test
  void randomLines() {
    Random rnd = new Random(16);
    ChunkMask m = new ChunkMask();
    for (int i = 0; i < 5_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = 1 + rnd.nextInt(8);
      for (int k = 0; k < n; k++) {
        if (k > 0) {
          b.append(rnd.nextInt(6) == 0 ? "" : rnd.nextInt(8) == 0 ? " \t " : " ");
        }
        String piece = PIECES.get(rnd.nextInt(PIECES.size()));
        b.append(rnd.nextInt(5) == 0 ? piece.toUpperCase(java.util.Locale.ROOT) : piece);
      }
      same(m, b.toString());
    }
  }
}
