package dev.errorkb.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Lang;
import dev.errorkb.render.Markdown;
import dev.errorkb.signature.ErrorIndexWriter;
import dev.errorkb.signature.TestKb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class SearchDataWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SortedMap<String, byte[]> write(KnowledgeBase kb) {
    return SearchDataWriter.write(ErrorIndexWriter.build(kb, new Markdown(Set.of())::plainText, "errorkb"));
  }

  /** The JSON argument of {@code ErrorkbSearch.put("key", …);}, after checking the key. */
  private static JsonNode data(SortedMap<String, byte[]> files, String key) throws IOException {
    String s = new String(files.get(SearchDataWriter.DIR + key + ".js"), StandardCharsets.UTF_8);
    String head = "ErrorkbSearch.put(\"" + key + "\",";
    assertTrue(s.startsWith(head) && s.endsWith(");\n"), s);
    return JSON.readTree(s.substring(head.length(), s.length() - 3));
  }

  /** The browser's RegExp backtracks: a pattern with nested unbounded repeats is not sent to it. */
  @Test
  void aPatternABacktrackingEngineCouldHangOnIsSentEmpty() throws IOException {
    KnowledgeBase kb = new TestKb()
        .entry("nested").pattern(Lang.EN, "host unreachable", "host ([a-z0-9]+\\.)+example unreachable")
        .doc(Lang.EN, "Host unreachable", "s", "c", "f").add()
        .entry("plain").pattern(Lang.EN, "exit code 137", "exit code (13[79])")
        .doc(Lang.EN, "Exit code", "s", "c", "f").add()
        .build();
    JsonNode always = data(write(kb), "meta").get("always");
    assertEquals(2, always.size(), always.toString());
    assertEquals("", always.get(0).get(3).asText(), "nested pattern must be left out");
    assertEquals("(?i)exit code (13[79])", always.get(1).get(3).asText());
  }

  @Test
  void sameInputSameBytes() {
    KnowledgeBase kb = RankingVectorsTest.kb();
    SortedMap<String, byte[]> a = write(kb);
    SortedMap<String, byte[]> b = write(kb);
    assertEquals(a.keySet(), b.keySet());
    a.forEach((k, v) -> assertArrayEquals(v, b.get(k), k));
  }

  @Test
  void everyTermSitsInItsShardAndPostingsAscend() throws IOException {
    KnowledgeBase kb = RankingVectorsTest.kb();
    SortedMap<String, byte[]> files = write(kb);
    JsonNode meta = data(files, "meta");
    int shards = meta.get("shards").asInt();
    int n = meta.get("n").asInt();
    assertEquals(kb.entries().size(), n);
    assertEquals(n, meta.get("dl").size());
    int terms = 0;
    for (int i = 0; i < shards; i++) {
      JsonNode shard = data(files, "t/" + i);
      for (Iterator<Map.Entry<String, JsonNode>> it = shard.get("t").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> t = it.next();
        assertEquals(i, SearchDataWriter.shardOf(t.getKey().strip(), shards), t.getKey());
        int d = -1;
        for (int k = 0; k < t.getValue().size(); k += 2) {
          int next = (k == 0 ? 0 : d) + t.getValue().get(k).asInt();
          assertTrue(next > d && next < n, t.getKey());
          // Frequency 0 for an errno text inside a longer signature (DocFields): it counts for the df only.
          assertTrue(t.getValue().get(k + 1).asInt() >= 0);
          d = next;
        }
        terms++;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = shard.get("s").fields(); it.hasNext(); ) {
        assertEquals(i, SearchDataWriter.shardOf(it.next().getKey().strip(), shards));
      }
    }
    assertTrue(terms > 50, "terms: " + terms);
  }

  @Test
  void displayChunksHoldEveryEntryInIdOrder() throws IOException {
    KnowledgeBase kb = RankingVectorsTest.kb();
    SortedMap<String, byte[]> files = write(kb);
    int chunk = data(files, "meta").get("chunk").asInt();
    for (int i = 0; i < kb.entries().size(); i++) {
      JsonNode e = data(files, "d/" + i / chunk).get(i % chunk);
      assertEquals(kb.entries().get(i).id(), e.get("id").asText());
    }
    int q = kb.entries().stream().map(x -> x.id()).toList().indexOf("ja-only-quota");
    JsonNode quota = data(files, "d/" + q / chunk).get(q % chunk);
    assertEquals("ja-only-quota", quota.get("id").asText());
    assertEquals(Set.of("ja"), Set.copyOf(iterable(quota.get("docs").fieldNames())));
  }

  @Test
  void oneLineCutsLongTextAtAWord() {
    assertEquals("short", SearchDataWriter.oneLine("short\nsecond line"));
    String long1 = "word ".repeat(100).strip();
    String cut = SearchDataWriter.oneLine(long1);
    assertTrue(cut.endsWith("word…") && cut.length() <= SearchDataWriter.ONE_LINE + 1, cut);
  }

  @Test
  void shardCountIsAPowerOfTwoThatGrowsWithTheData() {
    assertEquals(1, SearchDataWriter.shardCount(10));
    assertEquals(2, SearchDataWriter.shardCount(SearchDataWriter.SHARD_TARGET_BYTES + 1));
    assertEquals(1024, SearchDataWriter.shardCount(1000L * SearchDataWriter.SHARD_TARGET_BYTES));
  }

  @Test
  void protoTermIsAPropertyNotAPrototype() throws IOException {
    KnowledgeBase kb = new TestKb().entry("js-proto").sig(Lang.EN, "TypeError: cannot read __proto__ of undefined value")
        .doc(Lang.EN, "__proto__ of undefined", "", "", "").add().build();
    SortedMap<String, byte[]> files = write(kb);
    int shards = data(files, "meta").get("shards").asInt();
    JsonNode shard = data(files, "t/" + SearchDataWriter.shardOf("__proto__", shards));
    assertTrue(shard.get("t").has(" __proto__"), shard.toString());
    assertTrue(!shard.get("t").has("__proto__"));
  }

  private static <T> java.util.List<T> iterable(Iterator<T> it) {
    java.util.List<T> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
