package dev.errorkb.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    for (WebElement li : chromium.driver.findElements(By.cssSelector("#search-results > li"))) {
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
      WebElement first = chromium.driver.findElement(By.cssSelector("#search-results > li"));
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
    assertTrue(url.contains("?q="), url);
    chromium.driver.navigate().refresh();
    assertEquals(first, results());
    assertEquals("aws-cli-unable-to-locate-credentials", first.get(0));
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
    new WebDriverWait(chromium.driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/ja/search/index.html?q="));
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
        URLDecoder.decode(url.substring(url.indexOf("?q=") + 3), StandardCharsets.UTF_8));
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
  }
}
