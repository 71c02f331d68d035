package dev.errorkb;

import dev.errorkb.cache.BuildCache;
import dev.errorkb.check.Translations;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Problem;
import dev.errorkb.model.SiteConfig;
import dev.errorkb.model.SourcePos;
import dev.errorkb.publish.Publisher;
import dev.errorkb.render.Markdown;
import dev.errorkb.render.Messages;
import dev.errorkb.render.Pages;
import dev.errorkb.render.SiteRenderer;
import dev.errorkb.search.SearchDataWriter;
import dev.errorkb.search.SearchPages;
import dev.errorkb.signature.ErrorIndexWriter;
import dev.errorkb.signature.IndexDocument;
import dev.errorkb.signature.SignatureChecks;
import java.io.InputStream;
import java.util.Properties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The pipeline as named steps: load → check → render → index → publish. Nothing is written
 * unless every step before publish finished without an error.
 */
public final class Build {
  /** Where the build reads and writes; {@code baseUrl} overrides site.yaml when present. */
  public record Options(Path content, Path templates, Path out, Optional<String> baseUrl) {}

  /**
   * What a build did: every problem found, the number of files in the published site (0 if
   * none), and how many of them had to be written because their bytes changed.
   */
  public record Outcome(List<Problem> problems, int files, boolean published, int written, int removed) {
    public boolean hasErrors() {
      return problems.stream().anyMatch(Problem::isError);
    }
  }

  /** The rendered site in memory, before publishing. */
  public record Rendered(KnowledgeBase kb, SortedMap<String, byte[]> files, SortedMap<String, String> copies, List<Problem> problems) {}

  /** "errorkb <version>", written into errors.json; from the pom, so each release says who made a file. */
  public static final String GENERATOR = "errorkb " + version();

  private final Options options;
  private final Timings timings = new Timings();

  private static String version() {
    Properties p = new Properties();
    try (InputStream in = Build.class.getResourceAsStream("/dev/errorkb/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "dev");
  }

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

  public Build(Options options) {
    this.options = options;
  }

  /** How long each step of the last {@link #render()} or {@link #run()} took. */
  public Timings timings() {
    return timings;
  }

  /** Loads, checks and renders in memory; writes nothing. */
  public Rendered render() {
    List<Problem> problems = new ArrayList<>();
    ContentLoader.Loaded loaded = new ContentLoader(options.content()).load();
    problems.addAll(loaded.problems());
    KnowledgeBase kb = withBaseUrl(loaded.kb());
    timings.mark("load");
    Translations translations = Translations.read(kb, options.content());
    problems.addAll(translations.problems());
    Messages messages = Messages.load(options.templates(), problems);
    timings.mark("translations");
    if (!Files.isDirectory(options.templates())) {
      problems.add(Problem.error(SourcePos.file(options.templates().toString()), "no-templates", "templates folder not found"));
      return new Rendered(kb, new TreeMap<>(), new TreeMap<>(), sorted(problems));
    }
    Markdown markdown = new Markdown(kb.site().allowHtml());
    Pages pages = new Pages(options.templates());
    SiteRenderer.Result result = new SiteRenderer(markdown, pages, messages).render(kb, translations);
    problems.addAll(result.problems());
    SortedMap<String, byte[]> files = new TreeMap<>(result.files());
    files.putAll(staticFiles());
    timings.mark("render pages");
    // The error-signature index, built once: errors.json (issue 3), the browser's search data
    // (issue 4) and the signature checks (examples must find their entry) all read it.
    IndexDocument index = ErrorIndexWriter.build(kb, markdown::plainText, GENERATOR);
    timings.mark("signature index");
    // Browser search (issue 4): the split search data, and the search pages, which name its version.
    SortedMap<String, byte[]> searchData = SearchDataWriter.write(index);
    files.putAll(searchData);
    files.putAll(new SearchPages(pages, messages)
        .render(kb.site(), SearchDataWriter.version(searchData), problems));
    timings.mark("search data");
    problems.addAll(SignatureChecks.check(kb, index));
    timings.mark("signature checks");
    files.put("errors.json", ErrorIndexWriter.toJson(index, translations::staleLangs));
    files.put("errors.schema.json", schema());
    timings.mark("errors.json");
    return new Rendered(kb, files, result.copies(), sorted(problems));
  }

  /** The full build: render, then publish only if there is no error. */
  public Outcome run() {
    return run(true);
  }

  /**
   * The full build. With {@code useCache}, a build whose inputs (content, templates, options,
   * errorkb itself) are exactly those of the last published build, into a site that still holds
   * its output, does nothing and reports that build's problems again.
   */
  public Outcome run(boolean useCache) {
    Publisher publisher = new Publisher(options.out());
    BuildCache cache = new BuildCache(options.out());
    BuildCache.Fingerprint fingerprint = null;
    if (useCache) {
      // A build killed mid-publish is finished first, so the site is what its manifest says.
      publisher.recover();
      fingerprint = cache.fingerprint(List.of(options.content(), options.templates()),
          List.of("baseUrl " + options.baseUrl().orElse("")));
      Optional<BuildCache.Entry> last = cache.upToDate(fingerprint, options.out().resolve(Publisher.MANIFEST));
      timings.mark("fingerprint");
      if (last.isPresent()) {
        return new Outcome(last.get().problems(), last.get().files(), true, 0, 0);
      }
    }
    Rendered r = render();
    if (r.problems().stream().anyMatch(Problem::isError)) {
      return new Outcome(r.problems(), 0, false, 0, 0);
    }
    Publisher.Report report = publisher.publish(r.files(), r.copies(), options.content());
    timings.mark("publish");
    if (fingerprint != null) {
      cache.store(fingerprint, options.out().resolve(Publisher.MANIFEST), report.files(), r.problems());
    }
    return new Outcome(r.problems(), report.files(), true, report.written(), report.removed());
  }

  private KnowledgeBase withBaseUrl(KnowledgeBase kb) {
    if (options.baseUrl().isEmpty()) {
      return kb;
    }
    String b = options.baseUrl().get();
    SiteConfig s = kb.site();
    return new KnowledgeBase(new SiteConfig(s.titles(), s.languages(), Optional.of(b.endsWith("/") ? b : b + "/"),
        s.headings(), s.allowHtml()), kb.entries());
  }

  /** templates/static/** is published under assets/. */
  private SortedMap<String, byte[]> staticFiles() {
    SortedMap<String, byte[]> out = new TreeMap<>();
    Path dir = options.templates().resolve("static");
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        StringBuilder rel = new StringBuilder("assets");
        for (Path part : dir.relativize(p)) {
          rel.append('/').append(part);
        }
        out.put(rel.toString(), Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static List<Problem> sorted(List<Problem> problems) {
    List<Problem> p = new ArrayList<>(problems);
    p.sort(Comparator.comparing((Problem x) -> x.pos().path()).thenComparingInt(x -> x.pos().line())
        .thenComparingInt(x -> x.pos().column()).thenComparing(Problem::rule));
    return List.copyOf(p);
  }
}
