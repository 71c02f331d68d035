package dev.errorkb.browser;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.bench.CorpusKb;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Signature;
import dev.errorkb.perf.SyntheticKb;
import dev.errorkb.render.Markdown;
import dev.errorkb.model.Lang;
import dev.errorkb.model.Problem;
import dev.errorkb.render.Messages;
import dev.errorkb.render.Pages;
import dev.errorkb.search.SearchDataWriter;
import dev.errorkb.search.SearchPages;
import dev.errorkb.search.SearchSizes;
import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.signature.ErrorIndexWriter;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 4's quality bar, measured in headless Chromium on a 10,000-entry bilingual KB generated
 * from the PostgreSQL catalogues (CorpusKb): bytes downloaded by a first and by later queries
 * (gzip, as served), search time once the data is loaded, and top-1 accuracy of search.js next to
 * the Java matcher on the same generated pastes. Not part of {@code mvn verify} (the class name does
 * not end in Test); run it with
 *
 * <pre>mvn -o test-compile surefire:test -Dtest=SearchBrowserBenchmark -Dbench.entries=10000</pre>
 *
 * and read the report on stdout (also written to target/search-benchmark.txt). {@code -Dbench.kb=synthetic}
 * measures issue 7's SyntheticKb (entries with bodies) instead.
 */
class SearchBrowserBenchmark {
  private static final int ENTRIES = Integer.getInteger("bench.entries", 10_000);
  private static final int PASTE_ENTRIES = Integer.getInteger("bench.pasteEntries", 1000);
  private static final int SESSIONS = Integer.getInteger("bench.sessions", 20);
  private static final int LATER = Integer.getInteger("bench.later", 10);
  private static final int TOP = 10;

  private final StringBuilder report = new StringBuilder();

  private void say(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    System.out.println(line);
    report.append(line).append('\n');
  }

  @Test
  void tenThousandEntries() throws IOException {
    Chromium.requireInstalled();
    Optional<Path> corpus = CorpusKb.corpusDir();
    Assumptions.assumeTrue(corpus.isPresent(), "../shared/corpus is not there");
    if (System.getProperty("bench.kb", "corpus").equals("synthetic")) {
      synthetic(corpus.get());
    } else {
      CorpusKb.Generated g = CorpusKb.generate(CorpusKb.readCorpus(corpus.get()), ENTRIES, 42);
      say("KB: CorpusKb.generate(corpus, %d, 42): one entry per catalogue message (titles and signatures in both"
          + " languages, no body text)", ENTRIES);
      run(g.kb(), UnaryOperator.identity(), CorpusKb.pastes(g.origins(), PASTE_ENTRIES, 1, 7), true);
    }
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/search-benchmark.txt"), report, StandardCharsets.UTF_8);
  }

  /**
   * The same measurements on SyntheticKb (issue 7's build benchmark KB: real content files with
   * bodies of realistic size), loaded with the real loader; pastes are entries' own signature texts.
   * Its variants share templates, so only sizes, times and agreement with Java mean something.
   */
  private void synthetic(Path corpus) throws IOException {
    Path content = Files.createTempDirectory("errorkb-bench-content-");
    SyntheticKb.write(ENTRIES, content, SyntheticKb.readCorpus(corpus));
    KnowledgeBase kb = new ContentLoader(content).load().kb();
    say("KB: SyntheticKb.write(%d) (titles, signatures and bodies in both languages), loaded with ContentLoader", ENTRIES);
    Random rnd = new Random(7);
    List<CorpusKb.Paste> pastes = new ArrayList<>();
    for (int i = 0; i < 2 * PASTE_ENTRIES; i++) {
      Entry e = kb.entries().get(rnd.nextInt(kb.entries().size()));
      Signature sig = e.signatures().get(i % e.signatures().size());
      pastes.add(new CorpusKb.Paste(sig.text(), e.id(), sig.langKey()));
    }
    run(kb, new Markdown(kb.site().allowHtml())::plainText, pastes, false);
  }

