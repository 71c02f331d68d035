package dev.errorkb.signature;

/**
 * A growable open-addressing map from 64-bit token hashes to ints, so that building the index
 * counts terms without hashing, comparing and boxing strings. Two tokens with the same 64-bit hash
 * would share counts; at this size the chance is negligible and only affects word ranking.
 */
final class LongIntMap {
  private long[] keys; // 0 = empty
  private int[] values;
  private int size;
  private int mask;

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(8, expected * 2)) << 1;
    keys = new long[cap];
    values = new int[cap];
    mask = cap - 1;
  }

  private static long nonZero(long key) {
    return key == 0 ? 1 : key;
  }

  private static int mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (int) h;
  }

  /** The value for {@code key}, or {@code missing}. */
  int get(long rawKey, int missing) {
    long key = nonZero(rawKey);
    int i = mix(key) & mask;
    long k;
    while ((k = keys[i]) != 0) {
      if (k == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return missing;
  }

  /** Sets {@code key} to {@code value}. */
  void put(long rawKey, int value) {
    long key = nonZero(rawKey);
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int i = mix(key) & mask;
    while (keys[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (keys[i] == 0) {
      size++;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** Adds {@code delta} to the value of {@code key} (0 when absent) and returns the new value. */
  int add(long rawKey, int delta) {
    long key = nonZero(rawKey);
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int i = mix(key) & mask;
    long k;
    while ((k = keys[i]) != 0) {
      if (k == key) {
        return values[i] += delta;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    size++;
    return values[i] = delta;
  }

  int size() {
    return size;
  }

  /** Removes every key, keeping the capacity. */
  void clear() {
    java.util.Arrays.fill(keys, 0L);
    size = 0;
  }

  /** Calls {@code action} with every key and value, in no particular order. */
  void forEach(LongIntConsumer action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        action.accept(keys[i], values[i]);
      }
    }
  }

  /** A (key, value) callback without boxing. */
  interface LongIntConsumer {
    void accept(long key, int value);
  }

  private void grow() {
    long[] ok = keys;
    int[] ov = values;
    keys = new long[ok.length * 2];
    values = new int[ok.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < ok.length; i++) {
      if (ok[i] != 0) {
        put(ok[i], ov[i]);
      }
    }
  }
}
