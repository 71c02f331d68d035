package dev.errorkb.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.errorkb.build.Build;
import dev.errorkb.build.BuildOptions;
import dev.errorkb.cli.Main;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Problem;
import dev.errorkb.publish.Publisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Builds every malformed KB under {@code src/test/resources/bad/<case>/content} over a previous good
 * site and checks issue 6's promises: the located problems listed in the case's
 * {@code expected.txt}, no exception, a time bound, nothing written outside the output folder, the
 * previous site untouched when the build fails, and no executable markup when it publishes.
 *
 * <p>Run with {@code -Derrorkb.regenerate=true} to rewrite every expected.txt from the actual
 * problems (then review the diff: that is the point of golden files).
 */
class BadInputCorpusTest {
  /**
   * The caches beside the output that describe the content alone, not the site, and so may be
   * written by a rejected build: the load records, the signature-index records and the search
   * counts (decisions 32–34).
   */
  private static final java.util.List<String> CONTENT_CACHES =
      java.util.List.of(".site.cache/loaded", ".site.cache/index-entries", ".site.cache/search-counts");

  /** A snapshot without the content-only caches, and without their folder if that holds nothing else. */
  private static SortedMap<String, String> withoutLoadCache(SortedMap<String, String> snap) {
    SortedMap<String, String> out = snap;
    for (String cache : CONTENT_CACHES) {
      out = TreeSnapshot.without(out, cache);
    }
    if (TreeSnapshot.without(out, ".site.cache").size() == out.size() - 1) {
      out.remove(".site.cache");
    }
    return out;
  }

  private static final Duration TIME_BOUND = Duration.ofSeconds(30);
  private static final boolean REGENERATE = Boolean.getBoolean("errorkb.regenerate");

  @TempDir static Path shared;
  private static Path previousSite;
  private static Path templates;

