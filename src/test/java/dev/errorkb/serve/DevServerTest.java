package dev.errorkb.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The dev server over real sockets: traversal refused, content types, reload script, consistent swaps. */
class DevServerTest {
  @TempDir Path dir;
  private DevServer server;

  private static final String PAGE = "<!DOCTYPE html><html><body><p>entry</p></body></html>";

  private DevServer start() throws IOException {
    Path content = dir.resolve("content");
    Files.createDirectories(content.resolve("tools/demo"));
    Files.writeString(content.resolve("tools/demo/shot.png"), "PNG", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("secret.txt"), "secret", StandardCharsets.UTF_8);
    SiteSnapshot s = new SiteSnapshot(7, Map.of(
        "index.html", PAGE.getBytes(StandardCharsets.UTF_8),
        "en/demo/index.html", PAGE.getBytes(StandardCharsets.UTF_8),
        "en/feed.xml", "<feed/>".getBytes(StandardCharsets.UTF_8),
        "assets/style.css", "body{}".getBytes(StandardCharsets.UTF_8),
        "assets/site.js", "x()".getBytes(StandardCharsets.UTF_8),
        "errors.json", "{}".getBytes(StandardCharsets.UTF_8),
        "404.html", "<html><body>missing</body></html>".getBytes(StandardCharsets.UTF_8)),
        Map.of("en/demo/shot.png", "tools/demo/shot.png"), content);
    server = new DevServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), s);
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A response read off a raw socket, so the request path is sent exactly as written. */
  record Response(int status, String headers, String body) {
    String header(String name) {
      Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ": *(.*?)\\r?$").matcher(headers);
      return m.find() ? m.group(1) : null;
    }
  }

  private Response request(String method, String rawPath) throws IOException {
    return request(method, rawPath, "");
  }

  private Response request(String method, String rawPath, String extraHeaders) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      String host = extraHeaders.startsWith("Host:") ? "" : "Host: 127.0.0.1\r\n";
      out.write((method + " " + rawPath + " HTTP/1.1\r\n" + host + "Connection: close\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      String all = buf.toString(StandardCharsets.UTF_8);
      int split = all.indexOf("\r\n\r\n");
      String head = split < 0 ? all : all.substring(0, split);
      String body = split < 0 ? "" : all.substring(split + 4);
      int status = Integer.parseInt(head.substring(9, 12));
      return new Response(status, head, body);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/../secret.txt", "/en/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/secret.txt",
      "/en/%2e%2e%2f%2e%2e%2fsecret.txt", "/%252e%252e/secret.txt", "/en/%5c..%5csecret.txt",
      "/en/..%5c..%5csecret.txt", "/en/./demo/index.html", "/en//demo/index.html", "/%00", "/en/%c0%ae%c0%ae/secret.txt",
      "/tools/demo/shot.png", "/.errorkb-site", "/__errorkb/nothing"})
  void traversalAndUnknownPathsAreNotFound(String raw) throws IOException {
    start();
    Response r = request("GET", raw);
    assertTrue(r.status() == 404 || r.status() == 400, raw + " → " + r.status());
    assertFalse(r.body().contains("secret"), raw);
  }

  /** Issue 12, item 10: an asset replaced by a link after the build is never followed. */
  @Test
  void anAssetReplacedByALinkAfterTheBuildIsNotServed() throws IOException {
    start();
    assertEquals("PNG", request("GET", "/en/demo/shot.png").body());
    Path shot = dir.resolve("content/tools/demo/shot.png");
    Files.delete(shot);
    Files.createSymbolicLink(shot, dir.resolve("secret.txt"));
    Response r = request("GET", "/en/demo/shot.png");
    assertEquals(404, r.status());
    assertFalse(r.body().contains("secret"));
    // A folder on the way replaced by a link: not followed either.
    Files.delete(shot);
    Path demo = dir.resolve("content/tools/demo");
    Files.delete(demo);
    Path elsewhere = dir.resolve("elsewhere");
    Files.createDirectories(elsewhere);
    Files.writeString(elsewhere.resolve("shot.png"), "secret", StandardCharsets.UTF_8);
    Files.createSymbolicLink(demo, elsewhere);
    r = request("GET", "/en/demo/shot.png");
    assertEquals(404, r.status());
    assertFalse(r.body().contains("secret"));
  }

  @Test
  void contentTypesAndTheReloadScriptOnlyInHtml() throws IOException {
    start();
    Response page = request("GET", "/en/demo/");
    assertEquals(200, page.status());
    assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
    assertTrue(page.body().contains("<script src=\"/__errorkb/reload.js?v=7&amp;k=en%2Fdemo%2Findex.html\" defer></script>\n</body>"), page.body());
    assertEquals("no-store", page.header("Cache-Control"));

    Map<String, String> types = Map.of(
        "/en/feed.xml", "application/atom+xml; charset=utf-8",
        "/assets/style.css", "text/css; charset=utf-8",
        "/assets/site.js", "text/javascript; charset=utf-8",
        "/errors.json", "application/json",
        "/en/demo/shot.png", "image/png",
        "/__errorkb/reload.js", "text/javascript; charset=utf-8");
    for (Map.Entry<String, String> t : types.entrySet()) {
      Response r = request("GET", t.getKey());
      assertEquals(200, r.status(), t.getKey());
      assertEquals(t.getValue(), r.header("Content-Type"), t.getKey());
      assertEquals("nosniff", r.header("X-Content-Type-Options"));
      assertFalse(r.body().contains("reload.js?v="), t.getKey());
    }
    assertEquals("PNG", request("GET", "/en/demo/shot.png").body());
    assertEquals(301, request("GET", "/en/demo").status());
    assertEquals("/en/demo/", request("GET", "/en/demo").header("Location"));
    Response missing = request("GET", "/en/nope/");
    assertEquals(404, missing.status());
    assertTrue(missing.body().contains("missing") && missing.body().contains("reload.js"), missing.body());
    // Styles and scripts are revalidated (304 when unchanged); pages are never cached.
    Response css = request("GET", "/assets/style.css");
    assertEquals("no-cache", css.header("Cache-Control"));
    String etag = css.header("ETag");
    assertTrue(etag != null && etag.startsWith("\""), css.headers());
    assertEquals(304, request("GET", "/assets/style.css", "If-None-Match: " + etag + "\r\n").status());
    assertEquals(200, request("GET", "/assets/style.css", "If-None-Match: \"other\"\r\n").status());
    assertEquals(null, page.header("ETag"));
    Response head = request("HEAD", "/en/demo/");
    assertEquals(200, head.status());
    assertEquals("", head.body());
    assertEquals(405, request("POST", "/en/demo/").status());
  }

  @Test
  void onLoopbackOnlyLoopbackHostNamesAreAnswered() throws IOException {
    start();
    assertEquals(403, request("GET", "/en/demo/", "Host: evil.example\r\n").status());
    assertEquals(403, request("GET", "/en/demo/", "Host: 127.0.0.1.evil.example:80\r\n").status());
    // A second Host header is refused whatever the first says (issue 12).
    assertEquals(400, request("GET", "/en/demo/", "Host: 127.0.0.1\r\nHost: evil.example\r\n").status());
    assertEquals(400, request("GET", "/en/demo/", "Host: evil.example\r\nHost: 127.0.0.1\r\n").status());
    for (String host : new String[] {"localhost:8000", "127.0.0.1", "[::1]:8000", "docs.localhost"}) {
      assertEquals(true, DevServer.loopbackHost(host), host);
    }
    assertEquals(false, DevServer.loopbackHost("[::2]"));
    assertEquals(false, DevServer.loopbackHost(null));
  }

  @Test
  void eventsReportEachBuildAndFailuresKeepTheLastGoodSite() throws Exception {
    start();
    server.fail(List.of("tools/demo/en.md:3:1: error: broken [unfinished]"));
    Response state = request("GET", "/__errorkb/state");
    assertEquals("{\"version\":7,\"ok\":false,\"reload\":false,\"problems\":[\"tools/demo/en.md:3:1: error: broken [unfinished]\"]}", state.body());
    assertTrue(request("GET", "/en/demo/").body().contains("<p>entry</p>"));
  }

  @Test
  void pagesAreToldToReloadOnlyWhenTheirOwnFileChanged() throws Exception {
    start();
    try (Socket sock = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
      sock.setSoTimeout(10_000);
      sock.getOutputStream().write(("GET /__errorkb/events?v=7&k=en%2Fdemo%2Findex.html HTTP/1.1\r\nHost: localhost\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(sock.getInputStream(), StandardCharsets.UTF_8));
      assertTrue(nextEvent(in).contains("\"version\":7,\"ok\":true,\"reload\":false"));
      Map<String, byte[]> files = new java.util.HashMap<>(server.site().files());
      files.put("en/feed.xml", "<feed>new</feed>".getBytes(StandardCharsets.UTF_8));
      server.publish(new SiteSnapshot(8, files, server.site().copies(), dir.resolve("content")));
      assertTrue(nextEvent(in).contains("\"version\":8,\"ok\":true,\"reload\":false"), "another file changed");
      server.fail(List.of("x"));
      assertTrue(nextEvent(in).contains("\"version\":8,\"ok\":false,\"reload\":false"));
      files.put("en/demo/index.html", "<p>changed</p>".getBytes(StandardCharsets.UTF_8));
      server.publish(new SiteSnapshot(9, files, server.site().copies(), dir.resolve("content")));
      assertTrue(nextEvent(in).contains("\"version\":9,\"ok\":true,\"reload\":true"), "this page changed");
    }
  }

  /** The data line of the next Server-Sent Event (headers, chunk sizes and pings skipped). */
  private static String nextEvent(java.io.BufferedReader in) throws IOException {
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.startsWith("data: ")) {
        return line;
      }
    }
    throw new IOException("stream ended");
  }

  @Test
  void everyResponseIsOneWholeVersionWhileBuildsSwapTheSite() throws Exception {
    start();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<Integer>> readers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      readers.add(pool.submit(() -> {
        int n = 0;
        while (running.get()) {
          Response r = request("GET", "/en/demo/");
          assertEquals(200, r.status());
          Matcher m = Pattern.compile("<p>version (\\d+) ([a-z]+)</p>.*reload\\.js\\?v=(\\d+)", Pattern.DOTALL).matcher(r.body());
          if (m.find()) {
            // The page text and the version in its reload script come from the same snapshot.
            assertEquals(m.group(1), m.group(3), r.body());
            assertEquals(Long.parseLong(m.group(1)) % 2 == 0 ? "even" : "odd", m.group(2));
          }
          n++;
        }
        return n;
      }));
    }
    for (long v = 8; v < 300; v++) {
      String page = String.format(Locale.ROOT, "<html><body><p>version %d %s</p>%s</body></html>", v, v % 2 == 0 ? "even" : "odd",
          "x".repeat((int) (v % 7) * 1000));
      server.publish(new SiteSnapshot(v, Map.of("en/demo/index.html", page.getBytes(StandardCharsets.UTF_8)), Map.of(), dir));
      Thread.sleep(1);
    }
    running.set(false);
    int total = 0;
    for (Future<Integer> f : readers) {
      total += f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertTrue(total > 0);
    assertEquals(Optional.of(299L), Optional.of(server.site().version()));
  }
}
