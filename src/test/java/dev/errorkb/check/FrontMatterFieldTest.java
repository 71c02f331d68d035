package dev.errorkb.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rewriting one front matter field keeps every other byte. */
class FrontMatterFieldTest {
  @Test
  void replacesAnExistingValueOnly() {
    String in = "---\ntitle: \"T\"   \n# note\ntranslated-from: 'aaaaaaaaaaaa' # old\nsummary: S\n---\n\nbody --- with\n";
    String out = FrontMatterField.set(in, "translated-from", "bbbbbbbbbbbb");
    assertEquals("---\ntitle: \"T\"   \n# note\ntranslated-from: bbbbbbbbbbbb\nsummary: S\n---\n\nbody --- with\n", out);
    assertEquals(Optional.of(new FrontMatterField.Found("bbbbbbbbbbbb", 4)), FrontMatterField.find(out, "translated-from"));
    assertEquals(Optional.of(new FrontMatterField.Found("aaaaaaaaaaaa", 4)), FrontMatterField.find(in, "translated-from"));
  }

  @Test
  void addsAMissingFieldBeforeTheClosingFenceKeepingCrlf() {
    String in = "---\r\ntitle: T\r\nsummary: S\r\n---\r\n## Cause\r\n";
    String out = FrontMatterField.set(in, "translated-facts", "cccccccccccc");
    assertEquals("---\r\ntitle: T\r\nsummary: S\r\ntranslated-facts: cccccccccccc\r\n---\r\n## Cause\r\n", out);
    assertEquals("---\r\ntitle: T\r\nsummary: S\r\ntranslated-facts: dddddddddddd\r\n---\r\n## Cause\r\n",
        FrontMatterField.set(out, "translated-facts", "dddddddddddd"));
  }

  @Test
  void keepsAByteOrderMark() {
    String in = "\uFEFF---\ntitle: T\n---\nbody\n";
    assertEquals("\uFEFF---\ntitle: T\ntranslated-from: abcdefabcdef\n---\nbody\n", FrontMatterField.set(in, "translated-from", "abcdefabcdef"));
  }

  @Test
  void fieldsInTheBodyAreNotFrontMatter() {
    String in = "---\ntitle: T\n---\ntranslated-from: eeeeeeeeeeee\n";
    assertEquals(Optional.empty(), FrontMatterField.find(in, "translated-from"));
    assertEquals("---\ntitle: T\ntranslated-from: ffffffffffff\n---\ntranslated-from: eeeeeeeeeeee\n",
        FrontMatterField.set(in, "translated-from", "ffffffffffff"));
  }

  @Test
  void refusesFilesWithoutFrontMatter() {
    assertThrows(IllegalArgumentException.class, () -> FrontMatterField.set("# title\n", "translated-from", "x"));
    assertThrows(IllegalArgumentException.class, () -> FrontMatterField.set("---\ntitle: T\n", "translated-from", "x"));
  }
}
