package dev.errorkb.serve;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Watches folder trees and reports changed paths in batches: a batch is delivered once no new
 * event arrived for the quiet period, so an editor's save (write temp, rename, touch) is one batch.
 * Folders created later are registered as they appear. Runs on its own daemon thread.
 */
public final class Watcher implements Closeable {
  private final WatchService service;
  private final Map<WatchKey, Path> keys = new HashMap<>();
  private final List<Path> roots;
  private final Duration quiet;
  private final Consumer<Set<Path>> onBatch;
  private final Consumer<IOException> onError;
  private final Thread thread;
  private volatile boolean closed;

  /** Starts watching {@code roots} (folders that exist) and calls {@code onBatch} with changed paths. */
  public Watcher(FileSystem fs, List<Path> roots, Duration quiet, Consumer<Set<Path>> onBatch) {
    this(fs, roots, quiet, onBatch, e -> { });
  }

  /**
   * As above; {@code onError} hears about folders that could not be watched (for example when
   * the inotify watch limit is reached), so changes there are not silently missed.
   */
  public Watcher(FileSystem fs, List<Path> roots, Duration quiet, Consumer<Set<Path>> onBatch, Consumer<IOException> onError) {
    try {
      this.service = fs.newWatchService();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.roots = List.copyOf(roots);
    this.quiet = quiet;
    this.onBatch = onBatch;
    this.onError = onError;
    for (Path r : roots) {
      if (Files.isDirectory(r)) {
        registerTree(r);
      }
    }
    thread = new Thread(this::loop, "errorkb-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void registerTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path d : s.filter(Files::isDirectory).toList()) {
        try {
          register(d);
        } catch (IOException e) {
          if (Files.isDirectory(d)) {
            onError.accept(e);
            return;
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // A folder deleted while we walk it will be reported by its parent's events.
    }
  }

  private void register(Path dir) throws IOException {
    WatchKey k = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
    synchronized (keys) {
      keys.put(k, dir);
    }
  }

  private void loop() {
    Set<Path> batch = new LinkedHashSet<>();
    try {
      while (!closed) {
        WatchKey k = batch.isEmpty() ? service.take() : service.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        if (k == null) {
          Set<Path> done = Set.copyOf(batch);
          batch.clear();
          try {
            onBatch.accept(done);
          } catch (RuntimeException | Error e) {
            // The listener reports its own failures; the watcher must keep running.
          }
          continue;
        }
        Path dir;
        synchronized (keys) {
          dir = keys.get(k);
        }
        for (WatchEvent<?> ev : k.pollEvents()) {
          if (ev.kind() == StandardWatchEventKinds.OVERFLOW || dir == null) {
            // Events were lost: report the roots so the listener rebuilds everything.
            batch.addAll(dir == null ? roots : List.of(dir));
            continue;
          }
          Path child = dir.resolve((Path) ev.context());
          batch.add(child);
          if (ev.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child)) {
            registerTree(child);
          }
        }
        if (!k.reset()) {
          synchronized (keys) {
            keys.remove(k);
          }
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      service.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    thread.interrupt();
  }
}
