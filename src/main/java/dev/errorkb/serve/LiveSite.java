package dev.errorkb.serve;

import dev.errorkb.Build;
import dev.errorkb.model.Problem;
import java.io.Closeable;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code errorkb serve} as an object: builds the site into memory, serves it with {@link DevServer},
 * watches the content and templates folders with {@link Watcher} and rebuilds after each batch of
 * changes. A build with errors is reported and shown in the browser; the last good site stays served.
 */
public final class LiveSite implements Closeable {
  /** Told about each build, so the command can print to the terminal. */
  public interface Listener {
    /** A build succeeded and is now served; {@code problems} holds its warnings. */
    void built(long version, int files, long millis, List<Problem> problems);

    /** A build failed; the previous version stays served. */
    void failed(long millis, List<Problem> problems);
  }

  /** Quiet period after the last file event before rebuilding. */
  public static final Duration DEBOUNCE = Duration.ofMillis(30);

  private final Build build;
  private final Build.Options options;
  private final Listener listener;
  private final DevServer server;
  private final Watcher watcher;
  private long version;

  /** Builds once, then starts serving at {@code address} and watching. */
  public LiveSite(Build.Options options, InetSocketAddress address, Listener listener) {
    this.options = options;
    this.build = new Build(options);
    this.listener = listener;
    this.server = new DevServer(address, new SiteSnapshot(0, Map.of(), Map.of(), options.content()));
    rebuild();
    this.watcher = new Watcher(options.content().getFileSystem(), List.of(options.content(), options.templates()),
        DEBOUNCE, this::changed);
  }

  /** The address being served. */
  public InetSocketAddress address() {
    return server.address();
  }

  /** The version currently served (0 before the first good build). */
  public long version() {
    return server.site().version();
  }

  private void changed(Set<Path> paths) {
    if (paths.stream().allMatch(LiveSite::ignorable)) {
      return;
    }
    rebuild();
  }

  /** Editor droppings (swap and backup files) change nothing in the site. */
  static boolean ignorable(Path p) {
    Path name = p.getFileName();
    if (name == null) {
      return false;
    }
    String n = name.toString();
    return n.startsWith(".") || n.endsWith("~") || n.endsWith(".swp") || n.endsWith(".swx") || n.equals("4913")
        || n.startsWith("#");
  }

  /** Rebuilds everything now and serves the result if it has no error. */
  public synchronized boolean rebuild() {
    long start = System.nanoTime();
    Build.Rendered r;
    try {
      r = build.render();
    } catch (RuntimeException e) {
      // An I/O failure mid-edit (a file vanished between listing and reading) is retried on the next change.
      String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
      long ms = (System.nanoTime() - start) / 1_000_000;
      Problem p = Problem.error(dev.errorkb.model.SourcePos.file(options.content().toString()), "io", msg);
      server.fail(List.of(p.toString()));
      listener.failed(ms, List.of(p));
      return false;
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (r.problems().stream().anyMatch(Problem::isError)) {
      server.fail(r.problems().stream().filter(Problem::isError).map(Problem::toString).toList());
      listener.failed(ms, r.problems());
      return false;
    }
    version++;
    server.publish(new SiteSnapshot(version, r.files(), r.copies(), options.content()));
    listener.built(version, r.files().size() + r.copies().size(), ms, r.problems());
    return true;
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
    server.close();
  }
}
