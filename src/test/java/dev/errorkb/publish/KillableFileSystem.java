package dev.errorkb.publish;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A file system (over another, Jimfs in the tests) that dies like a SIGKILLed process: after
 * {@link #killAfter(long) n} changes every further call throws {@link Killed}, so whatever the
 * publisher was about to do never happens and no clean-up runs. A change is each creation,
 * deletion, rename, link, attribute write, opening a file for writing (which truncates it) and
 * each write to it, so a kill also lands between truncating a file and writing it. Directories can
 * be listed in reverse name order, because a real file system lists them in hash order: a deletion
 * must not be safe only because Jimfs happens to visit {@code .errorkb-manifest} first.
 */
final class KillableFileSystem extends FileSystem {
  /** What the dead process "throws": an Error, so no catch block of the publisher runs. */
  static final class Killed extends Error {
    private static final long serialVersionUID = 1L;

    Killed() {
      super("killed", null, false, false);
    }
  }

  private final FileSystem delegate;
  private final Provider provider = new Provider();
  private long budget = Long.MAX_VALUE;
  private long changes;
  private boolean dead;
  private boolean reverseListing;

  KillableFileSystem(FileSystem delegate) {
    this.delegate = delegate;
  }

  /** Dies at the change after the next {@code n} (0: before the first). */
  synchronized void killAfter(long n) {
    budget = n;
    dead = false;
  }

  /** Alive again with no limit, as a new process on the files the dead one left. */
  synchronized void revive() {
    budget = Long.MAX_VALUE;
    dead = false;
  }

  synchronized boolean dead() {
    return dead;
  }

  /** Changes made since the last call, so a test learns how many kill points a publish has. */
  synchronized long takeChanges() {
    long c = changes;
    changes = 0;
    return c;
  }

  void reverseListing(boolean on) {
    reverseListing = on;
  }

  private synchronized void change() {
    alive();
    if (budget == 0) {
      dead = true;
      throw new Killed();
    }
    budget--;
    changes++;
  }

  private synchronized void alive() {
    if (dead) {
      throw new Killed();
    }
  }

  private Path wrap(Path p) {
    return p == null ? null : new KPath(this, p);
  }

  private static Path unwrap(Path p) {
    if (!(p instanceof KPath k)) {
      throw new java.nio.file.ProviderMismatchException(String.valueOf(p));
    }
    return k.d;
  }

  @Override
  public FileSystemProvider provider() {
    return provider;
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public String getSeparator() {
    return delegate.getSeparator();
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    List<Path> roots = new ArrayList<>();
    delegate.getRootDirectories().forEach(r -> roots.add(wrap(r)));
    return roots;
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    return delegate.getFileStores();
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return delegate.supportedFileAttributeViews();
  }

  @Override
  public Path getPath(String first, String... more) {
    return wrap(delegate.getPath(first, more));
  }

  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    PathMatcher m = delegate.getPathMatcher(syntaxAndPattern);
    return p -> m.matches(unwrap(p));
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return delegate.getUserPrincipalLookupService();
  }

  @Override
  public WatchService newWatchService() {
    throw new UnsupportedOperationException();
  }

  /** A path of this file system: the delegate's path, wrapped so that calls come back here. */
  private static final class KPath implements Path {
    private final KillableFileSystem fs;
    private final Path d;

    KPath(KillableFileSystem fs, Path d) {
      this.fs = fs;
      this.d = d;
    }

    @Override
    public FileSystem getFileSystem() {
      return fs;
    }

    @Override
    public boolean isAbsolute() {
      return d.isAbsolute();
    }

    @Override
    public Path getRoot() {
      return fs.wrap(d.getRoot());
    }

    @Override
    public Path getFileName() {
      return fs.wrap(d.getFileName());
    }

    @Override
    public Path getParent() {
      return fs.wrap(d.getParent());
    }

    @Override
    public int getNameCount() {
      return d.getNameCount();
    }

    @Override
    public Path getName(int index) {
      return fs.wrap(d.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
      return fs.wrap(d.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
      return other instanceof KPath k && d.startsWith(k.d);
    }

    @Override
    public boolean endsWith(Path other) {
      return other instanceof KPath k && d.endsWith(k.d);
    }

    @Override
    public Path normalize() {
      return fs.wrap(d.normalize());
    }

    @Override
    public Path resolve(Path other) {
      return fs.wrap(d.resolve(unwrap(other)));
    }

    @Override
    public Path relativize(Path other) {
      return fs.wrap(d.relativize(unwrap(other)));
    }

    @Override
    public URI toUri() {
      return d.toUri();
    }

    @Override
    public Path toAbsolutePath() {
      return fs.wrap(d.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
      fs.alive();
      return fs.wrap(d.toRealPath(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int compareTo(Path other) {
      return d.compareTo(unwrap(other));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof KPath k && k.fs == fs && k.d.equals(d);
    }

    @Override
    public int hashCode() {
      return d.hashCode();
    }

    @Override
    public String toString() {
      return d.toString();
    }
  }

  private final class Provider extends FileSystemProvider {
    private FileSystemProvider inner() {
      return delegate.provider();
    }

    @Override
    public String getScheme() {
      return "killable";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Path getPath(URI uri) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
      boolean writing = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
      if (writing) {
        change();
      } else {
        alive();
      }
      SeekableByteChannel ch = inner().newByteChannel(unwrap(path), options, attrs);
      return new SeekableByteChannel() {
        @Override
        public int read(ByteBuffer dst) throws IOException {
          alive();
          return ch.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
          change();
          return ch.write(src);
        }

        @Override
        public long position() throws IOException {
          return ch.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
          ch.position(newPosition);
          return this;
        }

        @Override
        public long size() throws IOException {
          return ch.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
          change();
          ch.truncate(size);
          return this;
        }

        @Override
        public boolean isOpen() {
          return ch.isOpen();
        }

        @Override
        public void close() throws IOException {
          ch.close();
        }
      };
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
      alive();
      List<Path> entries = new ArrayList<>();
      try (DirectoryStream<Path> s = inner().newDirectoryStream(unwrap(dir), p -> true)) {
        for (Path p : s) {
          Path w = wrap(p);
          if (filter.accept(w)) {
            entries.add(w);
          }
        }
      }
      entries.sort(reverseListing ? Comparator.<Path>reverseOrder() : Comparator.<Path>naturalOrder());
      return new DirectoryStream<>() {
        @Override
        public Iterator<Path> iterator() {
          return entries.iterator();
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
      change();
      inner().createDirectory(unwrap(dir), attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
      change();
      inner().delete(unwrap(path));
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
      change();
      inner().copy(unwrap(source), unwrap(target), options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
      change();
      inner().move(unwrap(source), unwrap(target), options);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
      change();
      inner().createLink(unwrap(link), unwrap(existing));
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
      change();
      inner().createSymbolicLink(unwrap(link), target instanceof KPath k ? k.d : target, attrs);
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
      alive();
      return wrap(inner().readSymbolicLink(unwrap(link)));
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
      alive();
      return inner().isSameFile(unwrap(path), unwrap(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
      return inner().isHidden(unwrap(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
      return inner().getFileStore(unwrap(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
      alive();
      inner().checkAccess(unwrap(path), modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
      return inner().getFileAttributeView(unwrap(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options) throws IOException {
      alive();
      return inner().readAttributes(unwrap(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
      alive();
      return inner().readAttributes(unwrap(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
      change();
      inner().setAttribute(unwrap(path), attribute, value, options);
    }
  }
}
