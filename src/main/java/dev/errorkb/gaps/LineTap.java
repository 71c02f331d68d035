package dev.errorkb.gaps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * The reader handed to {@code ErrorIndex.scan}: it keeps the last lines read so that each can be
 * settled — known (inside a hit) or not — once no hit can still cover it. A multi-line signature's
 * hit arrives when its window ends, at most {@link #DELAY} lines after its first line, so a line
 * is settled that many lines later; the scanner itself stays untouched.
 */
final class LineTap extends BufferedReader {

  /** Settles one line. */
  interface Sink {
    void line(long lineNo, String text, boolean known);
  }

  /** The scanner's longest window of lines is 256. */
  static final int DELAY = 257;

  private final BufferedReader in;
  private final Sink sink;
  private final String[] ring = new String[512];
  private final boolean[] known = new boolean[512];
  private long lineNo; // last line read
  private long settled; // last line settled

  LineTap(Reader in, Sink sink) {
    super(in, 1);
    this.in = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
    this.sink = sink;
  }

  @Override
  public String readLine() throws IOException {
    String line = in.readLine();
    if (line == null) {
      return null;
    }
    lineNo++;
    int slot = (int) (lineNo & (ring.length - 1));
    ring[slot] = line;
    known[slot] = false;
    settleUpTo(lineNo - DELAY);
    return line;
  }

  /** The last line read, which a hit arriving now is about. */
  long lineNo() {
    return lineNo;
  }

  /** Marks lines {@code from} to the last one read as known (from is clamped to what is kept). */
  void markKnown(long from) {
    for (long l = Math.max(from, settled + 1); l <= lineNo; l++) {
      known[(int) (l & (ring.length - 1))] = true;
    }
  }

  /** Settles the remaining lines, after the scan (whose last windows report after the last read). */
  void finish() {
    settleUpTo(lineNo);
  }

  private void settleUpTo(long last) {
    while (settled < last) {
      settled++;
      int slot = (int) (settled & (ring.length - 1));
      String text = ring[slot];
      ring[slot] = null;
      sink.line(settled, text, known[slot]);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
