package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass prose hashing used at index load gives exactly what the normaliser gives. */
class ProseTokensTest {

  private static long[] expected(String text) {
    return Normalizer.tokenize(Normalizer.fold(text)).stream()
        .filter(t -> !t.startsWith("<")).mapToLong(TokenTable::hash).toArray();
  }

  private static long[] fast(String text) {
    long[][] buf = {new long[4]};
    int n = ProseTokens.hashes(text, buf);
    return n < 0 ? null : java.util.Arrays.copyOf(buf[0], n);
  }

  @Test
  void everyCharacterOnTheFastPathFoldsAloneAndIsClassifiedAsTheTokeniserDoes() {
    int covered = 0;
    for (char c = 0; c < 0xffff; c++) {
      int kind = ProseTokens.kind(c);
      if (kind == 0 || Character.isSurrogate(c)) {
        continue;
      }
      covered++;
      String s = String.valueOf(c);
      String hex = "U+" + Integer.toHexString(c);
      String folded = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
      assertEquals(1, folded.length(), hex);
      char f = folded.charAt(0);
      boolean cjk = Normalizer.isCjk(f);
      boolean word = !cjk && Normalizer.isWord(f);
      assertEquals(kind == 3, cjk, hex);
      assertEquals(kind == 2, word, hex);
      if (kind != 1) {
        assertEquals(f, ProseTokens.fold(c), hex);
      }
      assertArrayEquals(expected("a" + s + "b" + s + s + "接" + s), fast("a" + s + "b" + s + s + "接" + s), hex);
    }
    assertTrue(covered > 20_000, "the fast path covers ASCII, kana and the common ideographs");
    assertTrue(ProseTokens.kind('Ａ') == 2 && ProseTokens.kind('（') == 1 && ProseTokens.kind('＜') == 0);
  }

  @Test
  void sameHashesAsTheNormaliserForTypicalProse() {
    for (String t : List.of(
        "This happens when the server settings, the permissions (of the running_user) do not fit: Check pg_hba.conf.",
        "この状態は接続先の設定、権限、またはクライアントのバージョンの組み合わせで起こります。「ログ」を確認してください。",
        "設定ファイル（postgresql.conf）の ＰＯＲＴ：５４３２ を確認します。各々・一つずつ？",
        "pg_ctl reload を実行します。ポート5432で待ち受け中",
        "x", "", "  \t\n ", "接", "a接b続cー", "IPv4 and sha256 in v1.2")) {
      long[] f = fast(t);
      assertNotEquals(null, f, t);
      assertArrayEquals(expected(t), f, t);
    }
  }

  @Test
  void leavesEverythingElseToTheNormaliser() {
    for (String t : List.of("é", "\u001b[31mred", "see <path> here", "see ＜path＞", "か\u3099", "㈱", "ｶﾀｶﾅ", "\u200bzero", "\u00a0nbsp")) {
      assertEquals(null, fast(t), t);
    }
  }

  @Test
  void randomTextsAgreeWhereverTheFastPathApplies() {
    String[] pieces = {"a", "Z", "_", "9", " ", "\n", ".", "<", ">", "接", "続", "ー", "カ", "か", "。", "「", "」", "é", "Ａ", "ｚ", "（", "：", "＜", "\u3000", "・", "々", "word", "<num>", "\t"};
    Random rnd = new Random(7);
    int fastOnes = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int j = rnd.nextInt(12); j >= 0; j--) {
        b.append(pieces[rnd.nextInt(pieces.length)]);
      }
      String t = b.toString();
      long[] f = fast(t);
      if (f != null) {
        fastOnes++;
        assertArrayEquals(expected(t), f, t);
      }
    }
    assertTrue(fastOnes > 2_000, "fast path used " + fastOnes + " times");
  }
}
