package dev.errorkb.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.build.Build;
import dev.errorkb.build.BuildOptions;
import dev.errorkb.model.Problem;
import dev.errorkb.serve.LiveSite;
import dev.errorkb.testing.Fixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code errorkb serve} in headless Chromium: saving a language file reloads the open page with the
 * new text; a broken edit shows the located problem in an overlay while the last good page stays;
 * fixing it removes the overlay and reloads.
 */
class LiveReloadBrowserTest {
  @TempDir Path dir;

  private static final class Quiet implements LiveSite.Listener {
    @Override
    public void built(long version, int files, long millis, List<Problem> problems) {}

    @Override
    public void failed(long millis, List<Problem> problems) {}
  }

  @Test
  void savedEditReloadsTheOpenPageAndBrokenEditShowsTheOverlay() throws Exception {
    Chromium.requireInstalled();
    Path content = dir.resolve("content");
    Path templates = dir.resolve("templates");
    Fixture.write(content, Fixture.SITE + Fixture.ENTRY);
    Fixture.copyTree(Fixture.repoTemplates(), templates);
    Path en = content.resolve("tools/demo-error/en.md");
    String original = Files.readString(en, StandardCharsets.UTF_8);

    try (LiveSite live = new LiveSite(new BuildOptions(content, templates, dir.resolve("site"), Optional.empty()),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new Quiet());
        Chromium chromium = Chromium.start()) {
      String url = "http://127.0.0.1:" + live.address().getPort() + "/en/demo-error/";
      var driver = chromium.driver;
      driver.get(url);
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(5));
      assertTrue(cause(driver).contains("owned by another user"));
      driver.executeScript("window.__beforeReload = true;");

      long start = System.nanoTime();
      write(en, original.replace("owned by another user.", "owned by root after the upgrade."));
      wait.until(d -> cause(d).contains("owned by root after the upgrade"));
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(Locale.ROOT, "live reload: save → new text visible in Chromium in %d ms (1 entry)%n", ms);
      assertEquals(null, driver.executeScript("return window.__beforeReload;"), "the page was reloaded, not patched");

      // A broken edit: the last good page stays, an overlay names the file, line and rule.
      write(en, original.replace("## Cause", "## Cause\n\nTODO explain"));
      wait.until(d -> !d.findElements(By.id("errorkb-overlay")).isEmpty());
      String overlay = String.valueOf(driver.executeScript("return document.getElementById('errorkb-overlay').textContent;"));
      assertTrue(overlay.contains("tools/demo-error/en.md:") && overlay.contains("[unfinished]"), overlay);
      assertTrue(cause(driver).contains("owned by root after the upgrade"));
      // Opening the page again while it is broken still serves the last good version, with the overlay.
      driver.navigate().refresh();
      wait.until(d -> !d.findElements(By.id("errorkb-overlay")).isEmpty());
      assertTrue(cause(driver).contains("owned by root after the upgrade"));

      write(en, original.replace("owned by another user.", "owned by the backup job."));
      wait.until(d -> cause(d).contains("owned by the backup job"));
      assertTrue(driver.findElements(By.id("errorkb-overlay")).isEmpty());
    }
  }

  /** The cause text, read in one script call so a reload between find and read cannot break it. */
  private static String cause(org.openqa.selenium.WebDriver d) {
    Object t = ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
        "var s = document.querySelector('section.cause'); return s ? s.textContent : '';");
    return t == null ? "" : t.toString();
  }

  /** Writes like an editor that saves in place. */
  private static void write(Path p, String text) throws IOException {
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }
}
