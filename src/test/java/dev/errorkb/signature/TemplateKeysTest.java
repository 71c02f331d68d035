package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass template keys used at index load are what {@link TemplateInfo#of} derives. */
class TemplateKeysTest {

  private static void same(String template) {
    TemplateInfo full = TemplateInfo.of(template);
    TemplateInfo.Keys keys = TemplateInfo.keys(template);
    assertArrayEquals(full.anchorTokens().toArray(new String[0]), keys.anchorTokens(), template);
    assertArrayEquals(full.anchorHashes(), keys.anchorHashes(), template);
    assertArrayEquals(full.tokens().stream().mapToLong(TokenTable::hash).toArray(), keys.tokenHashes(), template);
  }

  @Test
  void signaturesOfTheSampleKinds() {
    for (String text : List.of(
        "could not open file \"/x\": Permission denied",
        "ファイル\"/x\"をオープンできませんでした: 許可がありません",
        "segment12 of file /a/b is 0x1f bytes: no space left on device",
        "connection to server at \"db\" (10.0.0.1), port 5432 failed: connection refused",
        "<q>で始まるロール名はスキップされました(<path>)",
        "error<num>x <any> failed after <dur>, code <num>abc",
        "a a a b b <num> a", "接 続 接続 接続", "<notaplaceholder> x<y", "é école_1 x")) {
      same(Normalizer.mask(Normalizer.fold(text)));
    }
  }

  @Test
  void randomTemplates() {
    String[] pieces = {"a", "word", "x1", "_", " ", " ", "<num>", "<q>", "<path>", "<any>", "<", ">", ".", ":", "接", "続", "ー", "か", "é", "1"};
    Random rnd = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int j = rnd.nextInt(14); j >= 0; j--) {
        b.append(pieces[rnd.nextInt(pieces.length)]);
      }
      same(b.toString());
    }
  }
}
