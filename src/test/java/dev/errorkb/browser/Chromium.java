package dev.errorkb.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven through the system chromedriver. Selenium Manager is never used:
 * both paths are given, so nothing is downloaded. Without the browser the tests are skipped with the
 * reason, except under {@code CI=true}, where a missing browser fails them.
 */
final class Chromium implements AutoCloseable {
  // Overridable only to try the skip and CI paths: -Derrorkb.chromium=/nonexistent
  static final Path BROWSER = Path.of(System.getProperty("errorkb.chromium", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getProperty("errorkb.chromedriver", "/usr/bin/chromedriver"));

  final ChromeDriver driver;
  private final Path profile;

  private Chromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** True when both the browser and its driver are installed. */
  static boolean installed() {
    return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
  }

  /**
   * Skips the calling test with the reason when Chromium or chromedriver is missing; under
   * {@code CI=true} fails it instead. Call it per test (JUnit reports an abort in {@code @BeforeAll}
   * as no test at all, not as skipped tests).
   */
  static void requireInstalled() {
    if (installed()) {
      return;
    }
    String why = "browser tests need " + BROWSER + " and " + DRIVER + " (apt-get install chromium chromium-driver)";
    if ("true".equals(System.getenv("CI"))) {
      fail(why + "; CI=true, so a missing browser is a failure, not a skip");
    }
    Assumptions.abort(why);
  }

  /** Starts a fresh headless browser with its own temporary profile. */
  static Chromium start() throws IOException {
    requireInstalled();
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    Path profile = Files.createTempDirectory("errorkb-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toString());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1200,1000", "--lang=en-US");
    // With webdriver.chrome.driver and the binary set, Selenium Manager has nothing to look up.
    return new Chromium(new ChromeDriver(options), profile);
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> s = Files.walk(profile)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        // Chromium may still be writing into its profile while it exits; a leftover temp dir is harmless.
      }
    }
  }
}
