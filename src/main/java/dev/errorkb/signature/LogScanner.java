package dev.errorkb.signature;

import dev.errorkb.signature.ErrorIndex.ScanHit;
import dev.errorkb.signature.ExactMatcher.Hit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds known errors in a log, line by line, never holding it whole: token hashes per line (without
 * creating strings for plain ASCII), candidates from the filter, regexes on the line; a signature
 * written over several lines through a window of lines opened by its rarest words, tried again
 * without a log prefix that every line of the window shares. Its own class because scan shares
 * only the filter and the matcher with match, and match never needs the multi-line data. Over 450
 * lines because single-line signatures and the window of lines are one pass over the log: each
 * line is read and hashed once and fed to both, in the loop that sets the scan-speed bar.
 */
final class LogScanner {

  /**
   * Signatures written over several lines, for scan: each is triggered by the rarest word of one
   * of its lines, then checked against the window of lines it would span.
   *
   * @param lineCount lines of the signature text
   * @param triggerLine 0-based line of the trigger word within the signature
   * @param triggerReq up to MAX_REQ rarest anchor tokens of that line, all required
   */
  private record MultiLine(
      boolean[] multiLine, int[] lineCount, int[] triggerLine, long[][] triggerReq,
      TokenTable multiKeys, int[][] multiLists, int maxLines) {}

  private final SignatureTable table;
  private final LongIntMap anchorDf; // signatures per anchor token hash
  private volatile MultiLine multi; // built by the first scan: match does not need it
  private volatile ScanFilter.Shared scanKeys; // the same
  private final CandidateFilter filter;
  private final ExactMatcher matcher;

  /** @param anchorDf signatures per anchor token hash ({@link CandidateKeys}) */
  LogScanner(SignatureTable table, LongIntMap anchorDf, CandidateFilter filter, ExactMatcher matcher) {
    this.table = table;
    this.anchorDf = anchorDf;
    this.filter = filter;
    this.matcher = matcher;
  }

  /**
   * Reads {@code reader} line by line (never whole) and reports known errors: per line, the best
   * signature of each entry that matched. Returns the number of hits. The reference for the byte
   * path ({@link #scan(InputStream, int, Consumer, ErrorIndex.LineObserver)}), which gives the same hits.
   */
  long scan(Reader reader, Consumer<ScanHit> sink) throws IOException {
    BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    Run run = new Run(sink, new long[][] {new long[64]});
    long lineNo = 0;
    String line;
    while ((line = br.readLine()) != null) {
      run.textLine(++lineNo, line);
    }
    run.end(lineNo);
    return run.hits;
  }

  /**
   * The same over UTF-8 bytes ({@link LogLines}): a plain ASCII line is hashed straight from the
   * input buffer and becomes a string only when a signature's required words are all on it (or
   * a window of lines needs it); other lines take the string path above.
   */
  ErrorIndex.ScanStats scan(InputStream in, int maxLineChars, Consumer<ScanHit> sink, ErrorIndex.LineObserver observer)
      throws IOException {
    LogLines lines = new LogLines(in, maxLineChars);
    Run run = new Run(sink, lines.hashes());
    int count;
    while ((count = lines.nextTokens()) != -2) {
      if (observer != null) {
        observer.line(lines, count >= 0);
      }
      if (count < 0) {
        run.textLine(lines.lineNo(), lines.text());
      } else {
        run.asciiLine(lines.lineNo(), count, lines);
      }
    }
    run.end(lines.lineNo());
    return new ErrorIndex.ScanStats(run.hits, lines.lineNo(), lines.cutLines(), lines.firstCutLine());
  }

