package dev.errorkb.signature;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which signatures a text may match, before any regex runs (docs/matching.md §3.2): each signature
 * is filed under its keys ({@link CandidateKeys}), and one found under a token of the text is a
 * candidate when the text also has its required tokens, checked first by a 256-bit filter of them.
 * Its own class because match and scan both ask it, each with its own text, and it is most of what
 * keeps either from running every regex.
 */
final class CandidateFilter {

  /**
   * Where a filter read from a sidecar ({@link IndexSidecar}) takes its lists, each decoded and
   * checked the first time a text needs it.
   */
  interface Lists {
    /** The signatures filed under key slot {@code slot}. */
    int[] list(int slot);

    /** Their four filter words each, in list order. */
    long[] bits(int slot);

    /** Signature {@code k}'s required token hashes, rarest first. */
    long[] required(int k);
  }

  private final long[][] sigReq; // hashes of up to MAX_REQ rarest anchor tokens, rarest first
  private final long[] sigReqBits; // 256 bits per signature, one per required token hash, for a quick reject
  private final TokenTable keyTable; // the MAX_KEYS rarest tokens of each signature → candidates
  private final long[] slotHash; // per key slot, its token hash
  private final int[][] keyLists;
  private final long[][] keyBits; // per key slot: the four filter words of each listed signature, in list order
  private final int[] always;
  private final Lists lists; // null unless read from a sidecar: then the three arrays above are null

  /** A filter over lists read from a sidecar: {@code slotHash} gives the key slots, {@code lists} the rest. */
  CandidateFilter(long[] slotHash, int[] always, Lists lists) {
    this.sigReq = null;
    this.sigReqBits = null;
    this.keyLists = null;
    this.keyBits = null;
    this.slotHash = slotHash;
    this.always = always;
    this.lists = lists;
    keyTable = new TokenTable(slotHash.length);
    for (int slot = 0; slot < slotHash.length; slot++) {
      keyTable.put(slotHash[slot], slot);
    }
  }

