package dev.errorkb.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.errorkb.util.RelPath;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The development HTTP server. It answers from the current {@link SiteSnapshot} in memory, adds a
 * live-reload script to HTML pages (never to the published site), and tells open pages about each
 * build over Server-Sent Events at {@code /__errorkb/events}: a new version makes them reload, a
 * failed build makes them show the problems in an overlay while the last good site stays served.
 */
public final class DevServer implements Closeable {
  /** Paths below this prefix belong to the server, not the site. */
  public static final String PREFIX = "/__errorkb/";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PING_MS = 15_000;

  /** What the last build said: the version served, whether the last build succeeded, its problems. */
  record State(long seq, long version, boolean ok, List<String> problems) {}

  private final HttpServer http;
  private final ExecutorService pool;
  private final Object lock = new Object();
  private volatile SiteSnapshot site;
  private volatile State state;
  private volatile boolean closed;
  /** Bound to loopback: then only requests naming a loopback host are answered (DNS rebinding). */
  private final boolean loopbackOnly;
  /** The version in which each site key last changed (added, edited or removed). */
  private final Map<String, Long> lastChanged = new ConcurrentHashMap<>();

  /** Binds {@code address} (port 0 picks a free one) and starts serving {@code initial}. */
  public DevServer(InetSocketAddress address, SiteSnapshot initial) {
    this.loopbackOnly = address.getAddress() != null && address.getAddress().isLoopbackAddress();
    this.site = initial;
    this.state = new State(0, initial.version(), true, List.of());
    try {
      http = HttpServer.create(address, 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AtomicInteger n = new AtomicInteger();
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "errorkb-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(pool);
    http.createContext("/", this::handle);
    http.start();
  }

  /** The address actually bound. */
  public InetSocketAddress address() {
    return http.getAddress();
  }

  /** Serves {@code next} from now on; open pages whose bytes changed reload. */
  public void publish(SiteSnapshot next) {
    publish(next, Optional.empty());
  }

  /**
   * Serves {@code next} from now on. Open pages reload only if their own file changed: the keys in
   * {@code changed}, or, when it is empty, every key whose bytes differ from the current site.
   * Must not be called concurrently (one builder publishes).
   */
  public void publish(SiteSnapshot next, Optional<Set<String>> changed) {
    SiteSnapshot prev = site;
    Set<String> keys = changed.orElseGet(() -> diff(prev, next));
    for (String k : keys) {
      lastChanged.put(k, next.version());
    }
    synchronized (lock) {
      site = next;
      state = new State(state.seq() + 1, next.version(), true, List.of());
      lock.notifyAll();
    }
  }

  /** Keys added, removed or changed between two snapshots. */
  static Set<String> diff(SiteSnapshot a, SiteSnapshot b) {
    Set<String> out = new HashSet<>();
    for (Map.Entry<String, byte[]> e : b.files().entrySet()) {
      byte[] old = a.files().get(e.getKey());
      if (old == null || !Arrays.equals(old, e.getValue())) {
        out.add(e.getKey());
      }
    }
    for (Map.Entry<String, String> e : b.copies().entrySet()) {
      if (!e.getValue().equals(a.copies().get(e.getKey()))) {
        out.add(e.getKey());
      }
    }
    for (String k : a.files().keySet()) {
      if (!b.has(k)) {
        out.add(k);
      }
    }
    for (String k : a.copies().keySet()) {
      if (!b.has(k)) {
        out.add(k);
      }
    }
    return out;
  }

  /** Keeps serving the current site and shows {@code problems} over open pages. */
  public void fail(List<String> problems) {
    synchronized (lock) {
      state = new State(state.seq() + 1, site.version(), false, List.copyOf(problems));
      lock.notifyAll();
    }
  }

  /** The snapshot being served. */
  public SiteSnapshot site() {
    return site;
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    http.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      java.util.List<String> hosts = ex.getRequestHeaders().get("Host");
      if (hosts != null && hosts.size() > 1) {
        // Two Host headers: a proxy and this server could each read another one (RFC 9112 §3.2).
        send(ex, 400, "text/plain; charset=utf-8", "bad request: more than one Host header\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (loopbackOnly && !loopbackHost(ex.getRequestHeaders().getFirst("Host"))) {
        // A page on another site could point its own host name at 127.0.0.1 and read this server.
        send(ex, 403, "text/plain; charset=utf-8", "forbidden: use http://localhost or http://127.0.0.1\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String raw = ex.getRequestURI().getRawPath();
      if (raw != null && raw.startsWith(PREFIX)) {
        switch (raw.substring(PREFIX.length())) {
          case "reload.js" -> send(ex, 200, "text/javascript; charset=utf-8", ReloadScript.JS.getBytes(StandardCharsets.UTF_8));
          case "events" -> events(ex);
          case "state" -> send(ex, 200, "application/json", json(state, false));
          default -> notFound(ex, site);
        }
        return;
      }
      SiteSnapshot s = site; // one snapshot per request, whatever a rebuild does meanwhile
      Optional<String> key = RequestPath.toKey(raw);
      if (key.isEmpty()) {
        notFound(ex, s);
        return;
      }
      String k = key.get();
      Optional<byte[]> body = read(s, k);
      if (body.isEmpty()) {
        if (!k.endsWith("index.html") && s.has(k + "/index.html")) {
          ex.getResponseHeaders().set("Location", raw + "/");
          send(ex, 301, "text/plain; charset=utf-8", new byte[0]);
        } else {
          notFound(ex, s);
        }
        return;
      }
      String type = ContentTypes.of(k);
      if (type.startsWith("text/html")) {
        send(ex, 200, type, inject(body.get(), s.version(), k));
        return;
      }
      // Other files may be cached but are revalidated on every use: a reload after a save then
      // costs a 304 for the unchanged styles and scripts instead of fetching and parsing them again.
      String etag = "\"" + Integer.toHexString(Arrays.hashCode(body.get())) + "-" + body.get().length + "\"";
      ex.getResponseHeaders().set("ETag", etag);
      if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(304, -1);
        return;
      }
      send(ex, 200, type, body.get(), "no-cache");
    }
  }

  /** True for a Host header naming this machine: localhost, *.localhost, 127.x.y.z or [::1], any port. */
  static boolean loopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.strip().toLowerCase(java.util.Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 && h.substring(1, end).equals("::1");
    }
    int colon = h.indexOf(':');
    if (colon >= 0) {
      h = h.substring(0, colon);
    }
    return h.equals("localhost") || h.endsWith(".localhost") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static Optional<byte[]> read(SiteSnapshot s, String key) throws IOException {
    byte[] b = s.files().get(key);
    if (b != null) {
      return Optional.of(b);
    }
    String src = s.copies().get(key);
    if (src == null) {
      return Optional.empty();
    }
    Optional<Path> inside = RelPath.inside(s.contentRoot(), src);
    if (inside.isEmpty()) {
      return Optional.empty();
    }
    Path p = inside.get();
    // Never follow a link made after the build (issue 12: an asset replaced by a link to
    // /etc/passwd was served): every folder on the way and the file itself must be real.
    for (Path q = p; q != null && !q.equals(s.contentRoot()); q = q.getParent()) {
      if (Files.isSymbolicLink(q)) {
        return Optional.empty();
      }
    }
    // The asset may have been deleted since the build; the next build will drop it.
    if (!Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try (java.io.InputStream in = Files.newInputStream(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(in.readAllBytes());
    } catch (java.nio.file.FileSystemException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  private void notFound(HttpExchange ex, SiteSnapshot s) throws IOException {
    byte[] page = s.files().get("404.html");
    if (page == null) {
      page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>errorkb serve</title></head><body>"
          + "<p>Not found. (The site has not been built successfully yet: see the terminal.)</p></body></html>")
          .getBytes(StandardCharsets.UTF_8);
    }
    String key = RequestPath.toKey(ex.getRequestURI().getRawPath()).orElse("");
    send(ex, 404, "text/html; charset=utf-8", inject(page, s.version(), key));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    send(ex, status, type, body, "no-store");
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body, String cacheControl) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", cacheControl);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    }
  }

  /** Adds the live-reload script, told the page's version and key, just before {@code </body>} (or at the end). */
  static byte[] inject(byte[] html, long version, String key) {
    String s = new String(html, StandardCharsets.UTF_8);
    String tag = "<script src=\"" + PREFIX + "reload.js?v=" + version + "&amp;k="
        + URLEncoder.encode(key, StandardCharsets.UTF_8) + "\" defer></script>\n";
    int i = s.toLowerCase(java.util.Locale.ROOT).lastIndexOf("</body>");
    String out = i < 0 ? s + tag : s.substring(0, i) + tag + s.substring(i);
    return out.getBytes(StandardCharsets.UTF_8);
  }

  private void events(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(200, 0);
    OutputStream os = ex.getResponseBody();
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    long pageVersion;
    try {
      pageVersion = Long.parseLong(q.getOrDefault("v", "-1"));
    } catch (NumberFormatException e) {
      pageVersion = -1;
    }
    String pageKey = q.getOrDefault("k", "");
    long seen = -1;
    try {
      while (true) {
        State s;
        synchronized (lock) {
          long deadline = System.currentTimeMillis() + PING_MS;
          while (!closed && state.seq() == seen) {
            long wait = deadline - System.currentTimeMillis();
            if (wait <= 0) {
              break;
            }
            lock.wait(wait);
          }
          if (closed) {
            return;
          }
          s = state;
        }
        if (s.seq() != seen) {
          boolean reload = pageVersion < 0 || lastChanged.getOrDefault(pageKey, 0L) > pageVersion;
          os.write(("data: " + new String(json(s, reload), StandardCharsets.UTF_8) + "\n\n").getBytes(StandardCharsets.UTF_8));
          seen = s.seq();
        } else {
          os.write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
        }
        os.flush();
      }
    } catch (IOException | InterruptedException e) {
      // The page went away (or the server stops): nothing to tell anyone.
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        try {
          out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          // a malformed parameter is ignored
        }
      }
    }
    return out;
  }

  private static byte[] json(State s, boolean reload) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", s.version());
    m.put("ok", s.ok());
    m.put("reload", reload);
    m.put("problems", s.problems());
    try {
      return JSON.writeValueAsBytes(m);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