  private void run(KnowledgeBase kb, UnaryOperator<String> plain, List<CorpusKb.Paste> pastes, boolean accuracy)
      throws IOException {
    List<String> ids = kb.entries().stream().map(e -> e.id()).toList();
    say("%d entries; machine: %d cores, %s %s; %s %s", kb.entries().size(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
    long t0 = System.nanoTime();
    SortedMap<String, byte[]> files = new TreeMap<>(SearchDataWriter.write(ErrorIndexWriter.build(kb, plain, "errorkb")));
    say("search data written in %d ms", (System.nanoTime() - t0) / 1_000_000);
    say("%s", SearchSizes.of(files).describe());
    Path site = writeSite(kb, files);
    try (StaticServer server = new StaticServer(site); Chromium chromium = Chromium.start()) {
      say("%s", chromium.driver.getCapabilities().getBrowserName() + " " + chromium.driver.getCapabilities().getBrowserVersion()
          + " headless");
      if (SESSIONS > 0) {
        downloads(server, chromium, pastes); // -Dbench.sessions=0 measures search time and agreement only
      }
      timingAndAccuracy(chromium, server, kb, ids, pastes, plain, accuracy);
    }
  }

  /** The search pages, assets and data of {@code kb} in a temporary site folder. */
  private static Path writeSite(KnowledgeBase kb, SortedMap<String, byte[]> data) throws IOException {
    Path site = Files.createTempDirectory("errorkb-bench-site-");
    List<Problem> problems = new ArrayList<>();
    Path templates = Path.of("templates");
    SortedMap<String, byte[]> files = new TreeMap<>(data);
    files.putAll(new SearchPages(new Pages(templates), Messages.load(templates, problems))
        .render(kb.site(), SearchDataWriter.version(data), problems));
    assertFalse(problems.stream().anyMatch(Problem::isError), problems.toString());
    try (Stream<Path> s = Files.list(templates.resolve("static"))) {
      for (Path p : s.toList()) {
        files.put("assets/" + p.getFileName(), Files.readAllBytes(p));
      }
    }
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path p = site.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
    return site;
  }

  private static long searchBytesSince(StaticServer server, int from) {
    return server.sent.subList(from, server.sent.size()).stream()
        .filter(s -> s.path().startsWith("/search/")).mapToLong(StaticServer.Sent::bytes).sum();
  }

  private static void waitFor(Chromium chromium, String query) {
    new WebDriverWait(chromium.driver, Duration.ofSeconds(60)).until(d -> {
      WebElement app = d.findElement(By.id("search-app"));
      return "done".equals(app.getAttribute("data-state")) && query.equals(app.getAttribute("data-query"));
    });
  }

  /**
   * Each session opens the search page with a paste in ?q= (a first query: meta, shards, display
   * chunks), then pastes {@link #LATER} more into the box; bytes counted as the server sent them.
   */
  private void downloads(StaticServer server, Chromium chromium, List<CorpusKb.Paste> pastes) {
    Random rnd = new Random(11);
    List<Long> first = new ArrayList<>();
    List<Long> later = new ArrayList<>();
    long searchJs = 0;
    for (int s = 0; s < SESSIONS; s++) {
      CorpusKb.Paste p = pastes.get(rnd.nextInt(pastes.size()));
      String lang = s % 2 == 0 ? "en" : "ja";
      int mark = server.sent.size();
      chromium.driver.get(server.base() + lang + "/search/index.html?q=" + URLEncoder.encode(p.query(), StandardCharsets.UTF_8));
      waitFor(chromium, p.query());
      first.add(searchBytesSince(server, mark));
      searchJs = server.sent.subList(mark, server.sent.size()).stream()
          .filter(x -> x.path().equals("/assets/search.js")).mapToLong(StaticServer.Sent::bytes).max().orElse(searchJs);
      for (int i = 0; i < LATER; i++) {
        CorpusKb.Paste q = pastes.get(rnd.nextInt(pastes.size()));
        mark = server.sent.size();
        chromium.driver.executeScript(
            "var b = document.getElementById('search-q'); b.value = arguments[0];"
                + "b.dispatchEvent(new Event('paste')); b.dispatchEvent(new Event('input'));",
            q.query());
        waitFor(chromium, q.query());
        later.add(searchBytesSince(server, mark));
      }
    }
    say("first query, search data downloaded (gzip as served), %d sessions: median %s, p95 %s, max %s",
        first.size(), kb(pct(first, 50)), kb(pct(first, 95)), kb(pct(first, 100)));
    say("later queries (%d per session), downloaded: median %s, p95 %s, max %s",
        LATER, kb(pct(later, 50)), kb(pct(later, 95)), kb(pct(later, 100)));
    say("search.js itself (loaded by every page, cached): %s gzip", kb(searchJs));
  }

  /** Loads the data every paste needs, then times search.js on each; compares with the Java matcher. */
  private void timingAndAccuracy(Chromium chromium, StaticServer server, KnowledgeBase kb, List<String> ids,
      List<CorpusKb.Paste> pastes, UnaryOperator<String> plain, boolean accuracy) {
    chromium.driver.get(server.base() + "en/search/index.html");
    List<String> queries = pastes.stream().map(CorpusKb.Paste::query).toList();
    chromium.driver.manage().timeouts().scriptTimeout(Duration.ofMinutes(5));
    chromium.driver.executeAsyncScript(
        "var qs = arguments[0], top = arguments[1], done = arguments[2];"
            + "Promise.all(qs.map(function (q) { return ErrorkbSearch.search(q, top); })).then(function () { done(true); },"
            + " function (e) { done(String(e)); });",
        queries, TOP);
    @SuppressWarnings("unchecked")
    Map<String, Object> r = (Map<String, Object>) chromium.driver.executeScript(
        "var qs = arguments[0], top = arguments[1], times = [], tops = [];"
            + "for (var pass = 0; pass < 2; pass++) {"
            + "  for (var i = 0; i < qs.length; i++) {"
            + "    var t = performance.now(); var res = ErrorkbSearch.searchLoaded(qs[i], top); var dt = performance.now() - t;"
            + "    if (pass === 1) { times.push(dt); tops.push(res.map(function (x) { return x.entry; })); }"
            + "  }"
            + "}"
            + "return {times: times, tops: tops};",
        queries, TOP);
    @SuppressWarnings("unchecked")
    List<Number> times = (List<Number>) r.get("times");
    @SuppressWarnings("unchecked")
    List<List<Number>> tops = (List<List<Number>>) r.get("tops");
    double[] ms = times.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    say("search time in Chromium once loaded (normalise + rank, top %d), %d pastes: median %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
        TOP, ms.length, ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.95) - 1], ms[(int) Math.ceil(ms.length * 0.99) - 1],
        ms[ms.length - 1]);

    ErrorIndex index = ErrorIndex.of(kb, plain);
    int[] js = new int[2];
    int[] java = new int[2];
    int[] n = new int[2];
    int same = 0;
    for (int i = 0; i < pastes.size(); i++) {
      CorpusKb.Paste p = pastes.get(i);
      int l = p.lang().equals(Lang.JA.code()) ? 1 : 0;
      n[l]++;
      List<String> jsTop = tops.get(i).stream().map(x -> ids.get(x.intValue())).toList();
      List<String> javaTop = index.match(p.query(), new ErrorIndex.MatchOptions(Optional.empty(), TOP)).stream()
          .map(m -> m.entry().id()).toList();
      if (!jsTop.isEmpty() && jsTop.get(0).equals(p.expect())) {
        js[l]++;
      }
      if (!javaTop.isEmpty() && javaTop.get(0).equals(p.expect())) {
        java[l]++;
      }
      if (jsTop.equals(javaTop)) {
        same++;
      } else if (same + 5 > i) {
        say("  differs: %s%n    java %s%n    js   %s", p.query().replace("\n", "\\n"), javaTop, jsTop);
      }
    }
    for (int l = 0; l < 2 && accuracy; l++) {
      say("top-1 %s pastes (%d): search.js %.2f%%, Java matcher %.2f%%", l == 0 ? "en" : "ja", n[l],
          100.0 * js[l] / n[l], 100.0 * java[l] / n[l]);
    }
    say("identical top-%d lists, search.js vs Java: %d of %d", TOP, same, pastes.size());
    assertTrue(same > 0);
  }

  private static long pct(List<Long> values, int p) {
    long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return v[Math.max(0, (int) Math.ceil(v.length * p / 100.0) - 1)];
  }

  private static String kb(long bytes) {
    return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
  }
}
