package dev.errorkb.build;

import dev.errorkb.check.Translations;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Problems;
import dev.errorkb.model.SiteConfig;
import dev.errorkb.render.Markdown;
import dev.errorkb.render.Messages;
import dev.errorkb.render.Pages;
import dev.errorkb.render.SiteRenderer;
import dev.errorkb.render.Theme;
import dev.errorkb.search.SearchPages;
import dev.errorkb.signature.ErrorIndexWriter;
import dev.errorkb.signature.IndexDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The stages of a build, wired in one place: load → translations → render → index. {@link Build}
 * (the CLI's {@code build} and {@code check}), {@code serve}'s full and fast paths and
 * {@code match --content} all use it, so they cannot drift apart again (issue 14: the pipeline was
 * wired four times, with three generator strings, and serve dropped the message bundles' problems).
 *
 * <p>One instance belongs to one site configuration: the theme (the jar's, overridden file by file
 * by the templates folder), message bundles, Markdown renderer and page templates are made once,
 * and reused for every page and, in serve, for every fast-path save until the next full build.
 */
public final class Pipeline {
  /** "errorkb <version>", written into errors.json; from the pom, so each release says who made a file. */
  public static final String GENERATOR = "errorkb " + version();

  private final BuildOptions options;
  private final SiteConfig site;
  private final Theme theme;
  private final Messages messages;
  private final Markdown markdown;
  private final Pages pages;
  private final SiteRenderer renderer;

  private Pipeline(BuildOptions options, SiteConfig site, Problems problems) {
    this.options = options;
    this.site = site;
    this.theme = Theme.of(options.templates());
    problems.addAll(theme.problems());
    List<dev.errorkb.model.Problem> bundleProblems = new java.util.ArrayList<>();
    this.messages = Messages.load(theme, bundleProblems);
    problems.addAll(bundleProblems);
    this.markdown = new Markdown(site.allowHtml());
    this.pages = new Pages(theme);
    this.renderer = new SiteRenderer(markdown, pages, messages);
  }

  /**
   * Loads the whole content folder; the base URL given on the command line replaces site.yaml's.
   * Only an I/O failure of the file system throws.
   */
  public static ContentLoader.Loaded load(BuildOptions options) {
    return load(options, dev.errorkb.load.EntryMemo.NONE);
  }

  /** {@link #load(BuildOptions)}, taking unchanged entry folders from {@code memo}. */
  public static ContentLoader.Loaded load(BuildOptions options, dev.errorkb.load.EntryMemo memo) {
    return withBaseUrl(options, new ContentLoader(options.content()).load(memo));
  }

  /** The same, with the content folder's files from a walk already made of it (the build's fingerprint). */
  static ContentLoader.Loaded load(BuildOptions options, dev.errorkb.load.EntryMemo memo, java.util.List<dev.errorkb.load.WalkedFile> walked) {
    return withBaseUrl(options, new ContentLoader(options.content()).load(memo, walked));
  }

  /** The stages for {@code site} (from {@link #load}); the theme's and bundles' problems go to {@code problems}. */
  public static Pipeline of(BuildOptions options, SiteConfig site, Problems problems) {
    return new Pipeline(options, site, problems);
  }

  /**
   * Loads site.yaml and only the entry folders {@code dirs}: serve's fast path after a save. The
   * site configuration of the result is the one read now; a caller that finds it differs from
   * {@link #site()} must build in full.
   */
  public ContentLoader.Loaded loadEntries(Set<Path> dirs) {
    return withBaseUrl(options, new ContentLoader(options.content()).load(dirs));
  }

  /** The translation state of {@code kb}'s entries, from the model alone. */
  public Translations translations(KnowledgeBase kb, Problems problems) {
    Translations t = Translations.of(kb);
    problems.addAll(t.problems());
    return t;
  }

  /** The error-signature index of {@code kb}: errors.json, the search data and the signature checks read it. */
  public static IndexDocument index(KnowledgeBase kb, UnaryOperator<String> plainText) {
    return ErrorIndexWriter.build(kb, plainText, GENERATOR);
  }

  /** The same, keeping what compiling the signatures found for the signature checks, with unchanged entries' records from {@code memo}. */
  static IndexDocument index(KnowledgeBase kb, UnaryOperator<String> plainText, dev.errorkb.signature.SignatureChecks.Compilations compiled,
      dev.errorkb.signature.IndexMemo memo) {
    return ErrorIndexWriter.build(kb, plainText, GENERATOR, compiled, memo);
  }

  /**
   * The index of {@code kb} with plain text taken from its own Markdown, no page rendered: what
   * {@code match --content} needs.
   */
  public static IndexDocument index(KnowledgeBase kb) {
    return index(kb, new Markdown(kb.site().allowHtml())::plainText);
  }

  public BuildOptions options() {
    return options;
  }

  public SiteConfig site() {
    return site;
  }

  public Theme theme() {
    return theme;
  }

  public Markdown markdown() {
    return markdown;
  }

  public SiteRenderer renderer() {
    return renderer;
  }

  /** The search pages (one per language), rendered with this pipeline's templates and bundles. */
  public SearchPages searchPages() {
    return new SearchPages(pages, messages);
  }

  private static ContentLoader.Loaded withBaseUrl(BuildOptions options, ContentLoader.Loaded loaded) {
    if (options.baseUrl().isEmpty()) {
      return loaded;
    }
    String b = options.baseUrl().get();
    SiteConfig s = loaded.kb().site();
    SiteConfig site = new SiteConfig(s.titles(), s.languages(), Optional.of(SiteConfig.withSlash(b)),
        s.headings(), s.allowHtml());
    return new ContentLoader.Loaded(new KnowledgeBase(site, loaded.kb().entries()), loaded.problems());
  }

  private static String version() {
    Properties p = new Properties();
    try (InputStream in = Pipeline.class.getResourceAsStream("/dev/errorkb/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "dev");
  }
}
