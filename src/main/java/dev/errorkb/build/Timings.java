package dev.errorkb.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Wall time of each build step, for {@code --timings}: build speed is a requirement (issue 7), and
 * a user with a slow build needs to see which step is slow without attaching a profiler.
 */
public final class Timings {
  /** One finished step and how long it took. */
  public record Step(String name, long nanos) {}

  private final List<Step> steps = new ArrayList<>();
  private long last = System.nanoTime();

  /** Ends the current step under {@code name}; the next step starts now. */
  public synchronized void mark(String name) {
    long now = System.nanoTime();
    steps.add(new Step(name, now - last));
    last = now;
  }

  public synchronized List<Step> steps() {
    return List.copyOf(steps);
  }

  /** One line per step, {@code "  load  812 ms"}, then the total. */
  public synchronized String describe() {
    StringBuilder sb = new StringBuilder();
    long total = 0;
    for (Step s : steps) {
      total += s.nanos();
      sb.append(String.format(Locale.ROOT, "  %-22s %6d ms%n", s.name(), s.nanos() / 1_000_000));
    }
    sb.append(String.format(Locale.ROOT, "  %-22s %6d ms%n", "total", total / 1_000_000));
    return sb.toString();
  }
}
