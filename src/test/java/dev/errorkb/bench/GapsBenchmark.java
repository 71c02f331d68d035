package dev.errorkb.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.errorkb.gaps.Gaps;
import dev.errorkb.gaps.GapsReport;
import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.signature.ErrorIndexWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Speed of {@code gaps} (issue 16): the 1 GB log of {@link SignatureBenchmark} (8 M lines, one
 * known error per 1,000, one WARNING of random words per 10 — 800,000 error-looking lines that no
 * entry knows, the worst case for the miner: nearly each is its own template, so the template cap
 * is reached and the rest is counted) against the same 10,000-entry index; scan on the same log in
 * the same JVM, for the overhead; then a CI-like log of the same size (one unknown error per 100
 * lines, from 200 templates). On demand: {@code mvn -o test -Dtest=GapsBenchmark
 * -Derrorkb.bench=true [-Derrorkb.bench.scanMb=1024]}. Writes target/bench/gaps-report.txt.
 */
class GapsBenchmark {

  @Test
  void oneGigabyteAgainstTenThousandEntries() throws IOException {
    assumeTrue(Boolean.getBoolean("errorkb.bench"), "benchmarks run only with -Derrorkb.bench=true");
    var dir = CorpusKb.corpusDir();
    assumeTrue(dir.isPresent(), "../shared/corpus not found; benchmark skipped");
    Path out = Path.of("target", "bench");
    Files.createDirectories(out);
    CorpusKb.Generated g = CorpusKb.generate(CorpusKb.readCorpus(dir.get()), SignatureBenchmark.ENTRIES, 7);
    Path indexFile = out.resolve("errors-10k.json");
    if (!Files.exists(indexFile)) {
      Files.write(indexFile, ErrorIndexWriter.toJson(ErrorIndexWriter.build(g.kb(), UnaryOperator.identity(), "errorkb bench")));
    }
    ErrorIndex index = ErrorIndex.load(indexFile);
    long mb = Long.getLong("errorkb.bench.scanMb", 1024);
    Path log = out.resolve("scan-" + mb + "mb.log");
    if (!Files.exists(log) || Files.size(log) < (mb << 20)) {
      SignatureBenchmark.writeLog(log, mb << 20, g, new Random(5));
    }
    double size = Files.size(log) / 1e6;
    StringBuilder report = new StringBuilder();
    // Warm-up on the first 50 MB of the same kind of log, so C2 has compiled both loops.
    Path warm = out.resolve("warm-50mb.log");
    if (!Files.exists(warm)) {
      SignatureBenchmark.writeLog(warm, 50L << 20, g, new Random(6));
    }
    run(index, warm);
    scan(index, warm);

    var threads = SignatureBenchmark.THREADS;
    long c = threads.getCurrentThreadCpuTime();
    long s = System.nanoTime();
    AtomicLong hits = new AtomicLong();
    try (var in = Gaps.openBytes(log)) { // as the CLI reads it
      index.scan(in, Integer.MAX_VALUE, h -> hits.incrementAndGet(), null);
    }
    double scanWall = (System.nanoTime() - s) / 1e9;
    double scanCpu = (threads.getCurrentThreadCpuTime() - c) / 1e9;
    line(report, "scan  %.0f MB: wall %.1f s = %.0f MB/s; thread CPU %.1f s = %.0f MB/s; %d hits",
        size, scanWall, size / scanWall, scanCpu, size / scanCpu, hits.get());

    System.gc();
    long heapBefore = usedHeap();
    c = threads.getCurrentThreadCpuTime();
    s = System.nanoTime();
    Gaps gaps = run(index, log);
    double wall = (System.nanoTime() - s) / 1e9;
    double cpu = (threads.getCurrentThreadCpuTime() - c) / 1e9;
    GapsReport r = gaps.report();
    System.gc();
    long heapAfter = usedHeap();
    line(report, "gaps  %.0f MB: wall %.1f s = %.0f MB/s; thread CPU %.1f s = %.0f MB/s", size, wall, size / wall, cpu, size / cpu);
    line(report, "      %,d lines, %,d known, %,d clustered into %,d templates (cap %,d), %,d beyond the cap counted, %,d skipped",
        r.lines(), r.knownLines(), r.clusteredLines(), r.clusters().size(), Gaps.Options.DEFAULT.maxClusters(),
        r.unclusteredLines(), r.skippedLines());
    line(report, "      heap held by the finished run (after GC): %.0f MB; max heap %d MB",
        (heapAfter - heapBefore) / 1e6, Runtime.getRuntime().maxMemory() >> 20);
    // A CI-like mix: the same ordinary lines, but 1 line in 100 an error no entry knows, from 200
    // templates with variable parts, and the known errors as before.
    Path ci = out.resolve("gaps-ci-" + mb + "mb.log");
    if (!Files.exists(ci) || Files.size(ci) < (mb << 20)) {
      writeCiLog(ci, mb << 20, g, new Random(8));
    }
    double ciSize = Files.size(ci) / 1e6;
    c = threads.getCurrentThreadCpuTime();
    s = System.nanoTime();
    GapsReport rc = run(index, ci).report();
    double ciWall = (System.nanoTime() - s) / 1e9;
    double ciCpu = (threads.getCurrentThreadCpuTime() - c) / 1e9;
    line(report, "gaps  %.0f MB CI-like log: wall %.1f s = %.0f MB/s; thread CPU %.1f s = %.0f MB/s", ciSize, ciWall,
        ciSize / ciWall, ciCpu, ciSize / ciCpu);
    line(report, "      %,d lines, %,d known, %,d clustered into %,d templates, %,d beyond the cap, %,d skipped",
        rc.lines(), rc.knownLines(), rc.clusteredLines(), rc.clusters().size(), rc.unclusteredLines(), rc.skippedLines());
    line(report, "load average at the end: %.2f on %d cores",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    System.out.println("\n==== gaps benchmark ====\n" + report);
    Files.writeString(out.resolve("gaps-report.txt"), report.toString(), StandardCharsets.UTF_8);
    // Thread CPU, as SignatureBenchmark: wall time on the shared 2-core machine measures the neighbours too.
    assertTrue(size / cpu >= 50, "gaps (thread CPU) " + size / cpu + " MB/s < 50 MB/s\n" + report);
    assertTrue(r.clusters().size() <= Gaps.Options.DEFAULT.maxClusters(), "cluster cap");
  }

  /** Ordinary PostgreSQL-style lines; one known error per 1,000 lines; one unknown error per 100. */
  static void writeCiLog(Path file, long bytes, CorpusKb.Generated g, Random rnd) throws IOException {
    String[] words = "build step cache layer pull push artifact upload download runner job stage deploy test suite module compile link package publish worker queue shard bucket"
        .split(" ");
    String[][] unknown = new String[200][];
    for (int t = 0; t < unknown.length; t++) {
      String[] tpl = new String[5 + rnd.nextInt(8)];
      for (int k = 0; k < tpl.length; k++) {
        tpl[k] = rnd.nextInt(5) == 0 ? null : words[rnd.nextInt(words.length)] + (k == 0 ? "-" + t : "");
      }
      unknown[t] = tpl;
    }
    try (java.io.BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      long written = 0;
      long n = 0;
      StringBuilder line = new StringBuilder(200);
      while (written < bytes) {
        line.setLength(0);
        line.append("2026-03-14 09:").append(10 + rnd.nextInt(50)).append(':').append(10 + rnd.nextInt(50))
            .append('.').append(100 + rnd.nextInt(900)).append(" UTC [").append(1000 + rnd.nextInt(90000)).append("] ");
        n++;
        if (n % 1000 == 0) {
          CorpusKb.Origin o = g.origins().get(rnd.nextInt(g.origins().size()));
          line.append("ERROR:  ").append(CorpusKb.fill(o.message().en(), rnd).replace('\n', ' ').strip());
        } else if (n % 100 == 0) {
          line.append("ERROR:  ");
          for (String tok : unknown[rnd.nextInt(unknown.length)]) {
            line.append(tok == null ? "x" + rnd.nextInt(100000) : tok).append(' ');
          }
          line.append("failed");
        } else {
          line.append("LOG:  ");
          int k = 6 + rnd.nextInt(14);
          for (int i = 0; i < k; i++) {
            line.append(i > 0 ? " " : "").append(rnd.nextInt(8) == 0 ? String.valueOf(rnd.nextInt(100000)) : words[rnd.nextInt(words.length)]);
          }
        }
        line.append('\n');
        w.append(line);
        written += line.length();
      }
    }
  }

  private static Gaps run(ErrorIndex index, Path log) throws IOException {
    Gaps gaps = Gaps.against(index, Gaps.Options.DEFAULT);
    try (var in = Gaps.openBytes(log)) {
      gaps.add(log.toString(), in);
    }
    return gaps;
  }

  private static void scan(ErrorIndex index, Path log) throws IOException {
    try (var in = Gaps.openBytes(log)) {
      index.scan(in, Integer.MAX_VALUE, h -> { }, null);
    }
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void line(StringBuilder b, String fmt, Object... args) {
    b.append(String.format(Locale.ROOT, fmt, args)).append('\n');
  }
}
