package dev.errorkb.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.signature.IndexFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.stream.Stream;

/**
 * Hostile errors.json through the public Java API (issue 6): other tools load the index and run
 * its regexes on their logs, so a huge, deeply nested, mistyped, future-versioned or regex-bombed
 * file must fail with a clear {@link IndexFormatException}, or load and match in linear time,
 * never hang, exhaust memory or throw something unexpected.
 */
class HostileIndexTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final ErrorIndex.Limits SMALL = new ErrorIndex.Limits(1 << 20, 32, 1000);

  /** One valid entry; {@code %SIG%} is replaced by the signature object's JSON. */
  static String index(String schemaVersion, String regex) {
    return """
        {"entries":[{"cause":{"en":"Because."},"contentHash":"c0","fix":{"en":"Do this."},"id":"good-entry",
        "product":"Test","requires":[],"severity":"error","signatures":[{"anchors":["fatal:","specific"],
        "id":"good-entry#e66a27fd","lang":"en","regex":%REGEX%,
        "template":"fatal: something specific went wrong here","text":"fatal: something specific went wrong here"}],
        "summary":{"en":"A test entry."},"tags":[],"title":{"en":"Something went wrong"},"updated":"2026-01-01",
        "url":{"en":"en/good-entry/"}}],
        "generator":"errorkb 0.1.0","normalizerVersion":"1","regexDialect":"re2","schemaVersion":%VERSION%}
        """.replace("%REGEX%", regex).replace("%VERSION%", schemaVersion);
  }

  static String valid() {
    return index("\"1.0.0\"", "\"\\\\bfatal: ?something ?specific ?went ?wrong ?here\\\\b\"");
  }

  private static ErrorIndex load(InputStream in, ErrorIndex.Limits limits) throws IOException {
    return ErrorIndex.load(in, "hostile.json", limits);
  }

  private static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** An endless stream repeating {@code unit} after {@code prefix}: what a hostile URL can serve. */
  private static InputStream endless(String prefix, String unit) {
    byte[] u = unit.getBytes(StandardCharsets.UTF_8);
    InputStream rest = new InputStream() {
      long i;

      @Override
      public int read() {
        return u[(int) (i++ % u.length)] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        for (int k = 0; k < len; k++) {
          b[off + k] = u[(int) (i++ % u.length)];
        }
        return len;
      }
    };
    return new SequenceInputStream(text(prefix), rest);
  }

  private static IndexFormatException rejects(InputStream in, ErrorIndex.Limits limits) {
    return assertTimeoutPreemptively(BOUND, () -> assertThrows(IndexFormatException.class, () -> load(in, limits)));
  }

  private static void clear(IndexFormatException e, String... words) {
    String m = e.getMessage();
    assertTrue(m.startsWith("hostile.json"), () -> "message should name the source: " + m);
    assertFalse(m.contains("\n\tat ") || m.length() > 500, () -> "message should be one clear line: " + m);
    for (String w : words) {
      assertTrue(m.toLowerCase(java.util.Locale.ROOT).contains(w), () -> "message should mention '" + w + "': " + m);
    }
  }

  @Test
  void trailingDataAfterTheDocumentIsRefused() {
    clear(rejects(text(valid() + "\n{\"schemaVersion\":\"1.0.0\"}"), SMALL), "after the end");
    clear(rejects(text(valid() + " x"), SMALL));
  }

  @Test
  void duplicateKeysAreRefused() {
    String doc = valid();
    // A second "entries" at the top and a second "id" inside an entry.
    String twoEntries = doc.substring(0, doc.lastIndexOf('}')) + ",\"entries\":[]}";
    clear(rejects(text(twoEntries), SMALL), "duplicate");
    String twoIds = doc.replaceFirst("\"id\":", "\"id\":\"other\",\"id\":");
    clear(rejects(text(twoIds), SMALL), "duplicate");
  }

  @Test
  void theValidIndexLoadsAndMatches() throws IOException {
    ErrorIndex idx = load(text(valid()), SMALL);
    assertEquals("good-entry", idx.match("error: fatal: something specific went wrong here").get(0).entry().id());
  }

  @Test
  void endlessStreamStopsAtTheByteLimit() {
    clear(rejects(endless("{\"entries\":[], \"x\":\"", "aaaaaaaa"), SMALL), "limit");
    clear(rejects(endless("{\"entries\":[", "{}, "), SMALL));
    clear(rejects(endless("", "                "), SMALL));
  }

  @Test
  void endlessNestingStopsAtTheDepthLimitWithDefaultLimits() {
    clear(rejects(endless("", "["), ErrorIndex.Limits.DEFAULT));
    clear(rejects(endless("{\"entries\":[", "{\"a\":"), ErrorIndex.Limits.DEFAULT));
    clear(rejects(endless("{\"x\":", "[{\"y\":"), ErrorIndex.Limits.DEFAULT));
  }

  @Test
  void hugeStringWithDefaultLimitsFailsWithoutExhaustingMemory() {
    // 64 MiB of one string value: must stop at a string or byte limit, not buffer it all first.
    Runtime rt = Runtime.getRuntime();
    clear(rejects(endless("{\"generator\":\"", "x".repeat(4096)), new ErrorIndex.Limits(64L << 20, 32, 1000)));
    assertTrue(rt.totalMemory() - rt.freeMemory() < rt.maxMemory());
  }

  @Test
  void tooManyEntriesStopAtTheEntryLimit() {
    StringBuilder sb = new StringBuilder("{\"schemaVersion\":\"1.0.0\",\"normalizerVersion\":\"1\",\"regexDialect\":\"re2\",\"generator\":\"g\",\"entries\":[");
    String one = valid().substring(valid().indexOf("[{") + 1, valid().indexOf("}],\n\"generator\"") + 1);
    for (int i = 0; i < 1001; i++) {
      sb.append(i == 0 ? "" : ",").append(one);
    }
    sb.append("]}");
    clear(rejects(text(sb.toString()), new ErrorIndex.Limits(16 << 20, 32, 1000)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"2.0.0\"", "\"99\"", "\"0.9.0\""})
  void unknownSchemaMajorIsRefusedByName(String version) {
    clear(rejects(text(index(version, "\"x\"")), SMALL), "schemaversion");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "not json",
      "[]",
      "null",
      "\"text\"",
      "{}",
      "{\"schemaVersion\":1}",
      "{\"schemaVersion\":\"1.0.0\",\"entries\":{}}",
      "{\"schemaVersion\":\"1.0.0\",\"normalizerVersion\":\"1\",\"regexDialect\":\"re2\",\"generator\":\"g\",\"entries\":null}",
      "{\"schemaVersion\":\"1.0.0\",\"normalizerVersion\":\"1\",\"regexDialect\":\"pcre\",\"generator\":\"g\",\"entries\":[]}",
      "{\"schemaVersion\":\"1.0.0\",\"normalizerVersion\":\"1\",\"regexDialect\":\"re2\",\"generator\":\"g\",\"entries\":[1]}",
      "{\"schemaVersion\":\"1.0.0\",\"normalizerVersion\":\"1\",\"regexDialect\":\"re2\",\"generator\":\"g\",\"entries\":[{}]}",
      "{\"schemaVersion\":\"1.0.0\",\"normalizerVersion\":\"1\",\"regexDialect\":\"re2\",\"generator\":\"g\",\"entries\":[",
      "{\"schemaVersion\":\"1.0.0\",\"schemaVersion\":\"2.0.0\"}",
      "{\"schemaVersion\":\"1.0.0\" \"entries\":[]}",
      "\uFEFF{\"schemaVersion\":\"1.0.0\"}"})
  void malformedDocumentsFailClearly(String json) {
    clear(rejects(text(json), SMALL));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"regex\":5", "\"regex\":null", "\"regex\":[\"a\"]", "\"anchors\":\"a\"", "\"anchors\":[1,{}]",
      "\"title\":[]", "\"title\":{\"en\":[]}", "\"signatures\":\"x\"", "\"signatures\":[1]", "\"id\":7", "\"requires\":[{\"kind\":1}]"})
  void wrongTypesFailClearly(String field) {
    String doc = valid();
    String key = field.substring(0, field.indexOf(':') + 1);
    int at = doc.indexOf(key);
    int end = doc.indexOf(key.equals("\"title\":") || key.equals("\"signatures\":") || key.equals("\"requires\":") ? (key.equals("\"title\":") ? "}," : key.equals("\"requires\":") ? "]," : "}],") : ",", at);
    String hostile = doc.substring(0, at) + field + doc.substring(key.equals("\"signatures\":") ? end + 2 : key.equals("\"title\":") || key.equals("\"requires\":") ? end + 1 : end);
    assertTimeoutPreemptively(BOUND, () -> {
      try {
        ErrorIndex idx = load(text(hostile), SMALL);
        // Accepted: then it must still match without throwing.
        idx.match("fatal: something specific went wrong here");
      } catch (IndexFormatException e) {
        clear(e);
      }
    }, hostile);
  }

  /**
   * Regexes other tools would run: RE2 keeps matching linear, and what RE2 cannot compile must be a
   * clear error at load or a skipped signature, never an exception out of match() or scan().
   */
  static Stream<String> pathologicalRegexes() {
    return Stream.of(
        "(a*)*b", "(a|a)*b", "(?:a+)+$", "(x+x+)+y", "((a{100}){100}){100}", "(a{1000}){1000}",
        "(a)\\\\1", "a(?=b)", "(?<!a)b", "a++", "[", "(?P<n>a)(?P=n)", "\\\\", "a{1001}",
        "(?i)" + "(a|b|c|d|e)*".repeat(200), "(((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))*",
        // Issue 12: a long sequence of counted repeats (a huge program, no nesting) and nesting
        // deep enough to overflow RE2/J's recursive parser.
        "a{1000}".repeat(30_000), "(".repeat(100_000) + "a" + ")".repeat(100_000), "(?:".repeat(5_000) + "a" + ")".repeat(5_000));
  }

  @ParameterizedTest
  @MethodSource("pathologicalRegexes")
  void pathologicalRegexesLoadAndMatchInBoundedTime(String regex) {
    String json = index("\"1.0.0\"", "\"" + regex + "\"");
    assertTimeoutPreemptively(BOUND, () -> {
      ErrorIndex idx;
      try {
        idx = load(text(json), SMALL);
      } catch (IndexFormatException e) {
        clear(e);
        return;
      }
      String evil = "a".repeat(50_000) + "fatal: something specific went wrong here";
      idx.match(evil);
      idx.match("fatal: something specific went wrong here");
      List<Object> hits = new ArrayList<>();
      idx.scan(new StringReader((evil + "\n").repeat(20)), hits::add);
    }, regex);
  }
}