  static Path corpus() {
    try {
      return Path.of(BadInputCorpusTest.class.getResource("/bad").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(corpus())) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("_"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @BeforeAll
  static void buildPreviousSite() throws IOException {
    templates = Path.of("templates").toAbsolutePath();
    previousSite = shared.resolve("previous/site");
    Build.Outcome o =
        new Build(new BuildOptions(corpus().resolve("_previous/content"), templates, previousSite, Optional.empty())).run();
    assertTrue(o.published(), () -> "the good KB must build: " + o.problems());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInput(String name, @TempDir Path work) throws IOException {
    Path caseDir = corpus().resolve(name);
    Expected expected = Expected.read(caseDir.resolve("expected.txt"));
    copyTree(caseDir, work, "expected.txt");
    setUp(name, work);
    Path content = work.resolve("content");
    Path out = work.resolve("site");
    copyTree(previousSite, out, null);
    SortedMap<String, String> before = TreeSnapshot.of(work);

    Build.Outcome outcome = assertTimeoutPreemptively(TIME_BOUND, () -> {
      try {
        return new Build(new BuildOptions(content, templates, out, Optional.empty())).run();
      } catch (RuntimeException e) {
        throw new AssertionError(name + ": the build threw instead of reporting a problem", e);
      }
    }, name + ": build did not finish within " + TIME_BOUND);

    List<Problem> problems = new ArrayList<>(outcome.problems());
    boolean pendingInBuild = false;
    if (!expected.pendingRules().isEmpty() && problems.stream().noneMatch(p -> expected.pendingRules().contains(p.rule()))) {
      // Not wired into the build yet: ask the checker that will be, so the corpus still tests it.
      pendingInBuild = true;
      problems.addAll(signatureChecks(new ContentLoader(content).load().kb()));
    }

    if (REGENERATE) {
      expected.write(caseDir.resolve("expected.txt"), problems, sourceResources());
      return;
    }

    assertEquals(expected.keys(), Expected.keys(problems), name + ": located problems (path:line:column: level [rule])");
    for (Problem p : problems) {
      assertFalse(p.message().isBlank() || p.message().contains("Exception") || p.message().contains("\tat "),
          () -> name + ": message should be for people: " + p);
    }

    SortedMap<String, String> after = TreeSnapshot.of(work);
    // The build cache, the build lock (issue 7) and the previous generation (issue 12) beside the output are all a
    // build may write outside it.
    assertEquals(TreeSnapshot.without(TreeSnapshot.without(before, "site"), ".site.lock"),
        TreeSnapshot.without(TreeSnapshot.without(TreeSnapshot.without(TreeSnapshot.without(after, "site"), ".site.cache"), ".site.lock"),
            ".site.old"),
        name + ": the build wrote or changed something outside the output folder");
    if (expected.rejected() && !pendingInBuild) {
      assertFalse(outcome.published(), name + ": a KB with errors must not be published");
      // Only the content-only caches may change: they describe the content, not the site, and are
      // kept after a failed build on purpose (decisions 32–34), so fixing the error redoes that entry alone.
      assertEquals(withoutLoadCache(before), withoutLoadCache(TreeSnapshot.without(after, ".site.lock")),
          name + ": the previous site must be left exactly as it was");
    } else if (!expected.rejected()) {
      assertTrue(outcome.published(), name + ": expected a published site, got " + problems);
      assertTrue(Files.exists(out.resolve(Publisher.MARKER)));
      assertEquals(List.of(), HtmlSafety.findings(out), name + ": executable markup in the output");
    }

    // The same through the command line: exit code, one located line per problem, no stack trace.
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.commandLine(new PrintWriter(o), new PrintWriter(e))
        .execute("check", "--content", content.toString(), "--templates", templates.toString(), "--out", out.toString());
    String err = e.toString();
    boolean errors = outcome.problems().stream().anyMatch(Problem::isError);
    assertEquals(errors ? 1 : 0, code, name + ": exit code of 'errorkb check'; stderr:\n" + err);
    assertFalse(err.contains("\tat ") || err.contains("Exception"), name + ": stack trace on stderr:\n" + err);
    for (Problem p : outcome.problems()) {
      String line = content.resolve(p.pos().path()).toString().replace('\\', '/') + ":" + Math.max(1, p.pos().line()) + ":"
          + Math.max(1, p.pos().column()) + ": " + p.level().key() + ": ";
      assertTrue(err.contains(line) && err.contains("[" + p.rule() + "]"), name + ": stderr lacks " + line + "...[" + p.rule() + "]:\n" + err);
    }
    assertEquals(TreeSnapshot.without(after, "site"), TreeSnapshot.without(TreeSnapshot.of(work), "site"), name + ": check wrote something");
  }

  /** Inputs that are made at run time rather than committed: huge files and symbolic links. */
  private static void setUp(String name, Path work) throws IOException {
    Path c = work.resolve("content");
    switch (name) {
      case "oversized-file" -> {
        Path md = c.resolve("t/big-md/en.md");
        Files.writeString(md, "---\ntitle: big\nsummary: big\n---\n\n## Cause\n\n" + "x".repeat(1 << 20) + "\n\n## Fix\n\ny\n",
            StandardCharsets.UTF_8);
        Files.writeString(c.resolve("t/big-yaml/entry.yaml"),
            "product: Test\nupdated: 2026-01-01\nsignatures:\n  - text: \"fatal: another specific failure text\"\n# "
                + "y".repeat((1 << 20) + 1) + "\n", StandardCharsets.UTF_8);
        // A sparse 5 MiB + 1 byte asset: the size check must not need to read it.
        try (RandomAccessFile f = new RandomAccessFile(c.resolve("t/big-asset/huge.bin").toString(), "rw")) {
          f.setLength(5L * (1 << 20) + 1);
        }
      }
      case "symlink-asset" -> {
        Path dir = c.resolve("t/linked");
        try {
          Files.createSymbolicLink(dir.resolve("leak.txt"), Path.of("../../../outside/secret.txt"));
          Files.createSymbolicLink(dir.resolve("linked-dir"), work.resolve("outside").toAbsolutePath());
          Files.createSymbolicLink(c.resolve("t/linked-entry"), work.resolve("outside").toAbsolutePath());
        } catch (UnsupportedOperationException | IOException e) {
          Assumptions.abort("symbolic links not available here: " + e);
        }
      }
      case "script-named-assets" -> {
        Path dir = c.resolve("t/named");
        try {
          Files.writeString(dir.resolve("javascript&colon;alert(1)"), "x", StandardCharsets.UTF_8);
          Files.writeString(dir.resolve("javascript:alert(2)"), "x", StandardCharsets.UTF_8);
        } catch (IOException | java.nio.file.InvalidPathException e) {
          Assumptions.abort("file names with ':' not available here: " + e);
        }
      }
      default -> { }
    }
  }

  /** helper-2's signature checks, by name, so this test compiles whether or not they exist yet. */
  @SuppressWarnings("unchecked")
  private static List<Problem> signatureChecks(KnowledgeBase kb) {
    try {
      Class<?> c = Class.forName("dev.errorkb.signature.SignatureChecks");
      return (List<Problem>) c.getMethod("check", KnowledgeBase.class).invoke(null, kb);
    } catch (ReflectiveOperationException e) {
      fail("signature checks not available: " + e);
      return List.of();
    }
  }

  private static Path sourceResources() {
    return Path.of("src/test/resources/bad");
  }

  private static void copyTree(Path from, Path to, String skipName) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted().toList()) {
        if (skipName != null && p.getFileName().toString().equals(skipName)) {
          continue;
        }
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * A case's expected.txt: comment lines ({@code #}) with {@code # outcome: rejected|published} and
   * {@code # pending: rule-id …}, then one {@code path:line:column: level: message [rule]} line per
   * problem. Only location, level and rule are compared (messages may be reworded); the message is
   * there for the reader.
   */
  record Expected(List<String> header, boolean rejected, List<String> pendingRules, List<String> keys) {
    static Expected read(Path file) throws IOException {
      List<String> header = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      boolean rejected = true;
      List<String> pending = new ArrayList<>();
      if (!Files.exists(file)) {
        return new Expected(List.of("# outcome: rejected"), true, List.of(), List.of());
      }
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.startsWith("#")) {
          header.add(line);
          if (line.startsWith("# outcome:")) {
            rejected = line.substring(10).strip().equals("rejected");
          } else if (line.startsWith("# pending:")) {
            pending.addAll(List.of(line.substring(10).strip().split("\\s+")));
          }
        } else if (!line.isBlank()) {
          keys.add(key(line));
        }
      }
      return new Expected(header, rejected, pending, keys.stream().sorted().toList());
    }

    /** {@code path:line:column: level [rule]} of an expected.txt line. */
    static String key(String line) {
      int lvl = line.indexOf(": error: ") >= 0 ? line.indexOf(": error: ") : line.indexOf(": warning: ");
      int rule = line.lastIndexOf(" [");
      if (lvl < 0 || rule < 0 || !line.endsWith("]")) {
        throw new IllegalArgumentException("not a problem line: " + line);
      }
      String level = line.substring(lvl + 2, line.indexOf(':', lvl + 2));
      return line.substring(0, lvl) + ": " + level + " " + line.substring(rule + 1);
    }

    static List<String> keys(List<Problem> problems) {
      return problems.stream().map(p -> key(p.toString())).sorted().toList();
    }

    void write(Path file, List<Problem> problems, Path sourceRoot) throws IOException {
      StringBuilder sb = new StringBuilder();
      for (String h : header) {
        sb.append(h).append('\n');
      }
      problems.stream().map(Problem::toString).sorted().forEach(l -> sb.append(l).append('\n'));
      Path target = sourceRoot.resolve(file.getParent().getFileName().toString()).resolve("expected.txt");
      Files.writeString(target, sb.toString(), StandardCharsets.UTF_8);
    }
  }
}
