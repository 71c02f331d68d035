package dev.errorkb.cache;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Unsigned LEB128 numbers and length-prefixed UTF-8 strings: the encoding of the cache files that
 * hold records (the load cache's entries, the search data's counts). Damage shows as an
 * {@link IllegalArgumentException}, which readers take as "no record".
 */
final class Leb128 {
  private Leb128() {}

  static final class Out {
    private final ByteArrayOutputStream b = new ByteArrayOutputStream(1024);

    void num(int v) {
      if (v < 0) {
        throw new IllegalArgumentException("negative number " + v);
      }
      while ((v & ~0x7f) != 0) {
        b.write((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      b.write(v);
    }

    void bool(boolean v) {
      b.write(v ? 1 : 0);
    }

    void str(String s) {
      byte[] u = s.getBytes(StandardCharsets.UTF_8);
      num(u.length);
      b.write(u, 0, u.length);
    }

    /** Bytes as they are, length first. */
    void raw(byte[] u) {
      num(u.length);
      b.write(u, 0, u.length);
    }

    void opt(Optional<String> s) {
      bool(s.isPresent());
      s.ifPresent(this::str);
    }

    void strs(List<String> l) {
      list(l, this::str);
    }

    <T> void list(List<T> l, java.util.function.Consumer<T> item) {
      num(l.size());
      l.forEach(item);
    }

    byte[] bytes() {
      return b.toByteArray();
    }
  }

  static final class In {
    private final byte[] b;
    private int pos;
    private final int end;

    In(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    private int next() {
      if (pos >= end) {
        throw new IllegalArgumentException("record cut short");
      }
      return b[pos++] & 0xff;
    }

    int num() {
      int v = 0;
      for (int shift = 0; ; shift += 7) {
        int x = next();
        v |= (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
        if (shift > 21) {
          throw new IllegalArgumentException("number too long in a record");
        }
      }
    }

    boolean bool() {
      return next() != 0;
    }

    /** Whether every byte up to the end was read. */
    boolean atEnd() {
      return pos == end;
    }

    /** What {@link Out#raw} wrote, copied out. */
    byte[] raw() {
      int n = num();
      if (n > end - pos) {
        throw new IllegalArgumentException("bytes run past the record");
      }
      byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
      pos += n;
      return out;
    }

    String str() {
      int n = num();
      if (n > end - pos) {
        throw new IllegalArgumentException("string runs past the record");
      }
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    Optional<String> opt() {
      return bool() ? Optional.of(str()) : Optional.empty();
    }

    List<String> strs() {
      return list(this::str);
    }

    <T> List<T> list(java.util.function.Supplier<T> item) {
      int n = num();
      List<T> l = new ArrayList<>(Math.min(n, 1024));
      for (int i = 0; i < n; i++) {
        l.add(item.get());
      }
      return l;
    }
  }
}
