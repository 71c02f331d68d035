package dev.errorkb.serve;

import dev.errorkb.build.Build;
import dev.errorkb.build.BuildOptions;
import dev.errorkb.build.Pipeline;
import dev.errorkb.check.Translations;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Problem;
import dev.errorkb.model.Problems;
import dev.errorkb.model.SourcePos;
import dev.errorkb.render.SiteRenderer;
import dev.errorkb.util.RelPath;
import java.io.Closeable;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code errorkb serve} as an object: builds the site into memory, serves it with {@link DevServer},
 * watches the content and templates folders with {@link Watcher} and rebuilds after each batch of
 * changes. A build with errors is reported and shown in the browser; the last good site stays served.
 *
 * <p>An edit inside one entry folder takes a fast path: that entry alone is loaded and its pages
 * re-rendered and served at once, then a full build runs in the background and brings lists, tag
 * pages, feeds, search data and errors.json up to date (pages reload only if their bytes changed).
 * Anything else (templates, site.yaml, entries added, removed or renamed) is a full build.
 */
public final class LiveSite implements Closeable {
  /** Told about each build, so the command can print to the terminal. */
  public interface Listener {
    /** A build succeeded and is now served; {@code problems} holds its warnings. */
    void built(long version, int files, long millis, List<Problem> problems);

    /** A build failed; the previous version stays served. */
    void failed(long millis, List<Problem> problems);

    /** A folder could not be watched: saves there will not be noticed. */
    default void warning(String message) {}

    /** The fast path served the changed entries' pages; a full build follows. */
    default void patched(long version, Set<String> ids, long millis, List<Problem> problems) {
      built(version, 0, millis, problems);
    }
  }

  /** Quiet period after the last file event before rebuilding. */
  public static final Duration DEBOUNCE = Duration.ofMillis(30);

  /** More changed entry folders than this in one batch go straight to a full build. */
  static final int FAST_PATH_MAX_ENTRIES = 4;

  private final Build build;
  private final BuildOptions options;
  private final Path content;
  private final Listener listener;
  private final DevServer server;
  private final Watcher watcher;
  private final ExecutorService background;
  private long version;
  private long generation;
  /** The model and pipeline of what is served; null until the first good build. */
  private KnowledgeBase kb;
  private Pipeline pipeline;

