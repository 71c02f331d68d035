package dev.errorkb.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The problems one run of a stage (or the whole build) found, collected from any thread and
 * handed out in one order. Before this class every stage sorted its own list with its own
 * tie-breaks and asked "did this step add an error?" by list indices (issue 14).
 *
 * <p>The order is the file (its root-qualified label), line, column, rule, then message: what a
 * reader scanning the output by file expects, and a total order on distinct problems, so output is
 * deterministic even when problems arrive from several threads. A problem reported twice (a
 * template fault met on every page) is kept once. Printing is capped by the CLI's printer, which
 * counts the rest; the collector keeps everything so that summaries and the build cache count
 * every problem.
 */
public final class Problems {
  /** The one order problems are shown in. */
  public static final Comparator<Problem> ORDER = Comparator.comparing((Problem p) -> p.pos().label())
      .thenComparingInt(p -> p.pos().line())
      .thenComparingInt(p -> p.pos().column())
      .thenComparing(Problem::rule)
      .thenComparing(Problem::message)
      .thenComparing(p -> p.level());

  private final List<Problem> list = new ArrayList<>();
  private int errors;

  public synchronized void add(Problem p) {
    list.add(p);
    if (p.isError()) {
      errors++;
    }
  }

  public synchronized void addAll(Collection<Problem> ps) {
    for (Problem p : ps) {
      add(p);
    }
  }

  public synchronized void addAll(Problems other) {
    addAll(other.snapshot());
  }

  /** A point to ask {@link #errorsSince} and {@link #addedSince} about. */
  public synchronized int mark() {
    return list.size();
  }

  /** Whether an error was added after {@code mark} was taken. */
  public synchronized boolean errorsSince(int mark) {
    for (int i = mark; i < list.size(); i++) {
      if (list.get(i).isError()) {
        return true;
      }
    }
    return false;
  }

  /** Whether any problem was added after {@code mark} was taken. */
  public synchronized boolean addedSince(int mark) {
    return list.size() > mark;
  }

  public synchronized boolean hasErrors() {
    return errors > 0;
  }

  public synchronized boolean isEmpty() {
    return list.isEmpty();
  }

  /** Every distinct problem, in {@link #ORDER}. */
  public List<Problem> sorted() {
    return sorted(snapshot());
  }

  /** {@code problems} without repeats, in {@link #ORDER}. */
  public static List<Problem> sorted(Collection<Problem> problems) {
    List<Problem> out = new ArrayList<>(new LinkedHashSet<>(problems));
    out.sort(ORDER);
    return List.copyOf(out);
  }

  private synchronized List<Problem> snapshot() {
    return new ArrayList<>(list);
  }
}
