package dev.errorkb.cli;

import java.io.IOException;
import java.io.Reader;

/**
 * Passes at most {@link #MAX_LINE_CHARS} characters of each line (lines end at LF, CR or CRLF, as
 * {@code BufferedReader.readLine} reads them) and drops the rest, counting the lines cut. A log
 * line of gigabytes (one JSON document, a binary dump) ran {@code scan} out of memory, and the
 * message blamed the knowledge base (issue 12, item 16); the scanner keeps up to 256 lines for
 * multi-line signatures, so this bounds its memory to about 256 times this length.
 */
final class BoundedLineReader extends Reader {
  /** The longest line scanned, in characters. */
  static final int MAX_LINE_CHARS = 256 * 1024;

  private final Reader in;
  private final int max;
  private int lineLength;
  private boolean lastWasCr;
  private long line = 1;
  private long cut;
  private long firstCut;

  BoundedLineReader(Reader in) {
    this(in, MAX_LINE_CHARS);
  }

  BoundedLineReader(Reader in, int max) {
    this.in = in;
    this.max = max;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      int n = in.read(buf, off, len);
      if (n < 0) {
        return -1;
      }
      int w = off;
      for (int i = off; i < off + n; i++) {
        char c = buf[i];
        if (c == '\n' || c == '\r') {
          if (!(c == '\n' && lastWasCr)) {
            line++;
          }
          lastWasCr = c == '\r';
          lineLength = 0;
          buf[w++] = c;
          continue;
        }
        lastWasCr = false;
        if (lineLength == max) {
          cut++;
          firstCut = cut == 1 ? line : firstCut;
        }
        if (lineLength++ < max) {
          buf[w++] = c;
        }
      }
      if (w > off) {
        return w - off;
      }
    }
  }

  /** How many lines were cut. */
  long cutLines() {
    return cut;
  }

  /** The 1-based number of the first line cut, if any. */
  long firstCutLine() {
    return firstCut;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
