package dev.errorkb.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * search.js masks a paste with its own copy of {@link Normalizer#RULES} (the browser has no Java):
 * this test loads the shipped search.js in Node and checks that its table has the same
 * placeholders with the same pattern strings in the same order, so neither side can change alone.
 * The vectors check behaviour on chosen texts; this checks the table itself. Node missing skips the
 * test, except under {@code CI=true}, where it fails (as the browser tests do).
 */
class SearchJsRulesTest {
  static final Path SEARCH_JS = Path.of("templates", "static", "search.js");

  /**
   * Runs search.js from its start up to the table in a Node vm context whose RegExp records the
   * pattern string it was given, then prints each rule's token and pattern string as JSON.
   */
  private static final String NODE = """
      const fs = require('fs'), vm = require('vm');
      const text = fs.readFileSync(process.argv[1], 'utf8');
      const start = text.indexOf("'use strict';");
      const end = text.indexOf('  var PLACEHOLDERS');
      if (start < 0 || end < 0 || text.indexOf('var RULES = [') < 0) { throw new Error('search.js has no RULES table where expected'); }
      const raw = new Map();
      const Real = RegExp;
      function Recording(p, f) { const r = new Real(p, f); raw.set(r, p); return r; }
      const ctx = { RegExp: Recording };
      vm.createContext(ctx);
      vm.runInContext(text.substring(start, end), ctx);
      const rules = vm.runInContext('RULES', ctx);
      process.stdout.write(JSON.stringify(rules.map(r => [r.token, raw.has(r.re) ? raw.get(r.re) : null])));
      """;

  static List<List<String>> javaRules() {
    List<List<String>> out = new ArrayList<>();
    for (Normalizer.Rule r : Normalizer.RULES) {
      out.add(List.of(r.placeholder().token(), r.pattern().pattern()));
    }
    return out;
  }

  static List<List<String>> searchJsRules(Path searchJs) throws IOException, InterruptedException {
    String s = node(List.of("node", "-e", NODE, searchJs.toAbsolutePath().toString()));
    List<List<String>> out = new ArrayList<>();
    for (JsonNode r : new ObjectMapper().readTree(s)) {
      List<String> rule = new ArrayList<>();
      r.forEach(x -> rule.add(x.isNull() ? null : x.asText()));
      out.add(rule);
    }
    return out;
  }

  @Test
  void searchJsMasksWithNormalizersRulesInTheSameOrder() throws Exception {
    List<List<String>> js = searchJsRules(SEARCH_JS);
    List<List<String>> java = javaRules();
    assertEquals(java.size(), js.size(), "number of rules: Normalizer.RULES vs search.js RULES");
    for (int i = 0; i < java.size(); i++) {
      assertEquals(java.get(i), js.get(i), "rule " + i + ": Normalizer.RULES vs search.js RULES ([placeholder, pattern])");
    }
  }

  @Test
  void aChangedCharacterInSearchJsIsFound(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String text = Files.readString(SEARCH_JS, StandardCharsets.UTF_8);
    String changed = text.replace("['<uuid>', '(?<![0-9a-z])[0-9a-f]{8}-", "['<uuid>', '(?<![0-9a-z])[0-9a-f]{9}-");
    assertTrue(!changed.equals(text), "the uuid rule is where this test expects it");
    Path copy = dir.resolve("search.js");
    Files.writeString(copy, changed, StandardCharsets.UTF_8);
    List<List<String>> js = searchJsRules(copy);
    assertTrue(!js.equals(javaRules()), "a one-character change of search.js's table is a difference");
  }

  /** Runs search.js's errno block (ErrnoWords' twin) in Node and prints its table, aliases, pattern and what it reads in {@code argv[2..]}. */
  private static final String NODE_ERRNO = """
      const fs = require('fs'), vm = require('vm');
      const text = fs.readFileSync(process.argv[1], 'utf8');
      const start = text.indexOf('  // ---------------------------------------------------------------- errno symbols');
      const end = text.indexOf('  /** The words those errnos stand for');
      if (start < 0 || end < 0) { throw new Error('search.js has no errno block where expected'); }
      const ctx = {};
      vm.createContext(ctx);
      vm.runInContext(text.substring(start, end), ctx);
      const read = process.argv.slice(2).map(t => vm.runInContext('errnosNamed', ctx)(t).map(e => e[0]));
      process.stdout.write(JSON.stringify([vm.runInContext('ERRNO_TABLE', ctx), vm.runInContext('ERRNO_ALIASES', ctx),
          vm.runInContext('ERRNO_PATTERN', ctx), read]));
      """;

  @Test
  void searchJsHasErrnoWordsTableAndPattern() throws Exception {
    List<String> texts = List.of("listen eaddrinuse: :::3000", "npm err! code enoent errno: -13",
        "bind() failed. (98) errno=111 [errno 28] (os error 2) errcode: 122", "make: *** [all] error 2 exit 1 eloquent e2big");
    List<String> args = new ArrayList<>(List.of("node", "-e", NODE_ERRNO, SEARCH_JS.toAbsolutePath().toString()));
    args.addAll(texts);
    String s = node(args);
    JsonNode js = new ObjectMapper().readTree(s);
    List<List<String>> jsTable = new ArrayList<>();
    js.get(0).forEach(r -> jsTable.add(List.of(r.get(0).asText(), r.get(1).asText(), r.get(2).asText(), r.get(3).asText())));
    List<List<String>> javaTable = new ArrayList<>();
    ErrnoWords.TABLE.forEach(e -> javaTable.add(List.of(e.name(), Integer.toString(e.number()), e.en(), e.ja())));
    assertEquals(javaTable, jsTable, "ErrnoWords.TABLE vs search.js ERRNO_TABLE");
    java.util.Map<String, String> jsAliases = new java.util.TreeMap<>();
    js.get(1).fields().forEachRemaining(f -> jsAliases.put(f.getKey(), f.getValue().asText()));
    assertEquals(new java.util.TreeMap<>(ErrnoWords.ALIASES), jsAliases, "aliases");
    assertEquals(ErrnoWords.PATTERN, js.get(2).asText(), "ErrnoWords.PATTERN vs search.js ERRNO_PATTERN");
    for (int i = 0; i < texts.size(); i++) {
      List<String> jsRead = new ArrayList<>();
      js.get(3).get(i).forEach(x -> jsRead.add(x.asText()));
      assertEquals(ErrnoWords.named(texts.get(i)).stream().map(ErrnoWords.Errno::name).toList(), jsRead, texts.get(i));
    }
  }

  /**
   * Runs {@code args} (a node command line) and returns what it printed; a missing Node is a skip
   * on a developer's machine and a failure on CI.
   */
  private static String node(List<String> args) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(args).redirectErrorStream(true).start();
    } catch (IOException e) {
      if ("true".equals(System.getenv("CI"))) {
        fail("node is not installed; CI=true, so a missing Node is a failure, not a skip", e);
      }
      assumeTrue(false, "node is not installed: " + e.getMessage());
      throw e;
    }
    byte[] bytes = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node finished");
    String s = new String(bytes, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), s);
    return s;
  }
}