  /**
   * One scan's state. The common path of a line (hashes, the two table look-ups per word) is kept
   * small; what few lines need — folding a non-ASCII line, opening or checking a window, running
   * the candidates' regexes — is in methods of its own, so that the first such line does not
   * recompile the loop around it.
   */
  private final class Run {
    final Consumer<ScanHit> sink;
    final BitSet cand = new BitSet(table.size());
    final long[][] buf; // the line's token hashes in buf[0]
    final char[][] chars = {new char[256]};
    final MultiLine ml = multiLine();
    final boolean multi = ml.multiLists().length > 0;
    // The last lines, for windows: the text, or (a line read as bytes and not decoded) a copy of its bytes.
    final String[] ringText = new String[ml.maxLines()];
    final byte[][] ringBytes = new byte[ml.maxLines()][];
    final int[] ringLen = new int[ml.maxLines()];
    final ScanFilter keys = new ScanFilter(scanKeys(ml));
    final List<long[]> pending = new ArrayList<>(); // {signature, first line, due line}
    long hits;

    Run(Consumer<ScanHit> sink, long[][] buf) {
      this.sink = sink;
      this.buf = buf;
      // Room for most lines from the start: a slot grown during the scan is a branch the compiled
      // loop had not seen taken, and recompiling it costs a pass of the first seconds.
      for (int i = 0; multi && i < ringBytes.length; i++) {
        ringBytes[i] = new byte[1024];
      }
    }

    /** A line as text: ASCII hashes from its characters, else folded and tokenised. */
    void textLine(long lineNo, String line) {
      if (multi) {
        int slot = (int) (lineNo % ringText.length);
        ringText[slot] = line;
      }
      int count = asciiTokenHashes(line, buf, chars);
      String folded = null;
      if (count < 0) {
        folded = Normalizer.fold(line);
        count = foldedHashes(folded);
      }
      common(lineNo, count, line, folded, null);
    }

    /** An ASCII line read as bytes, its {@code count} hashes in {@code buf[0]}. */
    void asciiLine(long lineNo, int count, LogLines src) {
      if (multi) {
        keepBytes(lineNo, src.bytes(), src.start(), src.end());
      }
      common(lineNo, count, null, null, src);
    }

    private int foldedHashes(String folded) {
      List<String> tokens = Normalizer.tokenize(folded);
      if (buf[0].length < tokens.size()) {
        buf[0] = new long[tokens.size() * 2];
      }
      int count = 0;
      for (String t : tokens) {
        buf[0][count++] = TokenTable.hash(t);
      }
      return count;
    }

    private void keepBytes(long lineNo, byte[] b, int from, int to) {
      int slot = (int) (lineNo % ringText.length);
      ringText[slot] = null;
      byte[] copy = ringBytes[slot];
      int n = to - from;
      if (copy.length < n) {
        copy = new byte[Math.max(n, copy.length * 2)];
        ringBytes[slot] = copy;
      }
      System.arraycopy(b, from, copy, 0, n);
      ringLen[slot] = n;
    }

    /** {@code text} is the line, or null when it is {@code src}'s current ASCII line not yet made a string. */
    private void common(long lineNo, int count, String text, String folded, LogLines src) {
      long[] hashes = buf[0];
      if (multi) {
        TokenTable mk = ml.multiKeys();
        for (int i = 0; i < count; i++) {
          int slot = mk.get(hashes[i]);
          if (slot >= 0) {
            trigger(slot, lineNo, count);
          }
        }
      }
      if (!pending.isEmpty()) {
        hits += checkWindows(pending, lineNo, false);
      }
      // Log lines keep their line breaks: every required token must be there.
      keys.addCandidates(hashes, count, cand);
      if (!cand.isEmpty()) {
        if (text != null) {
          if (folded == null) {
            folded = Normalizer.fold(text);
          }
          candidates(lineNo, folded, LangDetect.detectLang(folded));
        } else {
          // ASCII: folded from the bytes; no kana or Han, so English.
          candidates(lineNo, Normalizer.foldAscii(src.bytes(), src.start(), src.end()), "en");
        }
      }
    }

