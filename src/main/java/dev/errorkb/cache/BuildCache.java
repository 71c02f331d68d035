package dev.errorkb.cache;

import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import dev.errorkb.util.Sha256;
import dev.errorkb.util.SitePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Remembers the last published build: a fingerprint of everything it was made from (every file
 * under content and templates, the options, and the errorkb code itself), the hash of the site's
 * manifest it produced, and the problems it reported. When the fingerprint is the same and the
 * site still holds exactly what that build published, the build has nothing to do — it reports the
 * same problems and writes nothing. Stored in {@code .<out>.cache/build} beside the output folder,
 * so deleting the site or the cache folder always gives a full build.
 *
 * <p>Why a whole-build fingerprint and not per-page dependencies: home, tag and search pages and
 * errors.json depend on every entry, so any content change re-renders them anyway; the per-file
 * manifest in the publisher already keeps unchanged pages from being rewritten.
 */
public final class BuildCache {
  private static final String HEADER = "errorkb-build-cache 1";

  private final Path file;
  private final Path site;

  /** The last build that published into {@code site}: what it was made from and what it said. */
  public record Entry(String fingerprint, String manifest, int files, List<Problem> problems) {}

  public BuildCache(Path site) {
    this.site = site.toAbsolutePath().normalize();
    this.file = SitePaths.cache(this.site).resolve("build");
  }

  /**
   * A fingerprint of the inputs and the per-file hashes it was made from.
   *
   * @param files one line per input file: size, modification time, change time, file key, SHA-256,
   *     root number and path (line breaks and backslashes escaped)
   */
  /**
   * @param hash the fingerprint proper: relative paths and content hashes, no times or folder
   * @param files one stats record per file, as {@link #store} writes them
   * @param reread files whose recorded stats did not fit (edited, or restored by a CI cache step
   *     or a fresh clone: new inodes and times), so their content was hashed again
   * @param walked what the walk of the first root (the content folder) found, in path order: the
   *     loader takes its files from here instead of walking the folder a second time
   */
  public record Fingerprint(String hash, List<String> files, int reread, List<dev.errorkb.load.WalkedFile> walked) {
    /** A hash of the files below root number {@code root} alone (e.g. the templates). */
    public String rootHash(int root) {
      MessageDigest d = Sha256.digest();
      String r = Integer.toString(root);
      for (String f : files) {
        String[] hp = hashAndPath(f, r);
        if (hp != null) {
          update(d, hp[1] + "\0" + hp[0]);
        }
      }
      return Sha256.hex(d, 64);
    }

    /** Path (relative to the root, '/'-separated) → SHA-256 of every file below root number {@code root}. */
    public Map<String, String> fileHashes(int root) {
      Map<String, String> out = new HashMap<>();
      String r = Integer.toString(root);
      for (String f : files) {
        String[] hp = hashAndPath(f, r);
        if (hp != null) {
          out.put(unescape(hp[1]), hp[0]);
        }
      }
      return out;
    }

    /** The SHA-256 of one file below root number {@code root}, if it was there. */
    public Optional<String> fileHash(int root, String rel) {
      String suffix = "\t" + root + "\t" + escape(rel);
      for (String f : files) {
        if (f.endsWith(suffix)) {
          int hash = nthTab(f, 4);
          return Optional.of(f.substring(hash + 1, f.indexOf('\t', hash + 1)));
        }
      }
      return Optional.empty();
    }
  }

  /** A stats record's SHA-256 and escaped path if it lies below root number {@code root}, else null. */
  private static String[] hashAndPath(String record, String root) {
    int hash = nthTab(record, 4);
    int rootAt = record.indexOf('\t', hash + 1);
    int pathAt = record.indexOf('\t', rootAt + 1);
    if (record.regionMatches(rootAt + 1, root, 0, root.length()) && pathAt == rootAt + 1 + root.length()) {
      return new String[] {record.substring(hash + 1, rootAt), record.substring(pathAt + 1)};
    }
    return null;
  }

  /**
   * The index of the {@code n}th tab (counting from 1) in {@code line}, or -1. Records are read
   * by position, not split: an edit rebuild reads the 30,000 records of a 10,000-entry KB three times.
   */
  private static int nthTab(String line, int n) {
    int at = -1;
    for (int i = 0; i < n && (at = line.indexOf('\t', at + 1)) >= 0; i++) {
      // next tab
    }
    return at;
  }

