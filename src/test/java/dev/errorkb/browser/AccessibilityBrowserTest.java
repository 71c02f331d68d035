package dev.errorkb.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * axe-core (an independent checker, npm {@code axe-core}, pinned in .ci/package.json and
 * installed by .ci/run with {@code npm ci}) on every page type of the built sample site, in
 * headless Chromium: no violation of WCAG 2.0/2.1 A and AA. Also what axe cannot see: the copy
 * button's "Copied" reaches a live region, and the search page's layout shift stays under 0.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessibilityBrowserTest {
  static final Path AXE = Path.of(System.getProperty("errorkb.axe", ".ci/node_modules/axe-core/axe.min.js"));
  static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

  private StaticServer server;
  private Chromium chromium;
  private String axe;

  @BeforeAll
  void start() throws IOException {
    if (!Chromium.installed() || !Files.isRegularFile(AXE)) {
      return; // each test reports itself skipped (or failed in CI) in requireTools()
    }
    axe = Files.readString(AXE, StandardCharsets.UTF_8);
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
  void requireTools() {
    Chromium.requireInstalled();
    if (!Files.isRegularFile(AXE)) {
      String why = AXE + " is missing: run 'npm ci --prefix .ci' (as .ci/run does)";
      if ("true".equals(System.getenv("CI"))) {
        fail(why + "; CI=true, so this is a failure, not a skip");
      }
      Assumptions.abort(why);
    }
  }

  /** The axe violations of the page now shown, one line per rule and element. */
  private List<String> violations() {
    chromium.driver.executeScript(axe);
    Object r = chromium.driver.executeAsyncScript(
        "var done = arguments[arguments.length - 1];"
            + "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
            + ".then(function (r) { var out = []; r.violations.forEach(function (v) { v.nodes.forEach(function (n) {"
            + " out.push(v.id + ' (' + v.impact + ') ' + n.target.join(' ') + ': ' + n.failureSummary); }); }); done(out); },"
            + " function (e) { done(['axe failed: ' + e]); });", TAGS);
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) r) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  private void open(String path) {
    chromium.driver.get(server.base() + path);
  }

  private void waitForResults() {
    new WebDriverWait(chromium.driver, Duration.ofSeconds(10)).until(d ->
        "done".equals(d.findElement(By.id("search-app")).getAttribute("data-state")));
  }

  @Test
  void everyPageTypeHasNoWcag21AOrAaViolation() {
    chromium.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    List<String> found = new ArrayList<>();
    for (String page : List.of("index.html", "ja/index.html", "en/index.html",
        "ja/docker-daemon-not-running/index.html", "en/docker-daemon-not-running/index.html",
        "en/aws-login-400/index.html", "ja/tags/docker/index.html", "en/tags/docker/index.html", "404.html",
        "en/search/index.html", "ja/search/index.html")) {
      open(page);
      violations().forEach(v -> found.add(page + ": " + v));
    }
    for (String lang : List.of("en", "ja")) {
      // Exact, strong and related results, and results in the other language with their badge.
      open(lang + "/search/index.html#q=" + java.net.URLEncoder.encode(
          "Got permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock", StandardCharsets.UTF_8)
          .replace("+", "%20"));
      waitForResults();
      assertTrue(chromium.driver.findElements(By.cssSelector("#search-results > li")).size() > 1);
      violations().forEach(v -> found.add(lang + " search with results: " + v));
    }
    assertEquals(List.of(), found);
  }

  @Test
  void copiedIsAnnouncedInALiveRegion() {
    open("en/docker-daemon-not-running/index.html");
    WebElement copy = chromium.driver.findElement(By.cssSelector("button.copy"));
    assertTrue(copy.isDisplayed(), "with JavaScript the copy button shows");
    copy.click();
    new WebDriverWait(chromium.driver, Duration.ofSeconds(5)).until(d ->
        d.findElements(By.cssSelector("[role=status][aria-live=polite]")).stream().anyMatch(e -> "Copied".equals(e.getAttribute("textContent"))));
  }

  @Test
  void digitsInsideAnAddressAreNotMarkedAsWords() {
    open("en/search/index.html#q=" + java.net.URLEncoder.encode(
        "psql: error: connection to server at \"db1\" (10.0.0.1), port 5432 failed: Connection refused 0 1", StandardCharsets.UTF_8)
        .replace("+", "%20"));
    waitForResults();
    List<WebElement> sig = chromium.driver.findElements(By.cssSelector("li[data-entry-id=psql-connection-refused] .result-sig"));
    assertEquals(1, sig.size(), "the psql entry is found with its signature shown");
    assertTrue(sig.get(0).getText().contains("127.0.0.1"), sig.get(0).getText());
    List<String> marked = sig.get(0).findElements(By.tagName("mark")).stream().map(WebElement::getText).toList();
    assertTrue(marked.stream().anyMatch(t -> t.contains("5432")), "a number of its own is marked: " + marked);
    assertTrue(marked.stream().noneMatch(t -> t.matches(".*\\b(127|0|1)\\b.*") && !t.contains("5432")), "not the parts of 127.0.0.1: " + marked);
  }

  @Test
  void theSearchPageShiftsItsLayoutByLessThanOneTenth() {
    open("en/search/index.html?q=" + java.net.URLEncoder.encode("Permission denied (publickey).", StandardCharsets.UTF_8));
    waitForResults();
    Object cls = chromium.driver.executeAsyncScript(
        "var done = arguments[arguments.length - 1]; var sum = 0; var what = [];"
            + "new PerformanceObserver(function (l) { l.getEntries().forEach(function (e) { if (!e.hadRecentInput) { sum += e.value; (e.sources || []).forEach(function (x) { what.push(e.value.toFixed(3) + ' ' + (x.node ? (x.node.id || x.node.className || x.node.nodeName) : '?') + ' ' + JSON.stringify(x.previousRect) + '->' + JSON.stringify(x.currentRect) + ' t=' + e.startTime); }); } }); })"
            + ".observe({type: 'layout-shift', buffered: true});"
            + "setTimeout(function () { done([sum, what.join('; ')]); }, 500);");
    double shift = ((Number) ((List<?>) cls).get(0)).doubleValue();
    assertTrue(shift < 0.1, "cumulative layout shift " + shift + ": " + ((List<?>) cls).get(1));
  }
}
