package dev.errorkb.signature;

/**
 * The token hashes of one line or paste, for checking a candidate's required tokens. One instance
 * is reused for every line of a scan: allocating a table per line was the scanner's main cost.
 */
final class LongSet {

  private long[] keys;
  private int[] stamps;
  private int stamp;
  private int mask;

  LongSet(int capacity) {
    keys = new long[capacity];
    stamps = new int[capacity];
    mask = capacity - 1;
  }

  /** Clears the set and fills it with {@code hashes[0..count)}. */
  LongSet fill(long[] hashes, int count) {
    reset(count);
    for (int i = 0; i < count; i++) {
      add(hashes[i]);
    }
    return this;
  }

  private void reset(int count) {
    if (count * 2 > keys.length) {
      int cap = Integer.highestOneBit(count * 2) << 1;
      keys = new long[cap];
      stamps = new int[cap];
      mask = cap - 1;
      stamp = 0;
    }
    stamp++;
    if (stamp == Integer.MAX_VALUE) {
      java.util.Arrays.fill(stamps, 0);
      stamp = 1;
    }
  }

  private static int mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (int) h;
  }

  private void add(long k) {
    int i = mix(k) & mask;
    while (stamps[i] == stamp) {
      if (keys[i] == k) {
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = k;
    stamps[i] = stamp;
  }

  boolean contains(long k) {
    int i = mix(k) & mask;
    while (stamps[i] == stamp) {
      if (keys[i] == k) {
        return true;
      }
      i = (i + 1) & mask;
    }
    return false;
  }
}