  /**
   * A fingerprint of the inputs: the relative path and SHA-256 of every file below each root (all
   * files, hidden ones too: a rebuild too many is harmless, a stale site is not), the given
   * settings, and {@link #generatorId()}. Like git's index, a file whose size and modification
   * time are those recorded by the last build is not read again; a file modified less than two
   * seconds before that record was written is always read (its time cannot tell an edit made in
   * the same instant apart).
   */
  public Fingerprint fingerprint(List<Path> roots, List<String> settings) {
    // The last build's stats are read on a thread of their own while the inputs are walked.
    java.util.concurrent.CompletableFuture<Known> last = java.util.concurrent.CompletableFuture.supplyAsync(this::known, task -> {
      Thread t = new Thread(task, "errorkb-fingerprint");
      t.setDaemon(true);
      t.start();
    });
    MessageDigest all = Sha256.digest();
    update(all, HEADER);
    update(all, generatorId());
    for (String s : settings) {
      update(all, "setting " + s);
    }
    List<String> records = new ArrayList<>();
    List<dev.errorkb.load.WalkedFile> walked = new ArrayList<>();
    int reread = 0;
    for (int r = 0; r < roots.size(); r++) {
      Path root = roots.get(r);
      update(all, "root");
      if (!Files.isDirectory(root)) {
        update(all, "missing");
        continue;
      }
      List<Map.Entry<String, BasicFileAttributes>> found = walk(root);
      found.sort(Map.Entry.comparingByKey());
      if (r == 0) {
        found.forEach(f -> walked.add(new dev.errorkb.load.WalkedFile(f.getKey(), f.getValue())));
      }
      Known previous = last.join();
      Map<String, String[]> known = previous.stats();
      long trustBefore = previous.trustBefore();
      int rootNo = r;
      // Size, modification time, change time and file identity (git's rule, issue 12): cp -p,
      // rsync -t and tar restore size and mtime, but not ctime or the inode.
      List<String[]> stats = found.parallelStream().map(f -> stat(root.resolve(f.getKey()), f.getValue())).toList();
      java.util.concurrent.atomic.AtomicInteger hashed = new java.util.concurrent.atomic.AtomicInteger();
      List<String> hashes = java.util.stream.IntStream.range(0, found.size()).parallel().mapToObj(i -> {
        Map.Entry<String, BasicFileAttributes> f = found.get(i);
        String[] st = stats.get(i);
        String[] k = known.get(rootNo + "\t" + escape(f.getKey()));
        if (!f.getValue().isRegularFile()) {
          return hashLink(root.resolve(f.getKey()));
        }
        if (k != null && f.getValue().lastModifiedTime().toMillis() < trustBefore && k[0].equals(st[0]) && k[1].equals(st[1])
            && k[2].equals(st[2]) && k[3].equals(st[3]) && !st[2].equals("-")) {
          return k[4];
        }
        hashed.incrementAndGet();
        return hashFile(root.resolve(f.getKey()), f.getValue().size());
      }).toList();
      reread += hashed.get();
      for (int i = 0; i < found.size(); i++) {
        Map.Entry<String, BasicFileAttributes> f = found.get(i);
        update(all, f.getKey() + "\0" + hashes.get(i));
        String[] st = stats.get(i);
        records.add(st[0] + "\t" + st[1] + "\t" + st[2] + "\t" + st[3] + "\t" + hashes.get(i) + "\t" + rootNo + "\t" + escape(f.getKey()));
      }
    }
    return new Fingerprint(Sha256.hex(all, 64), List.copyOf(records), reread, List.copyOf(walked));
  }

  /** The last build's stats records by root number and escaped path, and the time before which they can be trusted. */
  private record Known(Map<String, String[]> stats, long trustBefore) {}

