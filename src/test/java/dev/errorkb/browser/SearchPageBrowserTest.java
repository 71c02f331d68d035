package dev.errorkb.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Signature;
import dev.errorkb.render.Markdown;
import dev.errorkb.signature.ErrorIndex;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The search page of the built sample site, in headless Chromium, served on 127.0.0.1: pasted
 * errors, Japanese keywords, query syntax characters, keyboard use, language switching, and the
 * shared normaliser vectors run by the browser's own search.js.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchPageBrowserTest {
  /** The browser page of the aws login failure, as a user copies it out of the browser window. */
  static final String AWS_LOGIN_PAGE = """
      400 Bad Request
      You may have typed the address incorrectly or you may have used an outdated link.

      Please clear your cookies and try the request again. If the problem persists, please contact Support. We apologize for the inconvenience.
      """;

  private StaticServer server;
  private StaticServer rankingServer;
  private Chromium chromium;

  @BeforeAll
  void start() throws IOException {
    if (!Chromium.installed()) {
      return; // each test then reports itself skipped (or failed in CI) in requireBrowser()
    }
    server = new StaticServer(BuiltSite.build(Path.of("content")));
    chromium = Chromium.start();
  }

  @AfterAll
  void stop() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.close();
    }
    if (rankingServer != null) {
      rankingServer.close();
    }
  }

  @BeforeEach
  void requireBrowser() {
    Chromium.requireInstalled();
  }

  private void open(String path) {
    chromium.driver.get(server.base() + path);
  }

  private WebElement box() {
    return chromium.driver.findElement(By.id("search-q"));
  }

  /** Puts text into the search box as a paste does: one insertion, line breaks included. */
  private void paste(String text) {
    WebElement box = box();
    box.clear();
    box.click();
    chromium.driver.executeCdpCommand("Input.insertText", Map.of("text", text));
  }

  /** Waits until the results shown are those for the text now in the box, and returns their entry ids. */
  private List<String> results() {
    new WebDriverWait(chromium.driver, Duration.ofSeconds(10)).until(d -> {
      WebElement app = d.findElement(By.id("search-app"));
      String q = box().getAttribute("value");
      return "done".equals(app.getAttribute("data-state")) && q.equals(app.getAttribute("data-query"));
    });
    List<String> ids = new ArrayList<>();
    for (WebElement li : chromium.driver.findElements(By.cssSelector("#search-results > li[data-entry-id]"))) {
      ids.add(li.getAttribute("data-entry-id"));
    }
    return ids;
  }

  private static JsonNode resource(String name) throws IOException {
    try (InputStream in = SearchPageBrowserTest.class.getResourceAsStream(name)) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void pastedAwsLoginPageFindsItsEntryFirstOnBothLanguages() {
    for (String lang : List.of("ja", "en")) {
      open(lang + "/search/index.html");
      paste(AWS_LOGIN_PAGE);
      List<String> ids = results();
      assertFalse(ids.isEmpty(), lang);
      assertEquals("aws-login-400", ids.get(0), lang + ": " + ids);
      WebElement first = chromium.driver.findElement(By.cssSelector("#search-results > li[data-entry-id]"));
      assertTrue(first.getAttribute("class").contains("full-match"), "a full signature match");
      assertFalse(first.findElements(By.cssSelector(".result-sig mark")).isEmpty(), "the matched words are marked");
      String href = first.findElement(By.cssSelector("a.result-link")).getAttribute("href");
      assertTrue(href.endsWith("/" + lang + "/aws-login-400/index.html"), href);
    }
  }

  @Test
  void japaneseKeywordsFindTheJapaneseEntry() {
    open("ja/search/index.html");
    paste("ソケット そのようなファイルやディレクトリはありません");
    List<String> ids = results();
    assertEquals("psql-socket-no-such-file", ids.get(0), ids.toString());
    String title = chromium.driver.findElement(By.cssSelector("#search-results > li a.result-link")).getText();
    assertTrue(title.contains("ソケット"), "shown in Japanese: " + title);
  }

  @Test
  void colonsQuotesAndDashesAreTextNotQuerySyntax() {
    open("en/search/index.html");
    paste("fatal: refusing to merge \"unrelated histories\" -- git pull origin main:main ~1");
    assertEquals("git-unrelated-histories", results().get(0));
    paste("error: externally-managed-environment");
    assertEquals("pip-externally-managed-environment", results().get(0));
  }

  @Test
  void urlCarriesTheQueryAndReloadShowsTheSameResults() {
    open("en/search/index.html");
    paste("Unable to locate credentials. You can configure credentials by running \"aws configure\".");
    List<String> first = results();
    String url = chromium.driver.getCurrentUrl();
    // Privacy (issue 13): in the fragment, which is never sent to the server.
    assertTrue(url.contains("#q=Unable%20to%20locate"), url);
    assertFalse(url.contains("?q="), url);
    chromium.driver.navigate().refresh();
    assertEquals(first, results());
    assertEquals("aws-cli-unable-to-locate-credentials", first.get(0));
  }

  @Test
  void anOldLinkWithQueryStringStillWorksAndTheQueryMovesIntoTheFragment() {
    open("en/search/index.html?q=" + java.net.URLEncoder.encode("Permission denied (publickey).", StandardCharsets.UTF_8));
    assertEquals("git-push-publickey", results().get(0));
    String url = chromium.driver.getCurrentUrl();
    assertFalse(url.contains("?q="), url);
    assertTrue(url.endsWith("#q=Permission%20denied%20(publickey)."), url);
  }

  @Test
  void keyboardOnly() {
    open("en/search/index.html");
    WebElement box = box();
    assertEquals(box, chromium.driver.switchTo().activeElement(), "the search box has focus on load");
    box.sendKeys("docker daemon permission denied");
    List<String> ids = results();
    assertTrue(ids.size() >= 2, ids.toString());
    box.sendKeys(Keys.ARROW_DOWN);
    WebElement active = chromium.driver.switchTo().activeElement();
    assertEquals(ids.get(0), active.findElement(By.xpath("ancestor::li[1]")).getAttribute("data-entry-id"));
    active.sendKeys(Keys.ARROW_DOWN);
    active = chromium.driver.switchTo().activeElement();
    assertEquals(ids.get(1), active.findElement(By.xpath("ancestor::li[1]")).getAttribute("data-entry-id"));
    active.sendKeys(Keys.ARROW_UP);
    active = chromium.driver.switchTo().activeElement();
    assertEquals(ids.get(0), active.findElement(By.xpath("ancestor::li[1]")).getAttribute("data-entry-id"));
    active.sendKeys(Keys.ENTER);
    new WebDriverWait(chromium.driver, Duration.ofSeconds(10))
        .until(d -> d.getCurrentUrl().endsWith("/en/" + ids.get(0) + "/index.html"));
  }

  @Test
  void enterInTheBoxSearchesAndFocusesTheFirstResult() {
    open("en/search/index.html");
    box().sendKeys("kubectl connection to the server localhost:8080 was refused", Keys.ENTER);
    results();
    WebElement active = chromium.driver.switchTo().activeElement();
    assertEquals("kubectl-localhost-8080-refused", active.findElement(By.xpath("ancestor::li[1]")).getAttribute("data-entry-id"));
  }

  @Test
  void headerBoxOnAnyPageOpensTheSearchPage() {
    open("ja/git-unrelated-histories/index.html");
    WebElement header = chromium.driver.findElement(By.id("site-q"));
    header.sendKeys("invalid target release: 17", Keys.ENTER);
    new WebDriverWait(chromium.driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/ja/search/index.html#q="));
    assertEquals("invalid target release: 17", box().getAttribute("value"));
    assertEquals("maven-invalid-target-release", results().get(0));
  }

  @Test
  void switchingLanguageKeepsTheQuery() {
    open("en/search/index.html");
    paste("Permission denied (publickey).");
    List<String> en = results();
    chromium.driver.findElement(By.cssSelector("a.lang-switch")).click();
    new WebDriverWait(chromium.driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/ja/search/"));
    String url = chromium.driver.getCurrentUrl();
    assertEquals("Permission denied (publickey).",
        URLDecoder.decode(url.substring(url.indexOf("#q=") + 3).replace("+", "%2B"), StandardCharsets.UTF_8));
    assertEquals("Permission denied (publickey).", box().getAttribute("value"));
    assertEquals(en, results(), "same ranking on both sides");
  }

  @Test
  void sharedNormalizerVectorsPassInTheBrowser() throws IOException {
    JsonNode cases = resource("/vectors/normalizer.json").get("cases");
    List<String> inputs = new ArrayList<>();
    cases.forEach(c -> inputs.add(c.get("input").asText()));
    open("en/search/index.html");
    @SuppressWarnings("unchecked")
    List<List<Object>> got = (List<List<Object>>) chromium.driver.executeScript(
        "return arguments[0].map(function (s) { var n = ErrorkbSearch.normalize(s); return [n.text, n.masked, n.tokens]; });",
        inputs);
    assertEquals(cases.size(), got.size());
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonNode c = cases.get(i);
      List<String> tokens = new ArrayList<>();
      c.get("tokens").forEach(t -> tokens.add(t.asText()));
      if (!c.get("text").asText().equals(got.get(i).get(0))) {
        failures.add(c.get("name").asText() + ": text " + got.get(i).get(0));
      } else if (!c.get("masked").asText().equals(got.get(i).get(1))) {
        failures.add(c.get("name").asText() + ": masked " + got.get(i).get(1));
      } else if (!tokens.equals(got.get(i).get(2))) {
        failures.add(c.get("name").asText() + ": tokens " + got.get(i).get(2));
      }
    }
    assertEquals(List.of(), failures, "browser normaliser differs from the shared vectors");
  }

  @Test
  void contentIsInsertedAsTextAndTheDataStaysSmall() {
    open("en/search/index.html");
    paste("<img src=x onerror=alert(1)> permission denied");
    results();
    assertTrue(chromium.driver.findElements(By.cssSelector("#search-results img, #search-results script")).isEmpty());
    long searchBytes = server.sent.stream().filter(s -> s.path().startsWith("/search/")).mapToLong(StaticServer.Sent::bytes).sum();
    assertTrue(searchBytes > 0 && searchBytes < 300_000, "search data downloaded: " + searchBytes);
    @SuppressWarnings("unchecked")
    List<String> urls = (List<String>) chromium.driver.executeScript(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
            + ".filter(function (n) { return n.indexOf('/search/') >= 0; });");
    String version = chromium.driver.findElement(By.id("search-app")).getAttribute("data-version");
    assertFalse(urls.isEmpty());
    assertTrue(urls.stream().allMatch(u -> u.endsWith(".js?v=" + version)), "data URLs name the build's data: " + urls);
  }

  /** Ranks each query with search.js on the page now open: entry ids, {@code *} marking full matches. */
  private List<List<String>> jsRank(List<String> queries, int top, List<String> ids) {
    @SuppressWarnings("unchecked")
    List<List<List<Object>>> got = (List<List<List<Object>>>) chromium.driver.executeAsyncScript(
        "var qs = arguments[0], top = arguments[1], done = arguments[2];"
            + "Promise.all(qs.map(function (q) { return ErrorkbSearch.search(q, top); }))"
            + ".then(function (rs) { done(rs.map(function (r) {"
            + "  return r.results.map(function (x) { return [x.entry, x.kind]; }); })); },"
            + " function (e) { done(String(e)); });",
        queries, top);
    List<List<String>> out = new ArrayList<>();
    for (List<List<Object>> r : got) {
      List<String> row = new ArrayList<>();
      for (List<Object> x : r) {
        row.add(ids.get(((Number) x.get(0)).intValue()) + ":" + x.get(1));
      }
      out.add(row);
    }
    return out;
  }

  private static List<String> javaRank(ErrorIndex index, String query, int top) {
    List<String> row = new ArrayList<>();
    for (ErrorIndex.Match m : index.match(query, new ErrorIndex.MatchOptions(Optional.empty(), top))) {
      row.add(m.entry().id() + ":" + m.kind().key());
    }
    return row;
  }

  @Test
  void sharedRankingVectorsPassInTheBrowser() throws IOException {
    if (rankingServer == null) {
      rankingServer = new StaticServer(BuiltSite.build(Path.of("src/test/resources/vectors/ranking-kb")));
    }
    JsonNode v = resource("/vectors/ranking.json");
    List<String> ids = new ContentLoader(Path.of("src/test/resources/vectors/ranking-kb")).load().kb().entries()
        .stream().map(Entry::id).toList();
    List<String> queries = new ArrayList<>();
    v.get("cases").forEach(c -> queries.add(c.get("query").asText()));
    chromium.driver.get(rankingServer.base() + "en/search/index.html");
    List<List<String>> got = jsRank(queries, v.get("top").asInt(), ids);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      JsonNode c = v.get("cases").get(i);
      List<String> want = new ArrayList<>();
      for (int k = 0; k < c.get("expect").size(); k++) {
        want.add(c.get("expect").get(k).asText() + ":" + c.get("kinds").get(k).asText());
      }
      if (!want.equals(got.get(i))) {
        failures.add(c.get("name").asText() + ": expected " + want + " but was " + got.get(i));
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void browserRanksTheSampleSiteExactlyAsTheJavaMatcher() {
    KnowledgeBase kb = new ContentLoader(Path.of("content")).load().kb();
    ErrorIndex index = ErrorIndex.of(kb, new Markdown(kb.site().allowHtml())::plainText);
    List<String> queries = new ArrayList<>(List.of(AWS_LOGIN_PAGE, AWS_LOGIN_PAGE.replace("\n", " "),
        "docker permission denied", "接続 拒否", "ポート5432", "rejected fetch first", "credentials", "git", "the"));
    for (Entry e : kb.entries()) {
      for (Signature s : e.signatures()) {
        queries.add(s.text());
        queries.addAll(s.examples());
      }
      e.docs().values().forEach(d -> {
        queries.add(d.title());
        queries.add(d.summary());
        d.sections().forEach(sec -> queries.add(sec.markdown().lines().limit(3).collect(Collectors.joining("\n"))));
      });
    }
    open("en/search/index.html");
    List<String> ids = kb.entries().stream().map(Entry::id).toList();
    List<List<String>> got = jsRank(queries, 10, ids);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      List<String> want = javaRank(index, queries.get(i), 10);
      if (!want.equals(got.get(i))) {
        failures.add(queries.get(i) + "\n  java " + want + "\n  js   " + got.get(i));
      }
    }
    assertEquals(List.of(), failures, queries.size() + " queries");
  }

  /**
   * Issue 11: search.js ranks every real benchmark paste (the shared set, the team set, the
   * Japanese set) exactly as the Java matcher, kinds included.
   */
  @Test
  void browserRanksTheRealPastesExactlyAsTheJavaMatcher() throws IOException {
    List<Path> sets = new ArrayList<>(List.of(Path.of("src/test/resources/bench/realpastes"),
        Path.of("src/test/resources/bench/realpastes-ja")));
    Path shared = Path.of("").toAbsolutePath().resolve("../shared/realpastes").normalize();
    if (Files.isDirectory(shared.resolve("content"))) {
      sets.add(shared);
    }
    List<String> failures = new ArrayList<>();
    int total = 0;
    for (Path set : sets) {
      KnowledgeBase kb = new ContentLoader(set.resolve("content")).load().kb();
      ErrorIndex index = ErrorIndex.of(kb, new Markdown(kb.site().allowHtml())::plainText);
      List<String> queries = new ArrayList<>();
      for (String line : Files.readAllLines(set.resolve("pastes.jsonl"), StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          queries.add(new ObjectMapper().readTree(line).get("query").asText());
        }
      }
      try (StaticServer site = new StaticServer(BuiltSite.build(set.resolve("content")))) {
        chromium.driver.get(site.base() + "en/search/index.html");
        List<List<String>> got = jsRank(queries, 5, kb.entries().stream().map(Entry::id).toList());
        for (int i = 0; i < queries.size(); i++) {
          List<String> want = javaRank(index, queries.get(i), 5);
          if (!want.equals(got.get(i))) {
            failures.add(set + " paste " + (i + 1) + "\n  java " + want + "\n  js   " + got.get(i));
          }
        }
      }
      total += queries.size();
    }
    assertTrue(total >= 240, "pastes compared: " + total);
    assertEquals(List.of(), failures, total + " pastes");
  }

  /** Issue 11: exact, close and word-only results look different, and the status line counts each kind. */
  @Test
  void resultsSayHowTheyWereFound() {
    open("en/search/index.html");
    paste("docker: Got permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock:"
        + " Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/containers/json\": dial unix /var/run/docker.sock: connect: permission denied");
    List<String> ids = results();
    assertFalse(ids.isEmpty());
    List<WebElement> lis = chromium.driver.findElements(By.cssSelector("#search-results > li[data-entry-id]"));
    List<String> kinds = lis.stream().map(li -> li.getAttribute("data-kind")).toList();
    assertTrue(kinds.get(0).equals("exact") || kinds.get(0).equals("strong"), kinds.toString());
    assertTrue(kinds.contains("related"), kinds.toString());
    String status = chromium.driver.findElement(By.id("search-status")).getText();
    long related = kinds.stream().filter("related"::equals).count();
    assertTrue(status.contains(related + " related"), status);
    int firstRelated = kinds.lastIndexOf("exact") > kinds.lastIndexOf("strong") ? kinds.lastIndexOf("exact") + 1 : kinds.lastIndexOf("strong") + 1;
    WebElement divider = lis.get(firstRelated).findElement(By.cssSelector(".related-divider"));
    assertEquals("Entries that mention these words", divider.getText());
    assertEquals(1, chromium.driver.findElements(By.cssSelector(".related-divider")).size());
    for (WebElement li : lis.subList(firstRelated, lis.size())) {
      assertTrue(li.findElements(By.cssSelector(".exact-badge, .strong-badge")).isEmpty(), "a word match has no match badge");
    }
  }

  @Test
  void contentIsNeverInterpretedAsHtml() throws IOException {
    try (StaticServer hostile = new StaticServer(BuiltSite.build(Path.of("src/test/resources/fixtures-search/hostile")))) {
      chromium.driver.get(hostile.base() + "en/search/index.html");
      String title = chromium.driver.getTitle();
      paste("fatal: could not frobnicate the widget");
      assertEquals(List.of("evil-entry"), results());
      WebElement li = chromium.driver.findElement(By.cssSelector("#search-results > li[data-entry-id]"));
      assertTrue(li.findElement(By.cssSelector("a.result-link")).getText().contains("<script>"), "the title shows as text");
      assertTrue(li.findElement(By.cssSelector(".result-sig")).getText().contains("<img src=x"), "the signature shows as text");
      assertTrue(li.findElement(By.cssSelector(".result-meta")).getText().contains("<b>Product</b>"));
      assertTrue(li.findElements(By.cssSelector("img, script, b")).isEmpty(), li.getAttribute("innerHTML"));
      assertEquals(title, chromium.driver.getTitle(), "no script from content ran");
    }
  }

  @Test
  void entryInTheOtherLanguageOnlyCarriesABadge() throws IOException {
    if (rankingServer == null) {
      rankingServer = new StaticServer(BuiltSite.build(Path.of("src/test/resources/vectors/ranking-kb")));
    }
    chromium.driver.get(rankingServer.base() + "en/search/index.html");
    paste("write failed: Disk quota exceeded");
    assertEquals("ja-only-quota", results().get(0));
    WebElement li = chromium.driver.findElement(By.cssSelector("#search-results > li[data-entry-id]"));
    assertEquals("ja", li.getAttribute("lang"));
    assertEquals("Japanese only", li.findElement(By.cssSelector(".lang-badge")).getText());
    assertTrue(li.findElement(By.cssSelector("a.result-link")).getAttribute("href").endsWith("/ja/ja-only-quota/index.html"));
  }

  @Test
  void explicitRe2PatternsMatchInTheBrowserAsInRe2j() {
    // Explicit patterns are stored as "(?i)" + the author's RE2 expression; search.js rewrites RE2-only
    // syntax. Each case: pattern, text; the browser must find the same span as RE2/J.
    List<List<String>> cases = List.of(
        List.of("(?i)\\Afatal: .*\\z", "FATAL: the end"),
        List.of("(?i)\\Afatal", "not fatal"),
        List.of("(?i)error \\pL+ failed", "Error xyz failed"),
        List.of("(?i)[[:digit:]]+ rows?", "copied 42 rows"),
        List.of("(?i)[^[:space:]]+@example", "mail bob@example.com"),
        List.of("(?i)(?P<name>\\w+)=1", "key abc=1"),
        List.of("(?i)a\\-b\\:c\\#", "A-B:C#"),
        List.of("(?i)\\Qa.b*\\E", "xa.b*y"),
        List.of("(?i)\\Qa.b*\\E", "xaxbby"),
        List.of("(?i)(?s)x.y", "x\ny"),
        List.of("(?i)[]a]+", "b]a]b"),
        List.of("(?i)timeout after [0-9]+(?:ms|s)\\b", "Timeout after 30s."),
        List.of("(?i)connection (?:refused|reset)", "ECONNRESET: connection reset by peer"));
    open("en/search/index.html");
    List<String> failures = new ArrayList<>();
    for (List<String> c : cases) {
      com.google.re2j.Matcher m = com.google.re2j.Pattern.compile(c.get(0)).matcher(c.get(1));
      String want = m.find() ? m.start() + "-" + m.end() : "none";
      Object got = chromium.driver.executeScript(
          "var r = ErrorkbSearch.regex(arguments[0]); if (!r) { return 'untranslatable'; }"
              + "var m = r.exec(arguments[1]); return m ? m.index + '-' + (m.index + m[0].length) : 'none';",
          c.get(0), c.get(1));
      if (!want.equals(got)) {
        failures.add(c + ": re2j " + want + ", browser " + got);
      }
    }
    assertEquals(List.of(), failures);
  }
}
