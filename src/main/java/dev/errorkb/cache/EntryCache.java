package dev.errorkb.cache;

import dev.errorkb.model.Problem;
import dev.errorkb.util.Sha256;
import dev.errorkb.util.SitePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What rendering each entry produced in the last published build, so a rebuild renders only the
 * entries whose inputs changed: the entry's render key (its content hash with everything else its
 * pages depend on), the pages it wrote and the problems rendering reported. Stored in
 * {@code .<out>.cache/entries}. (The plain text that the signature index reads is no longer kept
 * here: {@link IndexCache} keeps each entry's whole index record, and reading 25 MB of escaped
 * texts for 10,000 entries was a third of a second of a one-edit rebuild, issue 15.)
 *
 * <p>Only valid together with the site it was written for: {@link BuildCache} checks the site's
 * manifest; the publisher keeps an unrendered entry's pages only if the manifest lists them.
 */
public final class EntryCache {
  private static final String HEADER = "errorkb-entry-cache 2";

  /**
   * One entry's last render.
   *
   * @param pages output path → SHA-256 of the bytes published there
   */
  public record Record(String id, String key, Map<String, String> pages, List<Problem> problems) {
    public Record {
      pages = Map.copyOf(pages);
      problems = List.copyOf(problems);
    }
  }

  private final Path file;
  private final Map<String, Record> byId;
  /** Where each record read from the file is in it: byte offset and length, by id. */
  private final Map<String, long[]> spans;

  private EntryCache(Path file, Map<String, Record> byId, Map<String, long[]> spans) {
    this.file = file;
    this.byId = byId;
    this.spans = spans;
  }

  private static EntryCache empty(Path file) {
    return new EntryCache(file, Map.of(), Map.of());
  }

  /** The records kept beside {@code site}; none when the file is missing or unreadable. */
  public static EntryCache read(Path site) {
    Path abs = site.toAbsolutePath().normalize();
    Path file = SitePaths.cache(abs).resolve("entries");
    Map<String, Record> byId = new HashMap<>();
    Map<String, long[]> spans = new HashMap<>();
    // Read line by line: at 50,000 entries the file is ~130 MB, too much to hold as lines too.
    try (java.io.BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      if (!HEADER.equals(in.readLine())) {
        return empty(file);
      }
      long at = utf8Length(HEADER) + 1; // the byte offset of the line read next
      long start = at;
      Builder b = null;
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        int sp = l.indexOf(' ');
        String kind = l.substring(0, sp);
        String rest = l.substring(sp + 1);
        if (kind.equals("entry")) {
          if (b != null) {
            byId.put(b.id, b.build());
            spans.put(b.id, new long[] {start, at - start});
          }
          String[] f = rest.split("\t", -1);
          b = new Builder(f[0], f[1]);
          start = at;
        } else if (kind.equals("page")) {
          int tab = rest.indexOf('\t');
          b.pages.put(rest.substring(tab + 1), rest.substring(0, tab));
        } else if (kind.equals("problem")) {
          b.problems.add(BuildCache.parseProblem(rest));
        } else {
          return empty(file);
        }
        at += utf8Length(l) + 1;
      }
      if (b != null) {
        byId.put(b.id, b.build());
        spans.put(b.id, new long[] {start, at - start});
      }
      if (at != Files.size(file)) {
        return empty(file); // a line break other than \n, or a file changed while read: no spans to trust
      }
    } catch (IOException | RuntimeException e) {
      return empty(file);
    }
    return new EntryCache(file, byId, spans);
  }

  /** How many bytes {@code s} takes in UTF-8 (a lone surrogate as the 3 bytes of its replacement). */
  static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static final class Builder {
    final String id;
    final String key;
    final Map<String, String> pages = new TreeMap<>();
    final List<Problem> problems = new ArrayList<>();

    Builder(String id, String key) {
      this.id = id;
      this.key = key;
    }

    Record build() {
      return new Record(id, key, pages, problems);
    }
  }

  /** The record of entry {@code id} if it was rendered with exactly {@code key}. */
  public Optional<Record> get(String id, String key) {
    Record r = byId.get(id);
    return r != null && r.key().equals(key) ? Optional.of(r) : Optional.empty();
  }

  /** Records formatted at a time: enough for both cores, little held in memory at 50,000 entries. */
  private static final int WRITE_BLOCK = 512;

  private static String format(Record r) {
    StringBuilder w = new StringBuilder(1024);
    w.append("entry ").append(r.id()).append('\t').append(r.key()).append('\n');
    for (Map.Entry<String, String> p : new TreeMap<>(r.pages()).entrySet()) {
      w.append("page ").append(p.getValue()).append('\t').append(p.getKey()).append('\n');
    }
    for (Problem p : r.problems()) {
      w.append("problem ").append(BuildCache.formatProblem(p)).append('\n');
    }
    return w.toString();
  }

  /**
   * Replaces the stored records (entries in id order, so the file is deterministic). A record this
   * cache read and that is handed back unchanged (an entry that was not rendered again) is copied
   * from the old file as bytes: reformatting and escaping 9,999 unchanged records was most of this
   * step after a one-entry edit. The bytes are those formatting would give: a record read with its
   * key was written by this errorkb.
   */
  public void write(Collection<Record> records) {
    List<Record> sorted = new ArrayList<>(records);
    sorted.sort(java.util.Comparator.comparing(Record::id));
    Path part = file.resolveSibling("entries.part");
    try {
      Files.createDirectories(file.getParent());
      // Written as a stream: at 50,000 entries the text is ~130 MB.
      // Formatted a block at a time on all cores (escaping the texts was a serial second at the
      // end of a 10,000-entry build), written in order.
      try (java.io.OutputStream w = new java.io.BufferedOutputStream(Files.newOutputStream(part), 1 << 16);
          java.nio.channels.FileChannel old = spans.isEmpty() ? null : java.nio.channels.FileChannel.open(file)) {
        w.write((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        for (int from = 0; from < sorted.size(); from += WRITE_BLOCK) {
          for (byte[] bytes : sorted.subList(from, Math.min(sorted.size(), from + WRITE_BLOCK)).parallelStream()
              .map(r -> bytes(r, old)).toList()) {
            w.write(bytes);
          }
        }
      }
      Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | java.io.UncheckedIOException e) {
      try {
        Files.deleteIfExists(part);
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // A missing or stale record file only costs the next build time: keys never match wrongly.
      }
    }
  }

  /** A record's bytes in the file: copied from {@code old} when it is one read from there, else formatted. */
  private byte[] bytes(Record r, java.nio.channels.FileChannel old) {
    long[] span = spans.get(r.id());
    if (old == null || span == null || byId.get(r.id()) != r || span[1] > Integer.MAX_VALUE) {
      return format(r).getBytes(StandardCharsets.UTF_8);
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) span[1]);
    try {
      while (b.hasRemaining()) {
        if (old.read(b, span[0] + b.position()) < 0) {
          return format(r).getBytes(StandardCharsets.UTF_8); // the old file is shorter than read: format
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return b.array();
  }

  /** A render key from its parts, in order. */
  public static String key(String... parts) {
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      sb.append(p).append('\0');
    }
    return hex(sb.toString());
  }

  private static String hex(String s) {
    return Sha256.hex(s);
  }
}
