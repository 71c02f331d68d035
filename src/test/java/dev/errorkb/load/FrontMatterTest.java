package dev.errorkb.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One rule for where front matter is, for the loader, {@code translated}/{@code new} and body hashes. */
class FrontMatterTest {
  @Test
  void blockAndBody() {
    String t = "---\ntitle: x\n---\nbody\n";
    assertEquals(Optional.of(new FrontMatter.Block(4, 13, 17)), FrontMatter.find(t));
    assertEquals("body\n", FrontMatter.body(t));
    assertEquals("", FrontMatter.body("---\na: b\n---"), "a closing line without a newline");
    assertEquals("b\n", FrontMatter.body("---\na: b\n---  \nb\n"), "trailing blanks after the closing fence");
  }

  @Test
  void aByteOrderMarkAndCrLfAreAllowedAtTheOpeningFence() {
    String t = "\uFEFF---\r\ntitle: x\r\n---\r\nbody";
    FrontMatter.Block b = FrontMatter.find(t).orElseThrow();
    assertEquals("title: x\r\n", t.substring(b.start(), b.end()));
    assertEquals("body", t.substring(b.body()));
  }

  @Test
  void noneOrUnclosed() {
    assertEquals(Optional.empty(), FrontMatter.find("---"));
    assertEquals(Optional.empty(), FrontMatter.find("---\ntitle: x\n"));
    assertEquals(Optional.empty(), FrontMatter.find("# title\n---\n"));
    assertEquals("# title\n", FrontMatter.body("# title\n"));
  }

  @Test
  void bodyHashIsTwelveHexDigitsOfTheSha256() {
    assertEquals("e3b0c44298fc", FrontMatter.bodyHash(""));
  }
}