  CandidateFilter(CandidateKeys.Picked picked) {
    lists = null;
    int n = picked.required().length;
    sigReq = picked.required();
    sigReqBits = new long[n * 4];
    LongIntMap keySlots = new LongIntMap(n * 2); // key token hash → slot
    int[][] lists = new int[1024][];
    int[] listSizes = new int[1024];
    List<Integer> alwaysList = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      if (sigReq[k].length == 0) {
        alwaysList.add(k);
        continue;
      }
      for (long h : sigReq[k]) {
        int bit = bit(h);
        sigReqBits[k * 4 + (bit >>> 6)] |= 1L << bit;
      }
      // Bit 63 of the first word doubles as "fewer than 3 required tokens" (no miss allowed); the
      // text's filter always has it set, so it never counts as absent.
      if (sigReq[k].length < 3) {
        sigReqBits[k * 4] |= Long.MIN_VALUE;
      }
      // Filed under each of its keys: the first keyCount required tokens.
      for (int i = 0; i < picked.keyCount()[k]; i++) {
        long key = sigReq[k][i];
        int slot = keySlots.get(key, -1);
        if (slot < 0) {
          slot = keySlots.size();
          keySlots.put(key, slot);
          if (slot == lists.length) {
            lists = java.util.Arrays.copyOf(lists, slot * 2);
            listSizes = java.util.Arrays.copyOf(listSizes, slot * 2);
          }
          lists[slot] = new int[4];
        }
        if (listSizes[slot] == lists[slot].length) {
          lists[slot] = java.util.Arrays.copyOf(lists[slot], listSizes[slot] * 2);
        }
        lists[slot][listSizes[slot]++] = k;
      }
    }
    always = alwaysList.stream().mapToInt(Integer::intValue).toArray();
    int nKeys = keySlots.size();
    keyTable = new TokenTable(nKeys);
    keyLists = new int[nKeys][];
    keyBits = new long[nKeys][];
    for (int slot = 0; slot < nKeys; slot++) {
      int[] list = java.util.Arrays.copyOf(lists[slot], listSizes[slot]);
      keyLists[slot] = list;
      keyBits[slot] = new long[list.length * 4];
      for (int i = 0; i < list.length; i++) {
        System.arraycopy(sigReqBits, list[i] * 4, keyBits[slot], i * 4, 4);
      }
    }
    keySlots.forEach(keyTable::put);
    slotHash = new long[nKeys];
    keySlots.forEach((h, slot) -> slotHash[slot] = h);
  }

  /** Per key slot, its token hash (for {@link IndexSidecar}). */
  long[] slotHashes() {
    return slotHash;
  }

  /** The signatures filed under key slot {@code slot}. */
  int[] list(int slot) {
    return lists != null ? lists.list(slot) : keyLists[slot];
  }

  /** Signature {@code k}'s required token hashes, rarest first. */
  long[] required(int k) {
    return lists != null ? lists.required(k) : sigReq[k];
  }

  /** The filter bit (0–62 and 64–255) of a token hash: its top byte, independent of the table's slot bits. */
  static int bit(long hash) {
    int b = (int) (hash >>> 56);
    return b == 63 ? 62 : b;
  }

  /**
   * The text's 256-bit filter into {@code out[0..3]}: the bit of each token hash, and bit 63 of the
   * first word always set (a signature's filter words use it as a flag, never as a token's bit).
   */
  static void textBits(long[] hashes, int count, long[] out) {
    // Indexed, not a switch on the word: the word of a random hash is a branch no predictor learns.
    out[0] = Long.MIN_VALUE;
    out[1] = 0;
    out[2] = 0;
    out[3] = 0;
    for (int j = 0; j < count; j++) {
      int bit = bit(hashes[j]);
      out[bit >>> 6] |= 1L << bit;
    }
  }

  /** Per signature, the hashes of its required tokens, rarest first (shared, not to be changed). */
  long[][] required() {
    return sigReq;
  }

  /** Per signature, its four filter words ({@link #bit} of each required token; shared, not to be changed). */
  long[] requiredBits() {
    return sigReqBits;
  }

  /** The signatures tried on every text (explicit patterns; shared, not to be changed). */
  int[] always() {
    return always;
  }

  /**
   * Adds the signatures that a text with these token hashes may match: one of its (up to) two
   * rarest tokens is present (the key), and all of its up to four rarest tokens are present — or,
   * for a paste ({@code strict} false), all but one, since a lost line break can glue a word to
   * its neighbour. Explicit patterns are always candidates.
   */
  void addCandidates(long[] hashes, int count, BitSet cand, boolean strict, LongSet present) {
    for (int k : always) {
      cand.set(k);
    }
    boolean filled = false;
    boolean bitsDone = false;
    long b0 = 0;
    long b1 = 0;
    long b2 = 0;
    long b3 = 0;
    for (int i = 0; i < count; i++) {
      int slot = keyTable.get(hashes[i]);
      if (slot < 0) {
        continue;
      }
      if (!bitsDone) {
        bitsDone = true;
        long[] textBits = new long[4]; // once per paste; this filter is shared by threads
        textBits(hashes, count, textBits);
        b0 = textBits[0];
        b1 = textBits[1];
        b2 = textBits[2];
        b3 = textBits[3];
      }
      int[] list = lists != null ? lists.list(slot) : keyLists[slot];
      long[] kb = lists != null ? lists.bits(slot) : keyBits[slot];
      for (int li = 0; li < list.length; li++) {
        // Only the filter words, stored next to each other, are read for the many candidates a
        // common word brings; the signature's own data only when they pass.
        int o = li * 4;
        int allowedMisses = strict || kb[o] < 0 ? 0 : 1;
        // Each required bit absent from the text's bits is at least one missing token.
        int absent = Long.bitCount(kb[o] & ~b0) + Long.bitCount(kb[o + 1] & ~b1)
            + Long.bitCount(kb[o + 2] & ~b2) + Long.bitCount(kb[o + 3] & ~b3);
        if (absent > allowedMisses) {
          continue;
        }
        int k = list[li];
        if (cand.get(k)) {
          continue;
        }
        long[] req = lists != null ? lists.required(k) : sigReq[k];
        if (!filled) {
          present.fill(hashes, count);
          filled = true;
        }
        int misses = 0;
        for (int r = 0; r < req.length && misses <= allowedMisses; r++) {
          if (!present.contains(req[r])) {
            misses++;
          }
        }
        if (misses <= allowedMisses) {
          cand.set(k);
        }
      }
    }
  }
}
