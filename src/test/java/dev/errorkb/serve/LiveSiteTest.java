package dev.errorkb.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.build.Build;
import dev.errorkb.build.BuildOptions;
import dev.errorkb.model.Problem;
import dev.errorkb.testing.Fixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve loop without a browser: fast path, full builds, failures keeping the last good site. */
class LiveSiteTest {
  @TempDir Path dir;
  private LiveSite live;
  private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final HttpClient http = HttpClient.newHttpClient();

  private final LiveSite.Listener listener = new LiveSite.Listener() {
    @Override
    public void built(long version, int files, long millis, List<Problem> problems) {
      events.add("built " + version + (problems.isEmpty() ? "" : " " + problems));
    }

    @Override
    public void failed(long millis, List<Problem> problems) {
      events.add("failed " + problems);
    }

    @Override
    public void patched(long version, Set<String> ids, long millis, List<Problem> problems) {
      events.add("patched " + version + " " + ids + (problems.isEmpty() ? "" : " " + problems));
    }
  };

  @AfterEach
  void stop() {
    if (live != null) {
      live.close();
    }
  }

  private Path start() {
    Path content = dir.resolve("content");
    Path templates = dir.resolve("templates");
    Fixture.write(content, Fixture.SITE + Fixture.ENTRY);
    Fixture.copyTree(Fixture.repoTemplates(), templates);
    live = new LiveSite(new BuildOptions(content, templates, dir.resolve("site"), Optional.empty()),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), listener);
    return content;
  }

  private String get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + live.address().getPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return r.statusCode() + " " + r.body();
  }

  private String next() throws InterruptedException {
    String e = events.poll(60, TimeUnit.SECONDS);
    return e == null ? "(nothing within 60 s)" : e;
  }

  private static void edit(Path p, String from, String to) throws IOException {
    String s = Files.readString(p, StandardCharsets.UTF_8);
    assertTrue(s.contains(from), from);
    Files.writeString(p, s.replace(from, to), StandardCharsets.UTF_8);
  }

  @Test
  void anEditInAnEntryIsPatchedAtOnceThenFullyRebuilt() throws Exception {
    Path content = start();
    assertEquals("built 1", next());
    assertTrue(get("/en/demo-error/").contains("owned by another user"));
    assertTrue(get("/en/demo-error/").contains("/__errorkb/reload.js?v=1&amp;k=en%2Fdemo-error%2Findex.html"));

    edit(content.resolve("tools/demo-error/en.md"), "owned by another user", "owned by the backup job");
    assertEquals("patched 2 [demo-error]", next());
    assertEquals("built 3", next());
    assertTrue(get("/en/demo-error/").contains("owned by the backup job"));
    assertTrue(get("/en/feed.xml").startsWith("200 "));
    // Site files outside the build are never served, whatever the path says.
    assertTrue(get("/tools/demo-error/en.md").startsWith("404 "));
  }

  @Test
  void aBrokenEditKeepsTheLastGoodSiteAndAFixBringsItBack() throws Exception {
    Path content = start();
    assertEquals("built 1", next());
    Path en = content.resolve("tools/demo-error/en.md");
    edit(en, "## Cause", "## Cause\n\nTODO later");
    String failed = next();
    assertTrue(failed.startsWith("failed ") && failed.contains("tools/demo-error/en.md:") && failed.contains("[unfinished]"), failed);
    assertTrue(get("/en/demo-error/").contains("owned by another user"), "last good page still served");
    assertTrue(get("/__errorkb/state").contains("\"ok\":false"));

    edit(en, "TODO later", "Fixed now.");
    assertEquals("patched 2 [demo-error]", next());
    assertEquals("built 3", next());
    assertTrue(get("/en/demo-error/").contains("Fixed now."));
    assertTrue(get("/__errorkb/state").contains("\"ok\":true"));
  }

  /**
   * Issue 12, item 17: a failure on the background build (here the stack overflow of a template
   * macro that calls itself) used to vanish, leaving the state "ok"; it is reported, the last good
   * site stays served, and later saves still rebuild.
   */
  @Test
  void aTemplateThatRecursesIsReportedAndLaterSavesStillRebuild() throws Exception {
    start();
    assertEquals("built 1", next());
    Path entry = dir.resolve("templates/entry.ftlh");
    String good = Files.readString(entry, StandardCharsets.UTF_8);
    Files.writeString(entry, "<#macro boom n><@boom n=n+1/></#macro><@boom n=0/>\n" + good, StandardCharsets.UTF_8);
    String failed = next();
    assertTrue(failed.startsWith("failed ") && failed.contains("entry.ftlh") && failed.contains("[template-recursion]"), failed);
    assertTrue(get("/__errorkb/state").contains("\"ok\":false"));
    assertTrue(get("/en/demo-error/").contains("owned by another user"), "last good page still served");

    Files.writeString(entry, good, StandardCharsets.UTF_8);
    String e = next();
    for (int i = 0; i < 5 && !e.startsWith("built "); i++) {
      e = next();
    }
    assertTrue(e.startsWith("built "), e);
    assertTrue(get("/__errorkb/state").contains("\"ok\":true"));
  }

  @Test
  void templatesAndNewEntriesTakeTheFullBuild() throws Exception {
    Path content = start();
    assertEquals("built 1", next());
    Fixture.write(content, """
        -- tools/second-error/entry.yaml --
        product: Demo Tool
        updated: 2025-12-01
        signatures:
          - text: "fatal: second demo failure while reading the journal"
        -- tools/second-error/en.md --
        ---
        title: "Second failure"
        summary: "The journal is corrupt."
        ---
        ## Cause
        A crash.
        ## Fix
        Replay it.
        """);
    // The files arrive one by one, so a batch may see the folder half-written and fail; a full
    // build follows every batch until the entry is served.
    String e = next();
    for (int i = 0; i < 10 && !get("/en/second-error/").startsWith("200 "); i++) {
      assertTrue(e.startsWith("built ") || e.startsWith("failed "), e);
      e = next();
    }
    assertTrue(get("/en/second-error/").startsWith("200 "), e);
    events.clear();
    edit(dir.resolve("templates/messages/en.properties"), "entry.copy=Copy", "entry.copy=Copy it");
    for (int i = 0; i < 10 && !get("/en/demo-error/").contains("Copy it"); i++) {
      e = next();
      assertTrue(e.startsWith("built "), "a template change is a full build, never a patch: " + e);
    }
    assertTrue(get("/en/demo-error/").contains("Copy it"));
  }
}