    /** Opens the windows of the multi-line signatures filed under trigger {@code slot}, when the line holds their trigger words. */
    private void trigger(int slot, long lineNo, int count) {
      for (int k : ml.multiLists()[slot]) {
        if (!containsAll(buf[0], count, ml.triggerReq()[k])) {
          continue;
        }
        long first = lineNo - ml.triggerLine()[k];
        if (pending.stream().noneMatch(q -> q[0] == k && q[1] == first)) {
          pending.add(new long[] {k, first, first + ml.lineCount()[k] - 1});
        }
      }
    }

    /** Runs the candidate signatures on the line and reports the best hit of each entry. */
    private void candidates(long lineNo, String folded, String lang) {
      Map<Integer, Hit> best = new HashMap<>();
      for (int k = cand.nextSetBit(0); k >= 0; k = cand.nextSetBit(k + 1)) {
        cand.clear(k); // bit by bit: clear() would zero the whole set for every line
        if (ml.multiLine()[k]) {
          continue;
        }
        Hit h = matcher.tryMatch(k, folded, lang);
        if (h != null) {
          best.merge(table.sigEntry()[k], h, (a, b) -> ExactMatcher.HIT_ORDER.compare(a, b) <= 0 ? a : b);
        }
      }
      if (best.isEmpty()) {
        return;
      }
      List<Hit> list = new ArrayList<>(best.values());
      list.sort(ExactMatcher.HIT_ORDER);
      for (Hit h : list) {
        sink.accept(new ScanHit(lineNo, table.entryOf(h.sig()), table.sig(h.sig()), h.span(), h.slots()));
        hits++;
      }
    }

    /** After the last line: the windows still open are checked on the lines there are. */
    void end(long lineNo) {
      if (!pending.isEmpty()) {
        hits += checkWindows(pending, lineNo, true);
      }
    }

    private String ringLine(long l) {
      int slot = (int) (l % ringText.length);
      String t = ringText[slot];
      return t != null ? t : LogLines.ascii(ringBytes[slot], 0, ringLen[slot]);
    }

    /**
     * Runs the multi-line signatures whose window ends at {@code lineNo} (or all, at the end) on
     * their lines joined, and reports each match at the window's first line.
     */
    private long checkWindows(List<long[]> pending, long lineNo, boolean atEnd) {
      long found = 0;
      for (java.util.Iterator<long[]> it = pending.iterator(); it.hasNext(); ) {
        long[] p = it.next();
        if (!atEnd && p[2] > lineNo) {
          continue;
        }
        it.remove();
        int k = (int) p[0];
        long from = Math.max(1, Math.max(p[1], lineNo - ringText.length + 1));
        String[] lines = new String[(int) (lineNo - from + 1)];
        for (long l = from; l <= lineNo; l++) {
          lines[(int) (l - from)] = ringLine(l);
        }
        Hit h = matchWindow(k, lines);
        if (h != null) {
          // The window is the signature's own lines: it ends where the hit ends.
          sink.accept(new ScanHit(from, table.entryOf(k), table.sig(k), h.span(), h.slots(), lineNo));
          found++;
        }
      }
      return found;
    }
  }

  /** At most this many leading fields of each line are tried as a log prefix. */
  static final int MAX_PREFIX_FIELDS = 8;

  /**
   * Matches multi-line signature {@code k} against a window of log lines: first as they are,
   * then — when every line starts with the same kind of log prefix (timestamp, thread, host…),
   * which would sit between the signature's lines — with the first 1, 2, … of those prefix
   * fields removed from every line (docs/matching.md §3).
   */
  private Hit matchWindow(int k, String[] lines) {
    String folded = Normalizer.fold(String.join("\n", lines));
    Hit h = matcher.tryMatch(k, folded, LangDetect.detectLang(folded));
    if (h != null || lines.length < 2) {
      return h;
    }
    int[][] starts = new int[lines.length][];
    for (int j = 0; j < lines.length; j++) {
      starts[j] = fieldStarts(lines[j]);
    }
    int common = commonPrefixFields(lines, starts);
    StringBuilder b = new StringBuilder();
    for (int f = 1; f <= common; f++) {
      b.setLength(0);
      for (int j = 0; j < lines.length; j++) {
        b.append(lines[j], f < starts[j].length ? starts[j][f] : lines[j].length(), lines[j].length()).append('\n');
      }
      folded = Normalizer.fold(b.toString());
      h = matcher.tryMatch(k, folded, LangDetect.detectLang(folded));
      if (h != null) {
        return h;
      }
    }
    return null;
  }

