package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.render.Markdown;
import dev.errorkb.testing.Fixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * errors.json opened through its sidecar (issue 15) matches exactly as errors.json loaded in full:
 * the same results, scores, spans, slots and explanations for every signature text and example of
 * the sample KB, in both languages; a stale or foreign sidecar is named and errors.json used.
 */
class IndexSidecarTest {

  private FileSystem fs;
  private Path json;
  private byte[] jsonBytes;
  private final List<String> notes = new ArrayList<>();

  @BeforeEach
  void writeSite() throws IOException {
    fs = Fixture.unix();
    json = fs.getPath("/site/errors.json");
    Files.createDirectories(json.getParent());
    KnowledgeBase kb = new ContentLoader(Path.of("content")).load().kb();
    jsonBytes = ErrorIndexWriter.toJson(ErrorIndexWriter.build(kb, new Markdown(kb.site().allowHtml())::plainText, "errorkb test"));
    Files.write(json, jsonBytes);
    Files.write(json.resolveSibling("errors.idx"), ErrorIndex.sidecar(jsonBytes, "errors.json"));
  }

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  /** Every signature's text, its examples, a line of each with a prefix, and some words: what users paste. */
  static List<String> pastes(IndexDocument doc) {
    List<String> out = new ArrayList<>();
    for (IndexEntry e : doc.entries()) {
      for (IndexSignature s : e.signatures()) {
        out.add(s.text());
        out.add("2026-01-02T03:04:05Z host01 " + s.text().lines().findFirst().orElse(""));
        out.add(String.join(" ", s.anchors().subList(0, Math.min(3, s.anchors().size()))));
      }
      e.title().values().forEach(out::add);
    }
    out.add("something nobody wrote about at all");
    return out;
  }

  @Test
  void matchesAreThoseOfTheJsonFile() throws IOException {
    ErrorIndex full = ErrorIndex.load(json);
    ErrorIndex side = ErrorIndex.loadWithSidecar(json, notes::add);
    assertEquals(List.of(), notes);
    assertEquals(full.size(), side.size());
    int compared = 0;
    for (String p : pastes(full.document())) {
      for (Optional<Lang> lang : List.of(Optional.<Lang>empty(), Optional.of(Lang.JA), Optional.of(Lang.EN))) {
        ErrorIndex.MatchOptions o = new ErrorIndex.MatchOptions(lang, 10);
        assertEquals(full.match(p, o), side.match(p, o), p);
        compared++;
      }
      ErrorIndex.MatchOptions o = new ErrorIndex.MatchOptions(Optional.empty(), 5);
      assertEquals(full.explain(p, o), side.explain(p, o), p);
    }
    assertTrue(compared > 300, "pastes compared: " + compared);
    assertEquals(List.of(), notes, "no list was found broken");
    assertEquals(full.document(), side.document());
  }

  @Test
  void theSidecarIsTheSameBytesEveryTime() throws IOException {
    assertArrayEquals(ErrorIndex.sidecar(jsonBytes, "errors.json"), ErrorIndex.sidecar(jsonBytes.clone(), "other name"));
  }

  @Test
  void aSidecarOfOtherBytesIsNamedAndErrorsJsonRead() throws IOException {
    // One letter of a title changed: the same length, another checksum.
    String text = new String(jsonBytes, StandardCharsets.UTF_8);
    int at = text.indexOf("\"title\":{\"en\":\"") + 15;
    byte[] edited = jsonBytes.clone();
    edited[at] = (byte) (edited[at] == 'X' ? 'Y' : 'X');
    Files.write(json, edited);
    ErrorIndex full = ErrorIndex.load(json);
    ErrorIndex side = ErrorIndex.loadWithSidecar(json, notes::add);
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).contains("errors.idx: made for another errors.json (its checksum differs); reading /site/errors.json instead"),
        notes.get(0));
    String paste = full.document().entries().get(0).signatures().get(0).text();
    assertEquals(full.match(paste), side.match(paste));
  }

  @Test
  void noSidecarIsNoNote() throws IOException {
    Files.delete(json.resolveSibling("errors.idx"));
    ErrorIndex side = ErrorIndex.loadWithSidecar(json, notes::add);
    assertEquals(List.of(), notes);
    assertNotNull(side.document());
  }

  @Test
  void theSidecarSitsBesideItsFile() {
    assertEquals("errors.idx", ErrorIndex.sidecarName("errors.json"));
    assertEquals("kb.idx", ErrorIndex.sidecarName("kb.json"));
    assertEquals("index.idx", ErrorIndex.sidecarName("index"));
  }
}
