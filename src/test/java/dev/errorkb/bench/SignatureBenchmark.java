package dev.errorkb.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.errorkb.model.Lang;
import dev.errorkb.signature.ErrorIndex;
import dev.errorkb.signature.ErrorIndexWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The timed figures of issue 3, run on demand only: {@code mvn test -Dtest=SignatureBenchmark
 * -Derrorkb.bench=true [-Derrorkb.bench.scanMb=1024]}. Prints a report for docs/performance.md and
 * asserts the required numbers. Writes its index, pastes and log under target/bench/.
 */
class SignatureBenchmark {
  static final int ENTRIES = 10_000;
  static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void tenThousandEntries() throws IOException {
    assumeTrue(Boolean.getBoolean("errorkb.bench"), "benchmarks run only with -Derrorkb.bench=true");
    var dir = CorpusKb.corpusDir();
    assumeTrue(dir.isPresent(), "../shared/corpus not found; benchmark skipped");
    Path out = Path.of("target", "bench");
    Files.createDirectories(out);
    StringBuilder report = new StringBuilder();

    long t0 = System.nanoTime();
    CorpusKb.Generated g = CorpusKb.generate(CorpusKb.readCorpus(dir.get()), ENTRIES, 7);
    byte[] json = ErrorIndexWriter.toJson(ErrorIndexWriter.build(g.kb(), UnaryOperator.identity(), "errorkb bench"));
    Path indexFile = out.resolve("errors-10k.json");
    Files.write(indexFile, json);
    line(report, "KB: %s, errors.json %.1f MB, generated and written in %d ms",
        CorpusKb.describe(g), json.length / 1e6, (System.nanoTime() - t0) / 1_000_000);

    // Index load: the first load in this JVM (cold JIT), then 24 more; the last 10 are "warm".
    long[] loads = new long[25];
    ErrorIndex index = null;
    for (int i = 0; i < loads.length; i++) {
      long s = System.nanoTime();
      index = ErrorIndex.load(indexFile);
      loads[i] = System.nanoTime() - s;
    }
    long cold = loads[0];
    long[] warm = Arrays.copyOfRange(loads, loads.length - 10, loads.length);
    Arrays.sort(warm);
    line(report, "index load (%d entries): first %.0f ms; loads 16-25: median %.0f ms, max %.0f ms",
        index.document().entries().size(), cold / 1e6, warm[warm.length / 2] / 1e6, warm[warm.length - 1] / 1e6);

    // Match latency: pastes of random entries, both languages.
    List<CorpusKb.Paste> pastes = new ArrayList<>();
    Random rnd = new Random(11);
    for (int i = 0; i < 4000; i++) {
      CorpusKb.Origin o = g.origins().get(rnd.nextInt(g.origins().size()));
      pastes.add(CorpusKb.paste(o, i % 2 == 0 ? Lang.EN : Lang.JA, rnd));
    }
    for (CorpusKb.Paste p : pastes.subList(0, 2000)) {
      index.match(p.query());
    }
    List<CorpusKb.Paste> timed = pastes.subList(2000, 4000);
    long[] lat = new long[timed.size()];
    long[] cpu = new long[timed.size()];
    int top1 = 0;
    for (int i = 0; i < lat.length; i++) {
      long c = THREADS.getCurrentThreadCpuTime();
      long s = System.nanoTime();
      List<ErrorIndex.Match> r = index.match(timed.get(i).query());
      lat[i] = System.nanoTime() - s;
      cpu[i] = THREADS.getCurrentThreadCpuTime() - c;
      top1 += !r.isEmpty() && r.get(0).entry().id().equals(timed.get(i).expect()) ? 1 : 0;
    }
    Arrays.sort(lat);
    Arrays.sort(cpu);
    double p50 = lat[lat.length / 2] / 1e6;
    double p99 = lat[(int) (lat.length * 0.99)] / 1e6;
    double cpuP99 = cpu[(int) (cpu.length * 0.99)] / 1e6;
    line(report, "match (%d pastes, 10k index, after warm-up): wall p50 %.3f ms, p99 %.3f ms, max %.3f ms;"
        + " thread CPU p50 %.3f ms, p99 %.3f ms; top-1 %.2f%%",
        lat.length, p50, p99, lat[lat.length - 1] / 1e6, cpu[cpu.length / 2] / 1e6, cpuP99, 100.0 * top1 / lat.length);

    // Accuracy at 10k, per language (padding variants included).
    Map<String, CorpusAccuracyTest.Score> acc = CorpusAccuracyTest.evaluate(index, CorpusKb.pastes(g.origins(), ENTRIES, 1, 99));
    line(report, "accuracy at 10k entries: %s", acc);

    // Scan throughput.
    long mb = Long.getLong("errorkb.bench.scanMb", 1024);
    Path log = out.resolve("scan-" + mb + "mb.log");
    long known = Files.exists(log) && Files.size(log) >= (mb << 20) ? -1 : writeLog(log, mb << 20, g, new Random(5));
    long size = Files.size(log);
    AtomicLong hits = new AtomicLong();
    long c = THREADS.getCurrentThreadCpuTime();
    long s = System.nanoTime();
    double cpuSecs;
    // As the CLI reads it: bytes, lines cut at its 256 Ki characters.
    try (var in = Files.newInputStream(log)) {
      index.scan(in, 256 * 1024, h -> hits.incrementAndGet(), null);
    }
    double secs = (System.nanoTime() - s) / 1e9;
    cpuSecs = (THREADS.getCurrentThreadCpuTime() - c) / 1e9;
    double mbps = size / 1e6 / secs;
    line(report, "scan %.0f MB log (%d known-error lines) vs %d signatures, one thread: wall %.1f s = %.0f MB/s;"
        + " thread CPU %.1f s = %.0f MB/s; %d hits",
        size / 1e6, known, countSignatures(index), secs, mbps, cpuSecs, size / 1e6 / cpuSecs, hits.get());
    line(report, "load average at the end: %.2f on %d cores",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());

    System.out.println("\n==== signature benchmark ====\n" + report);
    Files.writeString(out.resolve("report.txt"), report.toString(), StandardCharsets.UTF_8);
    // Asserted on this thread's CPU time: wall-clock figures on a shared 2-core machine measure the
    // neighbours as much as this code. docs/performance.md records both, with the load average.
    assertTrue(cpuP99 <= 5.0, "match p99 (thread CPU) " + cpuP99 + " ms > 5 ms");
    assertTrue(size / 1e6 / cpuSecs >= 100, "scan (thread CPU) " + size / 1e6 / cpuSecs + " MB/s < 100 MB/s");
  }

