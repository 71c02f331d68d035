package dev.errorkb.cli;

import dev.errorkb.build.Build;
import dev.errorkb.build.BuildOptions;
import dev.errorkb.model.SiteConfig;
import dev.errorkb.search.SearchSizes;
import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code errorkb build}: validate, render, publish. */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = "Validate content, render the site and publish it atomically into the output folder.")
final class BuildCommand implements Callable<Integer> {
  /** What a site without a baseUrl leaves out. */
  static final String NO_BASE_URL = "no baseUrl: sitemap.xml is not written (it needs absolute URLs), the feeds have no self link"
      + " and ids that are not unique to this site, there are no canonical links, and 404.html works only at the site root;"
      + " set baseUrl in site.yaml or pass --base-url";

  @Spec CommandSpec spec;
  @Mixin SiteOptions site;

  @Option(names = "--timings", description = "Print how long each build step took (to stderr).")
  boolean timings;

  @Option(names = "--no-cache", description = "Render everything even when nothing changed since the last build (only changed files are still written).")
  boolean noCache;

  @Override
  public Integer call() {
    if (site.baseUrl != null && !SiteConfig.isBaseUrl(site.baseUrl)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--base-url must be an absolute http(s) URL such as https://intranet.example/kb/");
    }
    site.requireTemplates(spec);
    long start = System.nanoTime();
    BuildOptions options = new BuildOptions(site.content, site.templates, site.out, Optional.ofNullable(site.baseUrl));
    Build.Outcome o = new Build(noCache ? options.withoutCache() : options).run();
    if (timings) {
      spec.commandLine().getErr().print("timings:\n" + o.timings().describe());
    }
    List<Problem> problems = o.problems();
    // Said once per build (issue 13): a published site without sitemap.xml is one without a baseUrl.
    if (o.published() && !Files.exists(site.out.resolve("sitemap.xml"))) {
      problems = new ArrayList<>(problems);
      problems.add(Problem.warning(SourcePos.file("site.yaml"), "no-base-url", NO_BASE_URL));
    }
    ProblemPrinter.print(spec.commandLine().getErr(), problems, site.content, site.templates);
    if (!o.published()) {
      spec.commandLine().getErr().println("build failed; " + site.out + " was left unchanged");
      return ExitCodes.PROBLEMS;
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    spec.commandLine().getOut().println(String.format(Locale.ROOT, "built %d files into %s in %d ms (%d written, %d removed, the rest unchanged)",
        o.files(), site.out, ms, o.written(), o.removed()));
    // Measuring the search data gzips all of it (~0.5 s at 10,000 entries): only when it may have changed.
    if (o.written() > 0) {
      spec.commandLine().getOut().println(SearchSizes.published(site.out).describe());
    }
    return ExitCodes.OK;
  }
}