  /** Where the whitespace-separated fields of {@code line} start, up to {@link #MAX_PREFIX_FIELDS} + 1 of them. */
  static int[] fieldStarts(String line) {
    int[] out = new int[MAX_PREFIX_FIELDS + 1];
    int n = 0;
    boolean inField = false;
    for (int i = 0; i < line.length() && n < out.length; i++) {
      char c = line.charAt(i);
      boolean space = c == ' ' || c == '\t';
      if (!space && !inField) {
        out[n++] = i;
      }
      inField = !space;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /**
   * How many leading fields all lines share in shape (the field folded and masked: timestamps,
   * numbers, ids differ from line to line, their kind does not). A line may be nothing but the
   * prefix (an empty line of the error).
   */
  static int commonPrefixFields(String[] lines, int[][] starts) {
    int max = MAX_PREFIX_FIELDS;
    for (int[] st : starts) {
      max = Math.min(max, st.length);
    }
    int f = 0;
    for (; f < max; f++) {
      String shape = null;
      for (int j = 0; j < lines.length; j++) {
        int end = f + 1 < starts[j].length ? starts[j][f + 1] : lines[j].length();
        String field = lines[j].substring(starts[j][f], end).strip();
        String sh = Normalizer.mask(Normalizer.fold(field));
        if (shape == null) {
          shape = sh;
        } else if (!shape.equals(sh)) {
          return f;
        }
      }
    }
    return f;
  }

  /** Per ASCII character, its lower-cased self when it is a word character ([a-z0-9_] after folding), else 0. */
  private static final byte[] WORD = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      char f = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
      if ((f >= 'a' && f <= 'z') || (f >= '0' && f <= '9') || f == '_') {
        WORD[c] = (byte) f;
      }
    }
  }

  /**
   * Token hashes of a plain ASCII line, computed without creating strings (lower-casing on the
   * fly, as folding would); returns -1 when the line needs the full folding path (non-ASCII or
   * escape characters). The line's characters are copied into {@code chars[0]} first: a loop over
   * a char array with a table lookup runs at about twice the speed of {@code charAt} and range tests.
   */
  static int asciiTokenHashes(String line, long[][] buf, char[][] chars) {
    int n = line.length();
    char[] cs = chars[0];
    if (cs.length < n) {
      cs = new char[Math.max(n, cs.length * 2)];
      chars[0] = cs;
    }
    line.getChars(0, n, cs, 0);
    long[] out = buf[0];
    if (out.length < n / 2 + 1) { // a token and a separator at least: at most (n + 1) / 2 tokens
      out = new long[Math.max(n / 2 + 1, out.length * 2)];
      buf[0] = out;
    }
    int count = 0;
    long h = TokenTable.SEED;
    boolean inWord = false;
    for (int i = 0; i < n; i++) {
      char c = cs[i];
      if (c >= 0x80 || c == 0x1b) {
        return -1;
      }
      int w = WORD[c];
      if (w != 0) {
        h = TokenTable.step(h, (char) w);
        inWord = true;
      } else if (inWord) {
        out[count++] = h;
        h = TokenTable.SEED;
        inWord = false;
      }
    }
    if (inWord) {
      out[count++] = h;
    }
    return count;
  }

