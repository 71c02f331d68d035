package dev.errorkb.build;

import dev.errorkb.cache.BuildCache;
import dev.errorkb.cache.CountCache;
import dev.errorkb.cache.IndexCache;
import dev.errorkb.cache.EntryCache;
import dev.errorkb.cache.LoadCache;
import dev.errorkb.cache.SearchStateFile;
import dev.errorkb.check.Translations;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Problem;
import dev.errorkb.model.Problems;
import dev.errorkb.model.SourcePos;
import dev.errorkb.publish.Publisher;
import dev.errorkb.render.PlainTextMemo;
import dev.errorkb.render.SiteRenderer;
import dev.errorkb.render.Theme;
import dev.errorkb.search.PublishedSearch;
import dev.errorkb.search.SearchState;
import dev.errorkb.search.SearchDataWriter;
import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.signature.ErrorIndexWriter;
import dev.errorkb.signature.IndexDocument;
import dev.errorkb.signature.SignatureChecks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The build façade: {@link #check()}, {@link #render()} and {@link #run()} (render, then publish)
 * run the stages {@link Pipeline} wires, in named, timed steps: load → translations → render →
 * index → search data, signature checks and errors.json → publish. Nothing is written unless every
 * step before publish finished without an error.
 */
public final class Build {
  /**
   * What a build did: every problem found, the number of files in the published site (0 if
   * none), how many of them had to be written because their bytes changed, and how long each
   * step of this run took.
   */
  public record Outcome(List<Problem> problems, int files, boolean published, int written, int removed, Timings timings) {
    public boolean hasErrors() {
      return problems.stream().anyMatch(Problem::isError);
    }
  }

  /**
   * The rendered site in memory, before publishing, with the pipeline that rendered it (serve
   * renders later saves with it).
   */
  public record Rendered(KnowledgeBase kb, SortedMap<String, byte[]> files, SortedMap<String, String> copies,
      List<Problem> problems, Pipeline pipeline, Timings timings) {}

  private final BuildOptions options;
  private volatile Timings timings = new Timings();

  private static byte[] schema() {
    try (InputStream in = Build.class.getResourceAsStream(ErrorIndexWriter.SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("errors.schema.json missing from the errorkb jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Build(BuildOptions options) {
    this.options = options;
  }

  /** How long each step of the last {@link #check()}, {@link #render()} or {@link #run()} took. */
  public Timings timings() {
    return timings;
  }

  private Timings startTimings() {
    Timings t = new Timings();
    timings = t;
    return t;
  }

  /** Loads, checks and renders in memory; writes nothing. */
  public Rendered render() {
    Timings t = startTimings();
    SortedMap<String, byte[]> files = new ConcurrentSkipListMap<>();
    Core c = render(files::put, RenderPlan.everything(), t, false, Caches.NONE);
    return new Rendered(c.kb(), new TreeMap<>(files), c.copies(), c.problems(), c.pipeline(), t);
  }

  /** Loads, checks and renders, keeping no page: what {@code errorkb check} needs. */
  public Rendered check() {
    Timings t = startTimings();
    Core c = render((path, bytes) -> { }, RenderPlan.everything(), t, false, Caches.NONE);
    return new Rendered(c.kb(), new TreeMap<>(), c.copies(), c.problems(), c.pipeline(), t);
  }

  /** What {@link #render(BiConsumer, RenderPlan, Timings, boolean, Caches)} found besides the files it emitted. */
  private record Core(KnowledgeBase kb, SortedMap<String, String> copies, List<Problem> problems,
      IndexDocument index, List<Problem> renderProblems, Pipeline pipeline, Optional<Supplier<List<byte[]>>> sidecar,
      SearchState searchState) {}

  /**
   * Loads, checks and renders, handing every output file to {@code output} as soon as it exists
   * (from several threads). Entries that {@code plan} keeps are not rendered. With
   * {@code sidecar}, the result can make errors.json's sidecar index (errors.idx, issue 15): only
   * for a published site, where one-shot {@code match} calls read it; {@code serve} and
   * {@code check} do not need it. It is made after this returns, when the search data and
   * errors.json's bytes are gone. With a load cache, unchanged entry folders are taken from it and
   * it is brought up to date beside the rest of the build; with an index cache and a count cache,
   * unchanged entries' signature-index records and search-data word counts are taken from them,
   * and each is saved as soon as its step is done.
   */
  private Core render(BiConsumer<String, byte[]> output, RenderPlan plan, Timings timings, boolean sidecar, Caches caches) {
    Optional<LoadCache> loadCache = caches.load();
    Optional<CountCache> counts = caches.counts();
    Problems problems = new Problems();
    // Two outputs claiming one path would silently lose one of them (issue 12): refuse it.
    java.util.Set<String> claimed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    BiConsumer<String, byte[]> sink = (path, bytes) -> {
      if (claimed.add(path)) {
        output.accept(path, bytes);
      } else {
        problems.add(collision(path));
      }
    };
    dev.errorkb.load.EntryMemo entryMemo = loadCache.<dev.errorkb.load.EntryMemo>map(m -> m).orElse(dev.errorkb.load.EntryMemo.NONE);
    ContentLoader.Loaded loaded = caches.walked().isPresent()
        ? Pipeline.load(options, entryMemo, caches.walked().get())
        : Pipeline.load(options, entryMemo);
    problems.addAll(loaded.problems());
    KnowledgeBase kb = loaded.kb();
    // The load cache depends on the content alone: saved whatever the build's outcome, on a thread
    // of its own while the build goes on.
    CompletableFuture<Void> memoSaved = loadCache.map(m -> CompletableFuture.runAsync(() -> saveQuietly(m), OWN_THREAD))
        .orElse(CompletableFuture.completedFuture(null));
    timings.mark(loadCache.map(m -> "load (" + m.misses() + " read)").orElse("load"));
    Pipeline pipeline = Pipeline.of(options, kb.site(), problems);
    Translations translations = pipeline.translations(kb, problems);
    timings.mark("translations");
    Predicate<Entry> renderPages = plan.plan(kb, translations);
    if (plan.reuses()) {
      timings.mark("plan (" + plan.keptCount() + " kept)");
    }
    // Rendering records the plain text of cause and fix sections for the index (one parse).
    PlainTextMemo memo = new PlainTextMemo(pipeline.markdown());
    SiteRenderer.Result result = pipeline.renderer().render(kb, translations, memo, sink, renderPages);
    problems.addAll(result.problems());
    problems.addAll(plan.keptProblems());
    staticFiles(pipeline.theme()).forEach(sink);
    timings.mark("render pages");
    // The error-signature index, built once: errors.json (issue 3), the browser's search data
    // (issue 4) and the signature checks (examples must find their entry) all read it.
    SignatureChecks.Compilations compiled = new SignatureChecks.Compilations(kb);
    IndexDocument index = Pipeline.index(kb, memo, compiled,
        caches.index().<dev.errorkb.signature.IndexMemo>map(m -> m).orElse(dev.errorkb.signature.IndexMemo.NONE));
    timings.mark(caches.index().map(m -> "signature index (" + m.misses() + " built)").orElse("signature index"));
    // Index records and word counts depend on the content alone (like the load cache): each is
    // saved, and let go, on a thread of its own as soon as its step is done, whatever the build's
    // outcome (held to the end, their encoded records took a cold 10,000-entry build over 600 MB).
    CompletableFuture<Void> indexSaved = saved(caches.index(), IndexCache::save);
    // One index for matching, made at most once: the signature checks match their examples with
    // it and errors.idx is written from it (a second one, derived from errors.json's bytes, cost a
    // 10,000-entry build 300 MB at peak, issue 15).
    Supplier<ErrorIndex> matching = once(() -> ErrorIndex.of(index));
    // Three independent consumers of the index, run side by side: the signature checks and
    // errors.json are single-threaded, the search data only partly parallel.
    // Each on a thread of its own, never on the common pool: there they would hold the workers
    // that the search data's parallel streams need (CompletableFuture uses the common pool as soon
    // as its parallelism is 2 or more).
    CompletableFuture<List<Problem>> checks = CompletableFuture.supplyAsync(() -> SignatureChecks.check(kb, matching, compiled), OWN_THREAD);
    CompletableFuture<byte[]> errorsJson =
        CompletableFuture.supplyAsync(() -> ErrorIndexWriter.toJson(index, translations::staleLangs), OWN_THREAD);
    // Browser search (issue 4): the split search data, and the search pages, which name its version.
    // Patched from the published search data when only a few entries' words changed (decision 35).
    SearchDataWriter.Written searchData = SearchDataWriter.write(index,
        counts.<dev.errorkb.search.CountMemo>map(m -> m).orElse(dev.errorkb.search.CountMemo.NONE), caches.search());
    CompletableFuture<Void> countsSaved = saved(counts, CountCache::save);
    String dataVersion = searchData.version();
    searchData.files().entrySet().parallelStream().forEach(f -> sink.accept(f.getKey(), f.getValue()));
    SearchState searchState = searchData.state();
    String patched = searchData.patched() ? ", " + searchData.files().size() + " files patched" : "";
    searchData = null;
    List<Problem> searchPageProblems = new ArrayList<>();
    pipeline.searchPages().render(kb.site(), dataVersion, searchPageProblems).forEach(sink);
    problems.addAll(searchPageProblems);
    timings.mark(counts.map(m -> "search data (" + m.misses() + " counted" + patched + ")").orElse("search data"));
    problems.addAll(join(checks));
    timings.mark("signature checks");
    byte[] json = join(errorsJson);
    sink.accept("errors.json", json);
    sink.accept("errors.schema.json", schema());
    timings.mark("errors.json");
    Optional<Supplier<List<byte[]>>> errorsIdx = Optional.empty();
    if (sidecar && claimed.add(SIDECAR)) {
      errorsIdx = Optional.of(ErrorIndex.sidecar(matching, json));
    } else if (sidecar) {
      problems.add(collision(SIDECAR));
    }
    for (String copy : result.copies().keySet()) {
      if (claimed.contains(copy)) {
        problems.add(collision(copy));
      }
    }
    join(memoSaved);
    join(indexSaved);
    join(countsSaved);
    return new Core(kb, result.copies(), problems.sorted(), index, result.problems(), pipeline, errorsIdx, searchState);
  }

  /**
   * The per-entry caches a build may take unchanged entries' work from, and the fingerprint's walk
   * of the content folder; none for {@link #render()} and {@link #check()}.
   */
  private record Caches(Optional<LoadCache> load, Optional<CountCache> counts, Optional<IndexCache> index,
      Optional<java.util.List<dev.errorkb.load.WalkedFile>> walked, Optional<PublishedSearch> search) {
    static final Caches NONE = new Caches(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** {@code save} of {@code cache}, if there is one, on a thread of its own. */
  private static <T> CompletableFuture<Void> saved(Optional<T> cache, java.util.function.Consumer<T> save) {
    return cache.map(c -> CompletableFuture.runAsync(() -> save.accept(c), OWN_THREAD)).orElse(CompletableFuture.completedFuture(null));
  }

  /** A load cache that cannot be written costs the next build time, never this build its result. */
  private static void saveQuietly(LoadCache memo) {
    try {
      memo.save();
    } catch (IOException | UncheckedIOException e) {
      // the next build reads every folder again
    }
  }

  /** Runs each task on a new daemon thread (what CompletableFuture does on a one-worker common pool). */
  private static final java.util.concurrent.Executor OWN_THREAD = task -> {
    Thread t = new Thread(task, "errorkb-build-side");
    t.setDaemon(true);
    t.start();
  };

  /** errors.json's sidecar index, beside it. */
  private static final String SIDECAR = ErrorIndex.sidecarName("errors.json");

  /** {@code make}'s value, made on the first call (from any thread) and then kept. */
  private static <T> Supplier<T> once(Supplier<T> make) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = make.get();
        }
        return value;
      }
    };
  }

  private static Problem collision(String sitePath) {
    return Problem.error(SourcePos.file(sitePath), "output-collision",
        "two outputs of the build claim the site path " + sitePath + "; rename the entry or asset that produces it");
  }

  /**
   * The full build, writing pages into a publish session while it renders; nothing reaches the
   * output folder unless there is no error. With {@link BuildOptions#useCache()}: a build whose
   * inputs (content, templates, options, errorkb itself) are exactly those of the last published
   * build, into a site that still holds its output, does nothing and reports that build's
   * problems again; else only entries whose inputs changed are rendered.
   */
  public Outcome run() {
    Timings t = startTimings();
    requireApart(options);
    Publisher publisher = new Publisher(options.out(), !options.useCache());
    dev.errorkb.publish.OutputLock lock = publisher.lock();
    try {
      return run(publisher, t);
    } finally {
      lock.close();
    }
  }

  private Outcome run(Publisher publisher, Timings timings) {
    boolean useCache = options.useCache();
    BuildCache cache = new BuildCache(options.out());
    BuildCache.Fingerprint fingerprint = null;
    if (useCache) {
      // A build killed mid-publish is finished first, so the site is what its manifest says.
      publisher.recover();
      // What the site holds is checked beside the fingerprint, on a thread of its own.
      CompletableFuture<Optional<String>> published =
          CompletableFuture.supplyAsync(() -> cache.published(options.out().resolve(Publisher.MANIFEST)), OWN_THREAD);
      fingerprint = cache.fingerprint(List.of(options.content(), options.templates()),
          List.of("baseUrl " + options.baseUrl().orElse("")));
      Optional<BuildCache.Entry> last = cache.upToDate(fingerprint, join(published));
      timings.mark("fingerprint");
      if (last.isPresent()) {
        if (fingerprint.reread() > 0) {
          cache.refreshStats(fingerprint);
        }
        return new Outcome(last.get().problems(), last.get().files(), true, 0, 0, timings);
      }
    }
    try (Publisher.Session session = publisher.begin()) {
      RenderPlan plan = RenderPlan.everything();
      if (fingerprint != null) {
        // What every page depends on besides entries: errorkb, templates + bundles, site.yaml, options.
        // The render records are read on a thread of their own while the entries load.
        CompletableFuture<EntryCache> records = CompletableFuture.supplyAsync(() -> EntryCache.read(options.out()), OWN_THREAD);
        plan = RenderPlan.reusing(() -> join(records), EntryCache.key(BuildCache.generatorId(),
            fingerprint.rootHash(1), fingerprint.fileHash(0, "site.yaml").orElse("-"), "baseUrl " + options.baseUrl().orElse("")),
            session);
      }
      Optional<LoadCache> loadCache = Optional.ofNullable(fingerprint).map(f -> LoadCache.open(options.out(), f.fileHashes(0)));
      Optional<CountCache> counts = Optional.ofNullable(fingerprint).map(f -> CountCache.open(options.out()));
      // Index records read site.yaml and the base URL besides their own folder.
      Optional<IndexCache> indexRecords = Optional.ofNullable(fingerprint).map(f -> IndexCache.open(options.out(),
          "site.yaml " + f.fileHash(0, "site.yaml").orElse("-") + "\nbaseUrl " + options.baseUrl().orElse("")));
      if (fingerprint != null) {
        timings.mark("cache read");
      }
      Optional<PublishedSearch> search = Optional.ofNullable(fingerprint).map(f -> published(session));
      Core c = render(session::put, plan, timings, true, new Caches(loadCache, counts, indexRecords,
          Optional.ofNullable(fingerprint).map(BuildCache.Fingerprint::walked), search));
      if (c.problems().stream().anyMatch(Problem::isError)) {
        return new Outcome(c.problems(), 0, false, 0, 0, timings);
      }
      if (c.sidecar().isPresent()) {
        // Here, not in render: the search data and errors.json's bytes are gone, so the sidecar's
        // parts (54 MB for 10,000 entries) never meet their peak; and a failed build skips it.
        session.put(SIDECAR, c.sidecar().get().get());
        timings.mark("errors.idx");
      }
      for (Map.Entry<String, String> copy : c.copies().entrySet()) {
        session.copy(copy.getKey(), options.content(), copy.getValue());
      }
      Publisher.Report report = session.commit();
      timings.mark("publish");
      // Only after the commit: a record must never describe pages the site does not hold.
      plan.store(c.kb(), c.renderProblems(), session::hashOf);
      if (fingerprint != null) {
        SearchStateFile.save(options.out(), c.searchState());
        cache.store(fingerprint, options.out().resolve(Publisher.MANIFEST), report.files(), c.problems());
        timings.mark("cache records");
      }
      return new Outcome(c.problems(), report.files(), true, report.written(), report.removed(), timings);
    }
  }

  /** The published site's search data as this publish session sees it, with the state its build kept. */
  private PublishedSearch published(Publisher.Session session) {
    Optional<SearchState> state = SearchStateFile.read(options.out());
    return new PublishedSearch() {
      @Override
      public Optional<SearchState> state() {
        return state;
      }

      @Override
      public Optional<String> hash(String rel) {
        return Optional.ofNullable(session.publishedHash(rel));
      }

      @Override
      public Optional<byte[]> bytes(String rel) {
        return session.published(rel);
      }

      @Override
      public boolean keep(String rel) {
        String hash = session.publishedHash(rel);
        return hash != null && session.keep(rel, hash);
      }
    };
  }

  /** Thrown when the output folder overlaps the content or templates folder, or has no name. */
  public static final class FolderOverlapException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FolderOverlapException(String message) {
      super(message);
    }
  }

  /**
   * Refuses an output folder inside, equal to or around the content or templates folder (issue
   * 12: a content folder inside the output was deleted by a publish; an output inside templates
   * /static nested the previous site deeper on every build), and one that has no name ({@code /}).
   * Paths are compared after links are resolved, as far as the path exists.
   */
  static void requireApart(BuildOptions o) {
    Path out = real(o.out());
    if (out.getFileName() == null || out.getParent() == null) {
      throw new FolderOverlapException(o.out() + ": cannot publish into a file system root; choose a folder such as ./site");
    }
    for (Map.Entry<String, Path> in : List.of(Map.entry("content", o.content()), Map.entry("templates", o.templates()))) {
      Path p = real(in.getValue());
      if (out.startsWith(p) || p.startsWith(out)) {
        throw new FolderOverlapException("--out " + o.out() + " overlaps the " + in.getKey() + " folder " + in.getValue()
            + (out.startsWith(p) ? " (it is inside it)" : " (it would be replaced by the site)")
            + "; the output must be a folder of its own, outside content and templates");
      }
    }
  }

  /** The absolute path with links resolved in its longest existing prefix. */
  private static Path real(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path existing = abs;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
    } catch (IOException e) {
      return abs;
    }
  }

  /** The theme's static/** is published under assets/ (search.js always the jar's own). */
  private static SortedMap<String, byte[]> staticFiles(Theme theme) {
    SortedMap<String, byte[]> out = new TreeMap<>();
    try {
      for (Map.Entry<String, Path> f : theme.staticFiles().entrySet()) {
        out.put("assets/" + f.getKey(), Files.readAllBytes(f.getValue()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The value of a side task; its own exception, not a wrapper, if it failed. */
  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