  private Known known() {
    Map<String, String[]> known = new HashMap<>();
    long recordedAt = Long.MIN_VALUE;
    try {
      recordedAt = Files.getLastModifiedTime(statsFile()).toMillis() - 2000;
      for (String line : Files.readAllLines(statsFile(), StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", 7);
        if (f.length == 7) {
          known.put(f[5] + "\t" + f[6], f);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      known.clear();
    }
    return new Known(known, recordedAt);
  }

  /**
   * Every regular file below {@code root} with its attributes (one stat each), the top-level
   * folders walked on all cores: on a 2-core machine the walk of 40,000 files and folders was
   * most of an unchanged rebuild.
   */
  private static List<Map.Entry<String, BasicFileAttributes>> walk(Path root) {
    List<Path> children;
    try (Stream<Path> s = Files.list(root)) {
      children = s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return children.parallelStream().flatMap(child -> {
      List<Map.Entry<String, BasicFileAttributes>> found = new ArrayList<>();
      try {
        Files.walkFileTree(child, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            // Links count too: the loader refuses them, so adding one must not pass as "nothing changed".
            if (attrs.isRegularFile() || attrs.isSymbolicLink() || attrs.isOther()) {
              // Only a real separator is turned into '/': on Unix a backslash is part of a name.
              String rel = root.relativize(file).toString();
              String sep = file.getFileSystem().getSeparator();
              found.add(Map.entry(sep.equals("/") ? rel : rel.replace(sep, "/"), attrs));
            }
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return found.stream();
    }).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
  }

  /**
   * Size, mtime, ctime (nanoseconds as the file system gives them, or "-" where there is no unix
   * view: then the file is always hashed) and file key (device and inode) of {@code file}.
   */
  private static String[] stat(Path file, BasicFileAttributes a) {
    String ctime;
    try {
      Object c = Files.getAttribute(file, "unix:ctime", java.nio.file.LinkOption.NOFOLLOW_LINKS);
      ctime = c instanceof java.nio.file.attribute.FileTime t ? t.toInstant().toString() : "-";
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      ctime = "-";
    }
    Object key = a.fileKey();
    return new String[] {Long.toString(a.size()), Long.toString(a.lastModifiedTime().toMillis()), ctime,
        key == null ? "-" : oneLine(key.toString())};
  }

  /** Tabs and line breaks as spaces (a regex per file was a measurable part of an unchanged rebuild). */
  private static String oneLine(String s) {
    return s.indexOf('\t') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0 ? s
        : s.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
  }

  private Path statsFile() {
    return file.resolveSibling("inputs");
  }

  /**
   * Which errorkb made a site: the SHA-256 of the jar (or of every file of the classes folder)
   * this class was loaded from, so a new build of errorkb never reuses an old one's output even
   * when the version number stayed the same.
   */
  public static String generatorId() {
    return GeneratorHolder.ID;
  }

  private static final class GeneratorHolder {
    static final String ID = computeGeneratorId();
  }

  private static String computeGeneratorId() {
    MessageDigest d = Sha256.digest();
    CodeSource cs = BuildCache.class.getProtectionDomain().getCodeSource();
    try {
      Path code = cs == null ? null : Path.of(cs.getLocation().toURI());
      if (code == null) {
        update(d, "unknown " + System.nanoTime());
      } else if (Files.isDirectory(code)) {
        try (Stream<Path> s = Files.walk(code)) {
          for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
            update(d, code.relativize(p) + "\0" + hashFile(p));
          }
        }
        // Running from a classes folder (tests, IDE): the libraries are separate jars.
        update(d, System.getProperty("java.class.path", ""));
      } else {
        update(d, hashFile(code));
      }
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      update(d, "unknown " + System.nanoTime());
    }
    return Sha256.hex(d, 64);
  }

  /**
   * The last build, if it was made from {@code fingerprint} and the site still holds what it
   * published: {@code published}, what {@link #published(Path)} found, is the hash of the manifest
   * that build wrote (so every file the manifest lists exists). A build finds it on a thread of its
   * own while it takes the fingerprint: both are mostly system calls (30,479 stats of site files
   * beside 40,000 of inputs at 10,000 entries), and one core was idle.
   */
  public Optional<Entry> upToDate(Fingerprint fingerprint, Optional<String> published) {
    Optional<Entry> e = read();
    if (e.isEmpty() || !e.get().fingerprint().equals(fingerprint.hash()) || published.isEmpty()
        || !published.get().equals(e.get().manifest())) {
      return Optional.empty();
    }
    return e;
  }

  /**
   * The SHA-256 of the site's manifest if every file it lists is there as a regular file, else
   * empty (a file deleted from the site by hand makes the next build a real one). One thread.
   */
  public Optional<String> published(Path manifestFile) {
    try {
      byte[] manifest = Files.readAllBytes(manifestFile);
      java.util.Map<String, String> listed = dev.errorkb.publish.Manifest.parse(new String(manifest, StandardCharsets.UTF_8));
      if (listed == null) {
        return Optional.empty();
      }
      for (String p : listed.keySet()) {
        if (!Files.isRegularFile(site.resolve(p), LinkOption.NOFOLLOW_LINKS)) {
          return Optional.empty();
        }
      }
      return Optional.of(Sha256.hex(manifest));
    } catch (IOException | RuntimeException ex) {
      return Optional.empty();
    }
  }

  /**
   * Writes the inputs' stats again after an up-to-date check that had to hash files whose content
   * had not changed (a restored cache, a fresh clone, {@code touch}): the next build then trusts
   * their new times and inodes instead of reading every file again. The fingerprint is the same,
   * so the build record stays valid.
   */
  public void refreshStats(Fingerprint fingerprint) {
    try {
      writeStats(fingerprint);
    } catch (IOException e) {
      // only costs the next build the same hashing again
    }
  }

  private void writeStats(Fingerprint fingerprint) throws IOException {
    Files.createDirectories(file.getParent());
    Path inputs = statsFile().resolveSibling("inputs.part");
    Files.write(inputs, fingerprint.files(), StandardCharsets.UTF_8);
    Files.move(inputs, statsFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Records a published build; a failure to write the cache only costs the next build time. */
  public void store(Fingerprint fingerprint, Path manifestFile, int files, List<Problem> problems) {
    try {
      writeStats(fingerprint);
      String manifest = Sha256.hex(Files.readAllBytes(manifestFile));
      StringBuilder sb = new StringBuilder(HEADER).append('\n');
      sb.append("fingerprint ").append(fingerprint.hash()).append('\n');
      sb.append("manifest ").append(manifest).append('\n');
      sb.append("files ").append(files).append('\n');
      for (Problem p : problems) {
        sb.append("problem ").append(formatProblem(p)).append('\n');
      }
      Files.createDirectories(file.getParent());
      Path part = file.resolveSibling("build.part");
      Files.writeString(part, sb, StandardCharsets.UTF_8);
      Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      forget();
    }
  }

  /** Drops the record, e.g. before a publish that may fail half-way. */
  public void forget() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Optional<Entry> read() {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
    try {
      if (lines.size() < 4 || !lines.get(0).equals(HEADER)) {
        return Optional.empty();
      }
      String fp = value(lines.get(1), "fingerprint ");
      String manifest = value(lines.get(2), "manifest ");
      int files = Integer.parseInt(value(lines.get(3), "files "));
      List<Problem> problems = new ArrayList<>();
      for (String l : lines.subList(4, lines.size())) {
        problems.add(parseProblem(value(l, "problem ")));
      }
      return Optional.of(new Entry(fp, manifest, files, List.copyOf(problems)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String value(String line, String key) {
    if (!line.startsWith(key)) {
      throw new IllegalArgumentException("bad cache line");
    }
    return line.substring(key.length());
  }

  /**
   * One problem as tab-separated fields: level, path, line, column, rule, message, then the root
   * of the path unless it is the content folder (so records written before roots still read).
   */
  static String formatProblem(Problem p) {
    String s = p.level().key() + '\t' + escape(p.pos().path()) + '\t' + p.pos().line() + '\t' + p.pos().column() + '\t'
        + escape(p.rule()) + '\t' + escape(p.message());
    return p.pos().root() == SourcePos.Root.CONTENT ? s : s + '\t' + p.pos().root().name();
  }

  static Problem parseProblem(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 6 && f.length != 7) {
      throw new IllegalArgumentException("bad problem line");
    }
    SourcePos.Root root = f.length == 7 ? SourcePos.Root.valueOf(f[6]) : SourcePos.Root.CONTENT;
    SourcePos pos = new SourcePos(root, unescape(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]));
    Problem.Level level = f[0].equals("error") ? Problem.Level.ERROR : Problem.Level.WARNING;
    return new Problem(pos, level, unescape(f[4]), unescape(f[5]));
  }

  static String escape(String s) {
    if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s; // nearly every path and message: no copy
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(switch (n) {
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'r' -> '\r';
          default -> n;
        });
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String hashFile(Path p) {
    try {
      return Sha256.hex(Files.readAllBytes(p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The SHA-256 of a file the walk found to be {@code size} bytes long, read in one call when it
   * still is: open, read, read (end), close, where {@code Files.readAllBytes} also asks the size
   * and reads once more (a fresh clone with a restored cache hashes all 30,000 inputs, and
   * system calls were most of that build). A file that has grown since is read whole; one that
   * shrank is hashed as read, which can only make the fingerprint differ (a rebuild, never a
   * stale site).
   */
  static String hashFile(Path p, long size) {
    if (size < 0 || size >= (1 << 20)) {
      return hashFile(p);
    }
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.READ)) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) size + 1);
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // a short read of a regular file is its end; the next read says so
      }
      if (!buf.hasRemaining()) {
        return hashFile(p); // grown since the walk
      }
      return Sha256.hex(java.util.Arrays.copyOf(buf.array(), buf.position()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A link (or other non-file) by what it is and where it points, never by what it points to. */
  private static String hashLink(Path p) {
    try {
      return Sha256.hex(("link:" + Files.readSymbolicLink(p)).getBytes(StandardCharsets.UTF_8));
    } catch (IOException | UnsupportedOperationException e) {
      return Sha256.hex(("other:" + p.getFileName()).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void update(MessageDigest d, String s) {
    d.update(s.getBytes(StandardCharsets.UTF_8));
    d.update((byte) '\n');
  }

}
