package dev.errorkb.browser;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Measures save → visible in Chromium for one changed entry in a large generated KB (issue 5's
 * target: 10,000 entries, ≤ 300 ms). Off by default; run with
 * {@code mvn -o test -Dtest=LiveReloadTimingTest -Derrorkb.serve.entries=10000}.
 */
class LiveReloadTimingTest {
  @TempDir Path dir;

  /** Records what the live site reports, so the test can wait for the background full build. */
  private static final class Events implements LiveSite.Listener {
    final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();

    @Override
    public void built(long version, int files, long millis, List<Problem> problems) {
      queue.add("built " + version + " " + millis);
    }

    @Override
    public void failed(long millis, List<Problem> problems) {
      queue.add("failed " + problems);
    }

    @Override
    public void patched(long version, Set<String> ids, long millis, List<Problem> problems) {
      queue.add("patched " + version + " " + millis);
    }
  }

  @Test
  void oneChangedEntryInALargeKb() throws Exception {
    int n = Integer.getInteger("errorkb.serve.entries", 0);
    Assumptions.assumeTrue(n > 0, "timing run: set -Derrorkb.serve.entries=10000");
    Chromium.requireInstalled();
    Path content = dir.resolve("content");
    Path templates = dir.resolve("templates");
    Fixture.copyTree(Fixture.repoTemplates(), templates);
    generate(content, n);

    Events events = new Events();
    long t0 = System.nanoTime();
    try (LiveSite live = new LiveSite(new BuildOptions(content, templates, dir.resolve("site"), Optional.empty()),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), events);
        Chromium chromium = Chromium.start()) {
      System.out.printf(Locale.ROOT, "initial full build of %d entries: %d ms (%s)%n", n, (System.nanoTime() - t0) / 1_000_000, events.queue.poll());
      String id = String.format(Locale.ROOT, "gen-%05d", n / 2);
      Path en = content.resolve(String.format(Locale.ROOT, "p%02d/%s/en.md", (n / 2) % 20, id));
      String original = Files.readString(en, StandardCharsets.UTF_8);
      var driver = chromium.driver;
      driver.get("http://127.0.0.1:" + live.address().getPort() + "/en/" + id + "/");
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(120), Duration.ofMillis(2));
      List<Long> times = new ArrayList<>();
      List<Long> inPage = new ArrayList<>();
      for (int round = 1; round <= 7; round++) {
        String marker = "edit-round-" + round;
        long start = System.nanoTime();
        long startEpoch = System.currentTimeMillis();
        Files.writeString(en, original.replace("## Cause\n", "## Cause\n\n" + marker + "\n"), StandardCharsets.UTF_8);
        wait.until(d -> String.valueOf(((JavascriptExecutor) d).executeScript(
            "var s = document.querySelector('section.cause'); return s ? s.textContent : '';")).contains(marker));
        long ms = (System.nanoTime() - start) / 1_000_000;
        times.add(ms);
        // The browser's own clock: when the reloaded page's DOM was ready, without WebDriver's polling delay.
        @SuppressWarnings("unchecked")
        List<Number> nav = (List<Number>) ((JavascriptExecutor) driver).executeScript(
            "var n = performance.getEntriesByType('navigation')[0]; return [performance.timeOrigin, n.domContentLoadedEventEnd];");
        long origin = nav.get(0).longValue();
        long ready = origin + nav.get(1).longValue();
        inPage.add(ready - startEpoch);
        // Let the background full build finish so every round starts from the same state.
        String fast = events.queue.poll(120, TimeUnit.SECONDS);
        String full = events.queue.poll(600, TimeUnit.SECONDS);
        System.out.printf(Locale.ROOT,
            "round %d: save → visible %d ms (polled), %d ms (page DOM ready) = %d ms save → reload starts + %d ms page load; %s; then %s%n",
            round, ms, ready - startEpoch, origin - startEpoch, ready - origin, fast, full);
      }
      Collections.sort(inPage);
      System.out.printf(Locale.ROOT, "%d entries: save → reloaded page DOM ready: median %d ms, min %d ms, max %d ms%n",
          n, inPage.get(inPage.size() / 2), inPage.get(0), inPage.get(inPage.size() - 1));
      List<Long> sorted = new ArrayList<>(times);
      Collections.sort(sorted);
      System.out.printf(Locale.ROOT, "%d entries: save → visible in Chromium: median %d ms, min %d ms, max %d ms over %d edits%n",
          n, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
      assertTrue(sorted.get(sorted.size() / 2) < 60_000);
    }
  }

  /** Writes {@code n} bilingual entries with distinct signatures across 20 product folders. */
  static void generate(Path content, int n) throws IOException {
    Files.createDirectories(content);
    Files.writeString(content.resolve("site.yaml"), "title:\n  ja: 生成KB\n  en: Generated KB\nlanguages: [ja, en]\n", StandardCharsets.UTF_8);
    String[] products = {"Alpha CLI", "Beta Server", "Gamma DB", "Delta Proxy", "Epsilon SDK"};
    for (int i = 0; i < n; i++) {
      String id = String.format(Locale.ROOT, "gen-%05d", i);
      Path d = content.resolve(String.format(Locale.ROOT, "p%02d/%s", i % 20, id));
      Files.createDirectories(d);
      Files.writeString(d.resolve("entry.yaml"), String.format(Locale.ROOT, """
          product: %s
          tags: [t%02d, t%02d]
          severity: error
          updated: 2025-%02d-%02d
          signatures:
            - text: "fatal: component %s could not open segment %d: permission denied"
              lang: en
          requires:
            - kind: permission
              value: gen:Read%d
          verify:
            command: gen status %d
            expect: OK
          """, products[i % products.length], i % 40, (i * 7) % 40, 1 + i % 12, 1 + i % 28, id, i, i, i), StandardCharsets.UTF_8);
      Files.writeString(d.resolve("en.md"), String.format(Locale.ROOT, """
          ---
          title: "Component %1$s cannot open segment %2$d"
          summary: "The service account lacks gen:Read%2$d; grant it and restart."
          ---

          ## Symptoms

          The component %1$s stops at start with a permission error. Logs show the segment number
          and the path it tried to open; retries do not help and the process exits with status 1.

          ## Cause

          Since release 3.2 the component opens segments with the service account, which needs the
          `gen:Read%2$d` permission. Older releases used the root account.

          ## Fix

          1. Grant `gen:Read%2$d` to the service account.
          2. Restart the component.

          ```
          gen grant --account svc gen:Read%2$d
          ```

          ## Verify

          Run `gen status %2$d` and expect `OK`.
          """, id, i), StandardCharsets.UTF_8);
      Files.writeString(d.resolve("ja.md"), String.format(Locale.ROOT, """
          ---
          title: "コンポーネント %1$s がセグメント %2$d を開けない"
          summary: "サービスアカウントに gen:Read%2$d がありません。付与して再起動します。"
          ---

          ## 症状

          コンポーネント %1$s が起動直後に権限エラーで停止します。再試行しても解決しません。

          ## 原因

          リリース 3.2 以降、セグメントはサービスアカウントで開かれるため `gen:Read%2$d` 権限が必要です。

          ## 対処

          サービスアカウントに `gen:Read%2$d` を付与し、コンポーネントを再起動します。
          """, id, i), StandardCharsets.UTF_8);
    }
  }
}