  /**
   * {@link #asciiTokenHashes(String, long[][], char[][])} over the UTF-8 bytes {@code b[from, to)}
   * of a line: for ASCII bytes the characters are the bytes, so the hashes are the same; -1 as
   * soon as a byte is not ASCII or is ESC (the line then takes the string path), or is a line break.
   */
  static int asciiTokenHashes(byte[] b, int from, int to, long[][] buf) {
    int n = to - from;
    long[] out = buf[0];
    if (out.length < n / 2 + 1) {
      out = new long[Math.max(n / 2 + 1, out.length * 2)];
      buf[0] = out;
    }
    int[] cls = LogLines.TOKEN_CLASS;
    int count = 0;
    long h = TokenTable.SEED;
    boolean inWord = false;
    for (int i = from; i < to; i++) {
      int w = cls[b[i] & 0xff];
      if (w > 0) {
        h = TokenTable.step(h, (char) w);
        inWord = true;
      } else if (w < 0) {
        return -1;
      } else if (inWord) {
        out[count++] = h;
        h = TokenTable.SEED;
        inWord = false;
      }
    }
    if (inWord) {
      out[count++] = h;
    }
    return count;
  }

  private static boolean containsAll(long[] a, int n, long[] values) {
    for (long v : values) {
      if (!contains(a, n, v)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code v} is among the first {@code n} values of {@code a} (a line's few token hashes). */
  static boolean contains(long[] a, int n, long v) {
    for (int i = 0; i < n; i++) {
      if (a[i] == v) {
        return true;
      }
    }
    return false;
  }

  /** The multi-line signatures' data, built by the first scan. */
  private MultiLine multiLine() {
    MultiLine m = multi;
    if (m == null) {
      m = buildMultiLine();
      multi = m;
    }
    return m;
  }

  /** The scan filter's data (single-line signatures only), built by the first scan. */
  private ScanFilter.Shared scanKeys(MultiLine ml) {
    ScanFilter.Shared s = scanKeys;
    if (s == null) {
      s = new ScanFilter.Shared(filter, ml.multiLine());
      scanKeys = s;
    }
    return s;
  }

  private MultiLine buildMultiLine() {
    int n = table.size();
    LongIntMap df = anchorDf;
    boolean[] multiLine = new boolean[n];
    int[] lineCount = new int[n];
    int[] triggerLine = new int[n];
    long[][] triggerReq = new long[n][];
    Map<Long, List<Integer>> byTrigger = new HashMap<>();
    int longest = 1;
    for (int k = 0; k < n; k++) {
      String[] lines = table.sig(k).text().strip().split("\\r?\\n", -1);
      lineCount[k] = lines.length;
      if (lines.length < 2 || table.sig(k).anchors().isEmpty()) {
        continue;
      }
      // The trigger is the line with the rarest word; that line's rarest words must all be on
      // the log line that triggers, so that common words do not open a window on every line.
      int bestLine = -1;
      long[] bestReq = null;
      int bestDf = Integer.MAX_VALUE;
      for (int j = lines.length - 1; j >= 0; j--) {
        long[] hashes = TemplateInfo.of(Normalizer.mask(Normalizer.fold(lines[j]))).anchorHashes();
        if (hashes.length == 0) {
          continue;
        }
        long[] sorted = java.util.Arrays.stream(hashes).boxed()
            .sorted(Comparator.comparingInt((Long h) -> df.get(h, 0)))
            .mapToLong(Long::longValue).limit(Ranking.MAX_REQ).toArray();
        int f = df.get(sorted[0], 0);
        if (f < bestDf) {
          bestDf = f;
          bestLine = j;
          bestReq = sorted;
        }
      }
      if (bestLine >= 0) {
        multiLine[k] = true;
        triggerLine[k] = bestLine;
        triggerReq[k] = bestReq;
        longest = Math.max(longest, lines.length);
        byTrigger.computeIfAbsent(bestReq[0], x -> new ArrayList<>()).add(k);
      }
    }
    int maxLines = Math.min(longest + 1, 256);
    TokenTable multiKeys = new TokenTable(byTrigger.size());
    int[][] multiLists = new int[byTrigger.size()][];
    int slot = 0;
    for (Map.Entry<Long, List<Integer>> e : byTrigger.entrySet()) {
      multiLists[slot] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      multiKeys.put(e.getKey(), slot++);
    }
    return new MultiLine(multiLine, lineCount, triggerLine, triggerReq, multiKeys, multiLists, maxLines);
  }
}