  /**
   * Index load alone, in a JVM that holds nothing else: {@code -Dtest=SignatureBenchmark#indexLoad}
   * after {@link #tenThousandEntries} wrote target/bench/errors-10k.json. Prints wall and process
   * CPU time of 25 loads (the first ones include JIT compilation).
   */
  @Test
  void indexLoad() throws IOException {
    assumeTrue(Boolean.getBoolean("errorkb.bench"), "benchmarks run only with -Derrorkb.bench=true");
    Path file = Path.of("target", "bench", "errors-10k.json");
    assumeTrue(Files.exists(file), "run tenThousandEntries first; it writes " + file);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    StringBuilder b = new StringBuilder();
    long[] wall = new long[25];
    long[] cpu = new long[25];
    for (int i = 0; i < wall.length; i++) {
      long c = os.getProcessCpuTime();
      long s = System.nanoTime();
      ErrorIndex.load(file);
      wall[i] = System.nanoTime() - s;
      cpu[i] = os.getProcessCpuTime() - c;
    }
    line(b, "index load, 25 loads in a fresh JVM: first wall %.0f ms (CPU %.0f ms); loads 16-25 wall %s ms,"
        + " process CPU %s ms; load average %.2f", wall[0] / 1e6, cpu[0] / 1e6,
        Arrays.stream(wall).skip(15).mapToObj(x -> String.valueOf(x / 1_000_000)).toList(),
        Arrays.stream(cpu).skip(15).mapToObj(x -> String.valueOf(x / 1_000_000)).toList(),
        os.getSystemLoadAverage());
    Files.writeString(file.resolveSibling("load-report.txt"), b.toString(), StandardCharsets.UTF_8);
  }

  private static int countSignatures(ErrorIndex index) {
    return index.document().entries().stream().mapToInt(e -> e.signatures().size()).sum();
  }

  private static void line(StringBuilder b, String fmt, Object... args) {
    String s = String.format(Locale.ROOT, fmt, args);
    b.append(s).append('\n');
    System.out.println(s);
  }

  private static final String[] WORDS = (
      "the a of to in checkpoint starting complete wrote buffers sync files added removed recycled "
          + "connection received authorized user database application statement duration execute select "
          + "insert update delete from where order by limit vacuum analyze table index autovacuum launcher "
          + "worker started process exited status shutdown request listening on address port socket "
          + "replication slot walsender standby streaming timeline archive command segment file server "
          + "client backend transaction commit rollback lock wait acquired after ms query cancel session")
      .split(" ");

  /**
   * A PostgreSQL-style log of about {@code bytes}: ordinary lines from common log words (which
   * also appear in signatures, so the prefilter is exercised) and one known error per 1,000 lines.
   */
  static long writeLog(Path file, long bytes, CorpusKb.Generated g, Random rnd) {
    long known = 0;
    long written = 0;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder(200);
      int n = 0;
      while (written < bytes) {
        line.setLength(0);
        line.append("2026-03-14 09:").append(10 + rnd.nextInt(50)).append(':').append(10 + rnd.nextInt(50))
            .append('.').append(100 + rnd.nextInt(900)).append(" UTC [").append(1000 + rnd.nextInt(90000)).append("] ");
        if (++n % 1000 == 0) {
          CorpusKb.Origin o = g.origins().get(rnd.nextInt(g.origins().size()));
          String msg = CorpusKb.fill(rnd.nextInt(4) == 0 ? o.message().ja() : o.message().en(), rnd);
          line.append("ERROR:  ").append(msg.replace('\n', ' ').strip());
          known++;
        } else {
          line.append(rnd.nextInt(10) == 0 ? "WARNING:  " : "LOG:  ");
          int words = 6 + rnd.nextInt(14);
          for (int i = 0; i < words; i++) {
            if (rnd.nextInt(8) == 0) {
              line.append(rnd.nextInt(100000));
            } else {
              line.append(WORDS[rnd.nextInt(WORDS.length)]);
            }
            line.append(i + 1 < words ? ' ' : '\n');
          }
        }
        if (line.charAt(line.length() - 1) != '\n') {
          line.append('\n');
        }
        w.append(line);
        written += line.length();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return known;
  }
}
