package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LogLines} against the string path it replaces: {@code BufferedReader.readLine} over a
 * replacing UTF-8 {@code InputStreamReader}, each line cut to the characters kept. Inputs are read
 * through small buffers and in pieces of a few bytes, so that line breaks, CRLF pairs and UTF-8
 * sequences fall on every kind of buffer boundary.
 */
class LogLinesTest {

  /** The lines, cut count and first cut line of the string path. */
  record Read(List<String> lines, long cut, long firstCut) {}

  static Read reference(byte[] in, int max) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(in), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
    List<String> lines = new ArrayList<>();
    long cut = 0;
    long first = 0;
    for (String l; (l = r.readLine()) != null; ) {
      if (l.length() > max) {
        l = l.substring(0, max);
        cut++;
        first = first == 0 ? lines.size() + 1 : first;
      }
      lines.add(l);
    }
    return new Read(lines, cut, first);
  }

  static Read bytePath(byte[] in, int max, int bufferSize, int piece) throws IOException {
    LogLines ll = new LogLines(new Trickle(in, piece), max, bufferSize);
    List<String> lines = new ArrayList<>();
    while (ll.next()) {
      assertEquals(lines.size() + 1, ll.lineNo());
      if (!ll.decoded()) {
        // The bytes are the line's: decoded alone they give its text.
        byte[] b = Arrays.copyOfRange(ll.bytes(), ll.start(), ll.end());
        assertEquals(new String(b, StandardCharsets.UTF_8), ll.text());
      }
      lines.add(ll.text());
    }
    return new Read(lines, ll.cutLines(), ll.firstCutLine());
  }

  /** Gives at most {@code piece} bytes per read (0: as many as asked). */
  static final class Trickle extends InputStream {
    private final byte[] data;
    private final int piece;
    private int pos;

    Trickle(byte[] data, int piece) {
      this.data = data;
      this.piece = piece;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos == data.length) {
        return -1;
      }
      int n = Math.min(len, data.length - pos);
      if (piece > 0) {
        n = Math.min(n, 1 + pos % piece);
      }
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  private static void assertSame(byte[] in, int max) throws IOException {
    Read want = reference(in, max);
    for (int bufferSize : new int[] {16, 17, 64, 1 << 12, LogLines.BUFFER}) {
      for (int piece : new int[] {0, 1, 3, 7}) {
        assertEquals(want, bytePath(in, max, bufferSize, piece),
            "buffer " + bufferSize + ", pieces " + piece + ", max " + max + ": " + Arrays.toString(Arrays.copyOf(in, Math.min(in.length, 80))));
      }
    }
  }

  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void lineBreaksAsReadLine() throws IOException {
    for (String s : new String[] {"", "\n", "\r", "\r\n", "a", "a\n", "a\r", "a\r\n", "a\nb", "a\rb", "a\r\nb", "\n\n", "\r\r",
        "\r\n\r\n", "\n\r", "a\r\r\nb\n\rc", "ab\r\nabcdef\rabc\nabcdefg\n"}) {
      assertSame(utf8(s), Integer.MAX_VALUE);
      assertSame(utf8(s), 3);
    }
    // what the CLI's bounded reader gave for these lines
    Read r = bytePath(utf8("ab\r\nabcdef\rabc\nabcdefg\n"), 3, 16, 0);
    assertEquals(new Read(List.of("ab", "abc", "abc", "abc"), 2, 2), r);
  }

  @Test
  void emptyInputAndNoTrailingLineBreak() throws IOException {
    assertEquals(new Read(List.of(), 0, 0), bytePath(new byte[0], Integer.MAX_VALUE, 16, 0));
    assertEquals(new Read(List.of("last"), 0, 0), bytePath(utf8("last"), Integer.MAX_VALUE, 16, 0));
    assertEquals(new Read(List.of("", "last"), 0, 0), bytePath(utf8("\nlast"), Integer.MAX_VALUE, 16, 0));
  }

  @Test
  void invalidUtf8DecodesAsTheStreamDecoderDoes() throws IOException {
    int[][] cases = {
      {0x80}, {0xC3}, {0xC3, 0x0A}, {0xE2, 0x82}, {0xE2, 0x82, 0x0A, 0x41}, {0xE2, 0x82, 0x0D, 0x0A}, {0xF0, 0x90, 0x80},
      {0xF0, 0x90, 0x80, 0x0A}, {0xC0, 0x80}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xFF, 0xFE, 0x41}, {0xEF, 0xBB, 0xBF, 0x41},
      {0x41, 0xE2, 0x82, 0xAC, 0x42, 0xF0, 0x9F, 0x98, 0x80, 0x0A, 0xE3, 0x81}
    };
    for (int[] c : cases) {
      assertSame(bytes(c), Integer.MAX_VALUE);
      assertSame(bytes(c), 1);
      assertSame(bytes(c), 2);
    }
    assertEquals("A\uFFFD", bytePath(bytes(0x41, 0xE2, 0x82), Integer.MAX_VALUE, 16, 0).lines().get(0));
  }

  @Test
  void nonAsciiLinesAndTheCharacterCap() throws IOException {
    String s = "エラー: ファイル \"/x\" をオープンできません\nplain ascii\n😀😀😀 emoji keep pairs\r\nnaïve café\n";
    for (int max : new int[] {1, 2, 3, 4, 5, 7, 10, 1000, Integer.MAX_VALUE}) {
      assertSame(utf8(s), max);
    }
  }

  @Test
  void linesLongerThanTheBufferAndTheCap() throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("short\n").append("x".repeat(5000)).append("\r\n").append("é".repeat(3000)).append('\r')
        .append("\n").append("ab😀".repeat(700)).append("\ntail ").append("y".repeat(300));
    byte[] in = utf8(b.toString());
    for (int max : new int[] {10, 100, 2999, 3000, 3001, 5000, Integer.MAX_VALUE}) {
      assertSame(in, max);
    }
    // A line far longer than the buffer (and than the cap's bytes kept): cut, counted once.
    byte[] huge = utf8("start\n" + "z".repeat(1 << 20) + "\nend\n");
    Read r = bytePath(huge, 1000, 64, 0);
    assertEquals(List.of("start", "z".repeat(1000), "end"), r.lines());
    assertEquals(1, r.cut());
    assertEquals(2, r.firstCut());
  }

  @Test
  void randomBytesAgree() throws IOException {
    Random rnd = new Random(42);
    int[] alphabet = {'a', 'B', '_', '0', ' ', '\t', '\n', '\r', 0x1b, 0x80, 0xBF, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xE3, 0x81, 0x82,
        0xF0, 0x9F, 0x98, 0xED, 0xA0, 0xFF};
    for (int t = 0; t < 1500; t++) {
      byte[] in = new byte[rnd.nextInt(120)];
      for (int i = 0; i < in.length; i++) {
        in[i] = (byte) alphabet[rnd.nextInt(alphabet.length)];
      }
      Read want = reference(in, t % 3 == 0 ? 5 : Integer.MAX_VALUE);
      int max = t % 3 == 0 ? 5 : Integer.MAX_VALUE;
      int buffer = 16 + rnd.nextInt(40);
      assertEquals(want, bytePath(in, max, buffer, rnd.nextInt(5)), () -> Arrays.toString(in) + " buffer " + buffer);
    }
  }

  @Test
  void nextTokensIsNextThenTheHashesOfTheLine() throws IOException {
    Random rnd = new Random(11);
    int[] alphabet = {'a', 'Z', '_', '7', ' ', ':', '\n', '\r', 0x1b, 0xC3, 0xA9, 0xE2};
    for (int t = 0; t < 1500; t++) {
      byte[] in = new byte[rnd.nextInt(200)];
      for (int i = 0; i < in.length; i++) {
        in[i] = (byte) alphabet[rnd.nextInt(t % 4 == 0 ? alphabet.length : 8)];
      }
      int max = t % 5 == 0 ? 4 : Integer.MAX_VALUE;
      int buffer = 16 + rnd.nextInt(60);
      LogLines plain = new LogLines(new Trickle(in, 0), max, buffer);
      LogLines fused = new LogLines(new Trickle(in, rnd.nextInt(6)), max, buffer);
      while (true) {
        int n = fused.nextTokens();
        long[][] h = fused.hashes();
        if (!plain.next()) {
          assertEquals(-2, n);
          break;
        }
        assertEquals(plain.lineNo(), fused.lineNo());
        assertEquals(plain.text(), fused.text());
        assertEquals(plain.decoded(), fused.decoded());
        long[][] want = {new long[1]};
        int wn = plain.decoded() ? -1 : LogScanner.asciiTokenHashes(plain.bytes(), plain.start(), plain.end(), want);
        assertEquals(wn, n, () -> Arrays.toString(in));
        if (n > 0) {
          assertArrayEquals(Arrays.copyOf(want[0], wn), Arrays.copyOf(h[0], n));
        }
      }
      assertEquals(plain.cutLines(), fused.cutLines());
    }
  }

  @Test
  void byteHashesAreTheCharHashes() {
    Random rnd = new Random(7);
    String chars = "abcXYZ019_ -.:/\"'[](){}<>=\t\u0000\u007f\u001b";
    for (int t = 0; t < 5000; t++) {
      StringBuilder b = new StringBuilder();
      int n = rnd.nextInt(60);
      for (int i = 0; i < n; i++) {
        b.append(chars.charAt(rnd.nextInt(t % 10 == 0 ? chars.length() : chars.length() - 1)));
      }
      String line = b.toString();
      long[][] a = {new long[4]};
      long[][] c = {new long[4]};
      ByteArrayOutputStream pad = new ByteArrayOutputStream();
      pad.writeBytes(utf8("zz\n"));
      pad.writeBytes(utf8(line));
      pad.writeBytes(utf8("\nq"));
      byte[] bs = pad.toByteArray();
      int nb = LogScanner.asciiTokenHashes(bs, 3, 3 + line.length(), a);
      int nc = LogScanner.asciiTokenHashes(line, c, new char[][] {new char[4]});
      assertEquals(nc, nb, line);
      if (nc >= 0) {
        assertArrayEquals(Arrays.copyOf(c[0], nc), Arrays.copyOf(a[0], nb), line);
        long[] fromTokens = Normalizer.tokenize(Normalizer.fold(line)).stream().mapToLong(TokenTable::hash).toArray();
        assertArrayEquals(fromTokens, Arrays.copyOf(a[0], nb), "the folding path's hashes: " + line);
        assertEquals(Normalizer.fold(line), Normalizer.foldAscii(bs, 3, 3 + line.length()), line);
      } else {
        assertTrue(line.indexOf('\u001b') >= 0, line);
      }
    }
    assertEquals(-1, LogScanner.asciiTokenHashes(utf8("caf\u00e9"), 0, 5, new long[][] {new long[1]}));
  }
}