  /** Builds once, then starts serving at {@code address} and watching. */
  public LiveSite(BuildOptions options, InetSocketAddress address, Listener listener) {
    this.options = options;
    this.content = options.content().toAbsolutePath().normalize();
    this.build = new Build(options);
    this.listener = listener;
    this.server = new DevServer(address, new SiteSnapshot(0, Map.of(), Map.of(), options.content()));
    this.background = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "errorkb-full-build");
      t.setDaemon(true);
      return t;
    });
    full(generation);
    warmUp();
    this.watcher = new Watcher(options.content().getFileSystem(), List.of(options.content(), options.templates()),
        DEBOUNCE, this::changed, e -> listener.warning("cannot watch " + e.getMessage()
            + ": saves there will not be noticed (on Linux, raise fs.inotify.max_user_watches)"));
  }

  /**
   * Runs the fast path's code once on the first entry without serving the result, so the first
   * save after start is not slowed by class loading and a cold JIT.
   */
  private void warmUp() {
    background.submit(() -> {
      synchronized (this) {
        if (kb == null || kb.entries().isEmpty()) {
          return;
        }
        Entry e = kb.entries().get(0);
        try {
          Path dir = RelPath.resolve(content, e.dir());
          pipeline.loadEntries(Set.of(dir));
          pipeline.renderer().renderEntries(kb, pipeline.translations(new KnowledgeBase(kb.site(), List.of(e)), new Problems()),
              Set.of(e.id()));
        } catch (RuntimeException ex) {
          // Only a warm-up: the real save reports its own problems.
        }
      }
    });
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
    try {
      changedOrThrow(paths);
    } catch (RuntimeException | Error e) {
      // The watcher thread must survive anything a save provokes, and the failure must be seen.
      synchronized (this) {
        fail(System.nanoTime(), List.of(internal(e)));
      }
    }
  }

  private void changedOrThrow(Set<Path> paths) {
    if (paths.stream().allMatch(LiveSite::ignorable)) {
      return;
    }
    long gen;
    Fast fast = Fast.NOT_APPLICABLE;
    synchronized (this) {
      gen = ++generation;
      Optional<Set<Path>> entries = entryFolders(paths);
      if (entries.isPresent() && kb != null) {
        fast = fast(entries.get());
      }
    }
    if (fast == Fast.FAILED) {
      return; // the problems are shown; the full build would only repeat them
    }
    // The full build runs off the watcher thread, so the next save takes the fast path while it
    // runs; a newer change makes its result obsolete.
    background.submit(() -> full(gen));
  }

  /** What the fast path did. */
  private enum Fast { NOT_APPLICABLE, SERVED, FAILED }

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

  /** The entry folders the changed paths are in, or empty if any change is outside an entry folder. */
  private Optional<Set<Path>> entryFolders(Set<Path> paths) {
    Set<Path> dirs = new TreeSet<>();
    for (Path raw : paths) {
      if (ignorable(raw)) {
        continue;
      }
      Path p = raw.toAbsolutePath().normalize();
      if (!p.startsWith(content) || p.equals(content)) {
        return Optional.empty();
      }
      Path dir = null;
      for (Path d = Files.isDirectory(p) ? p : p.getParent(); d != null && d.startsWith(content) && !d.equals(content); d = d.getParent()) {
        if (Files.isRegularFile(d.resolve("entry.yaml"))) {
          dir = d;
          break;
        }
      }
      // A new or deleted entry folder, or a file beside site.yaml: the whole KB may change.
      if (dir == null || Files.isDirectory(p) && p.equals(dir)) {
        return Optional.empty();
      }
      dirs.add(dir);
    }
    return dirs.isEmpty() || dirs.size() > FAST_PATH_MAX_ENTRIES ? Optional.empty() : Optional.of(dirs);
  }

  /**
   * Loads and renders only the entries in {@code dirs} and serves them. Returns false when the
   * change needs a full build (an id, language or asset set changed, or the entry is new).
   */
  private Fast fast(Set<Path> dirs) {
    long start = System.nanoTime();
    ContentLoader.Loaded loaded;
    try {
      loaded = pipeline.loadEntries(dirs);
      trace("load", start);
    } catch (UncheckedIOException e) {
      return Fast.NOT_APPLICABLE; // a file vanished mid-save: the full build reports what is there
    }
    if (!loaded.kb().site().equals(kb.site())) {
      return Fast.NOT_APPLICABLE;
    }
    Map<String, Entry> oldByDir = new HashMap<>();
    kb.entries().forEach(e -> oldByDir.put(e.dir(), e));
    List<Entry> changed = new ArrayList<>();
    for (Path d : dirs) {
      String rel = rel(d);
      Entry old = oldByDir.get(rel);
      Optional<Entry> now = loaded.kb().entries().stream().filter(e -> e.dir().equals(rel)).findFirst();
      if (old == null) {
        return Fast.NOT_APPLICABLE;
      }
      if (now.isEmpty()) {
        continue; // its errors are in loaded.problems()
      }
      Entry n = now.get();
      if (!n.id().equals(old.id()) || !n.docs().keySet().equals(old.docs().keySet()) || !n.assets().equals(old.assets())) {
        return Fast.NOT_APPLICABLE;
      }
      changed.add(n);
    }
    Problems problems = new Problems();
    problems.addAll(loaded.problems());
    if (loaded.hasErrors() || changed.size() < dirs.size()) {
      fail(start, problems);
      return Fast.FAILED;
    }
    Map<String, Entry> byId = new HashMap<>();
    changed.forEach(e -> byId.put(e.id(), e));
    KnowledgeBase merged = new KnowledgeBase(kb.site(),
        kb.entries().stream().map(e -> byId.getOrDefault(e.id(), e)).toList());
    Translations translations = pipeline.translations(new KnowledgeBase(kb.site(), changed), problems);
    trace("merge+translations", start);
    SiteRenderer.Result r = pipeline.renderer().renderEntries(merged, translations, byId.keySet());
    trace("render", start);
    problems.addAll(r.problems());
    if (problems.hasErrors()) {
      fail(start, problems);
      return Fast.FAILED;
    }
    SiteSnapshot cur = server.site();
    Map<String, byte[]> files = new HashMap<>(cur.files());
    files.putAll(r.files());
    Map<String, String> copies = new HashMap<>(cur.copies());
    copies.putAll(r.copies());
    Set<String> keys = new HashSet<>(r.files().keySet());
    keys.addAll(r.copies().keySet());
    version++;
    kb = merged;
    server.publish(new SiteSnapshot(version, files, copies, options.content()), Optional.of(keys));
    trace("publish", start);
    listener.patched(version, byId.keySet(), (System.nanoTime() - start) / 1_000_000, problems.sorted());
    return Fast.SERVED;
  }

  /** With -Derrorkb.serve.trace=true, prints how long the fast path took up to each step (for performance work). */
  private static final boolean TRACE = Boolean.getBoolean("errorkb.serve.trace");

  private static void trace(String step, long start) {
    if (TRACE) {
      System.err.printf(java.util.Locale.ROOT, "errorkb serve trace: %s done at %.1f ms%n", step, (System.nanoTime() - start) / 1e6);
    }
  }

  private String rel(Path dir) {
    return content.relativize(dir).toString().replace('\\', '/');
  }

  private void fail(long start, Problems problems) {
    fail(start, problems.sorted());
  }

  private void fail(long start, List<Problem> problems) {
    List<Problem> p = Problems.sorted(problems);
    server.fail(p.stream().filter(Problem::isError).map(Problem::toString).toList());
    listener.failed((System.nanoTime() - start) / 1_000_000, p);
  }

  /** Rebuilds everything now and serves the result if it has no error. */
  public boolean rebuild() {
    long gen;
    synchronized (this) {
      gen = ++generation;
    }
    return full(gen);
  }

  /**
   * A full build; serves the result if it has no error and no newer change came in meanwhile. The
   * build itself runs without the lock, so the fast path stays available during it.
   */
  private boolean full(long gen) {
    synchronized (this) {
      if (gen != generation) {
        return false;
      }
    }
    long start = System.nanoTime();
    Build.Rendered r;
    try {
      r = build.render();
    } catch (RuntimeException e) {
      // An I/O failure mid-edit (a file vanished between listing and reading) is retried on the next change.
      String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
      synchronized (this) {
        if (gen == generation) {
          fail(start, List.of(Problem.error(SourcePos.absolute(options.content().toAbsolutePath().toString()), "io", msg)));
        }
      }
      return false;
    } catch (Error e) {
      // Runs on the background thread: unreported, the failure would vanish and the terminal and
      // browser would go on saying the last build is current (issue 12, item 17).
      synchronized (this) {
        if (gen == generation) {
          fail(start, List.of(internal(e)));
        }
      }
      return false;
    }
    synchronized (this) {
      return publishFull(gen, r, start);
    }
  }

  /** An unexpected failure as a problem the terminal and the browser show; the served site stays. */
  private Problem internal(Throwable e) {
    String what = e instanceof OutOfMemoryError ? "out of memory (raise -Xmx in ERRORKB_JAVA_OPTS)" : e.toString();
    return Problem.error(SourcePos.file(options.content().toString()), "internal",
        "the rebuild failed: " + what + "; the last good version is still served");
  }

  private boolean publishFull(long gen, Build.Rendered r, long start) {
    if (gen != generation) {
      return false;
    }
    if (r.problems().stream().anyMatch(Problem::isError)) {
      fail(start, r.problems());
      return false;
    }
    version++;
    kb = r.kb();
    pipeline = r.pipeline();
    server.publish(new SiteSnapshot(version, r.files(), r.copies(), options.content()));
    listener.built(version, r.files().size() + r.copies().size(), (System.nanoTime() - start) / 1_000_000, r.problems());
    return true;
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
    background.shutdownNow();
    server.close();
  }
}
