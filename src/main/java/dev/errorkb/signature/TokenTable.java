package dev.errorkb.signature;

import java.util.Arrays;

/**
 * Open-addressing map from a 64-bit token hash to a small int, so the scanner can look up words
 * while reading a line without creating strings. A hash collision only adds a candidate regex.
 * Most words of a log line are not keys: a small bit filter (fits the L1/L2 cache) answers those
 * without touching the table.
 */
final class TokenTable {
  static final long SEED = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;
  private static final int MAX_FILTER_BITS = 1 << 18;

  private final long[] keys; // 0 = empty; hash() never returns 0
  private final int[] values;
  private final int mask;
  private final long[] filter;
  private final int filterMask;

  TokenTable(int expected) {
    // About 16 bits a key, at most 32 KB: a small table's filter stays in the L1 cache.
    int bits = Math.min(MAX_FILTER_BITS, Math.max(1024, Integer.highestOneBit(Math.max(1, expected) * 16) << 1));
    filter = new long[bits / 64];
    filterMask = bits - 1;
    int cap = Integer.highestOneBit(Math.max(4, expected * 3)) << 1;
    keys = new long[cap];
    values = new int[cap];
    Arrays.fill(values, -1);
    mask = cap - 1;
  }

  static long step(long h, char c) {
    return (h ^ c) * PRIME;
  }

  /** FNV-1a over the UTF-16 chars of {@code s}. */
  static long hash(String s) {
    long h = SEED;
    for (int i = 0; i < s.length(); i++) {
      h = step(h, s.charAt(i));
    }
    return h;
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

  void put(long rawKey, int value) {
    long key = nonZero(rawKey);
    int f = (int) (key >>> 40) & filterMask;
    filter[f >>> 6] |= 1L << f;
    int i = mix(key) & mask;
    while (keys[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** The value for {@code key}, or -1. */
  int get(long rawKey) {
    long key = nonZero(rawKey);
    int f = (int) (key >>> 40) & filterMask;
    if ((filter[f >>> 6] & (1L << f)) == 0) {
      return -1;
    }
    int i = mix(key) & mask;
    long k;
    while ((k = keys[i]) != 0) {
      if (k == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return -1;
  }
}
