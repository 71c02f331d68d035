package dev.errorkb.signature;

import java.util.BitSet;

/**
 * The candidate filter of one scan: exactly the signatures {@link CandidateFilter} gives a log line
 * (strict: every required token on the line), found through the required token that is rarest in
 * the log read so far instead of the one rarest among signatures.
 *
 * <p>Why: a signature's rarest word among signatures is often a word every line of the log has
 * ({@code checkpoint}, {@code autovacuum}, {@code utc} in a PostgreSQL log), so each line brought
 * the same few signatures to the required-token check, which then failed on their other words.
 * Since a line must hold all of a signature's required tokens, any one of them finds it: the scan
 * counts how often each required token occurs and, after 1,024 lines and then at growing intervals,
 * files each signature under its least frequent one. Which token finds a signature never changes
 * which signatures are candidates, so the hits are the same.
 */
final class ScanFilter {

  /** What every scan of one index shares: the required tokens' slots and the initial filing. */
  static final class Shared {
    final TokenTable slots; // required token hash → slot
    final long[] slotHash;
    final int slotCount;
    final int[] sigs; // single-line signatures with required tokens
    final int[][] reqSlots; // per signature (by index in sigs), the slots of its required tokens, rarest among signatures first
    final long[][] sigReq; // per signature number, its required token hashes
    final long[] sigReqBits; // 4 filter words per signature number
    final int[] always;
    final int[][] lists0;
    final long[][] bits0;

    Shared(CandidateFilter filter, boolean[] multiLine) {
      sigReq = filter.required();
      sigReqBits = filter.requiredBits();
      always = filter.always();
      int n = sigReq.length;
      LongIntMap slotOf = new LongIntMap(n * 4);
      int count = 0;
      for (int k = 0; k < n; k++) {
        if (!multiLine[k]) {
          count += sigReq[k].length > 0 ? 1 : 0;
        }
      }
      sigs = new int[count];
      reqSlots = new int[count][];
      for (int k = 0, i = 0; k < n; k++) {
        if (multiLine[k] || sigReq[k].length == 0) {
          continue; // a multi-line signature is matched over its window of lines, never on one line
        }
        sigs[i] = k;
        int[] rs = new int[sigReq[k].length];
        for (int r = 0; r < rs.length; r++) {
          int s = slotOf.get(sigReq[k][r], -1);
          if (s < 0) {
            s = slotOf.size();
            slotOf.put(sigReq[k][r], s);
          }
          rs[r] = s;
        }
        reqSlots[i++] = rs;
      }
      slotCount = slotOf.size();
      slots = new TokenTable(slotCount);
      slotHash = new long[slotCount];
      slotOf.forEach((h, s) -> {
        slots.put(h, s);
        slotHash[s] = h;
      });
      int[] first = new int[sigs.length];
      for (int i = 0; i < sigs.length; i++) {
        first[i] = reqSlots[i][0];
      }
      lists0 = lists(first);
      bits0 = bits(lists0);
    }

    /** Lists per slot of the signatures filed under it ({@code chosen}: per signature, its slot). */
    int[][] lists(int[] chosen) {
      int[] sizes = new int[slotCount];
      for (int s : chosen) {
        sizes[s]++;
      }
      int[][] lists = new int[slotCount][];
      for (int s = 0; s < slotCount; s++) {
        lists[s] = sizes[s] == 0 ? NONE : new int[sizes[s]];
        sizes[s] = 0;
      }
      for (int i = 0; i < chosen.length; i++) {
        int s = chosen[i];
        lists[s][sizes[s]++] = sigs[i];
      }
      return lists;
    }

    /** Per slot, the four filter words of each listed signature, in list order. */
    long[][] bits(int[][] lists) {
      long[][] bits = new long[lists.length][];
      for (int s = 0; s < lists.length; s++) {
        int[] list = lists[s];
        bits[s] = list.length == 0 ? NO_BITS : new long[list.length * 4];
        for (int i = 0; i < list.length; i++) {
          System.arraycopy(sigReqBits, list[i] * 4, bits[s], i * 4, 4);
        }
      }
      return bits;
    }
  }

  private static final int[] NONE = new int[0];
  private static final long[] NO_BITS = new long[0];
  /** Lines before the first filing by the log's own counts. */
  static final int FIRST_REKEY = 1024;
  /** The longest interval between two filings, in lines. */
  static final int MAX_REKEY_INTERVAL = 1 << 20;
  /** After the first filing, one line in this many is counted. */
  static final int SAMPLE = 8;

  private final Shared shared;
  private final int[] seen; // per slot, occurrences in the lines read (halved at each filing)
  private int[][] lists;
  private long[][] bits;
  private TokenTable active; // the slots with signatures filed under them; null before the first filing
  private long lines;
  private long nextRekey = FIRST_REKEY;
  private final LongSet present = new LongSet(256);
  private final long[] textBits = new long[4];

  ScanFilter(Shared shared) {
    this.shared = shared;
    this.seen = new int[shared.slotCount];
    this.lists = shared.lists0;
    this.bits = shared.bits0;
  }

  /**
   * Adds the single-line signatures whose required tokens are all among {@code hashes[0..count)},
   * and the explicit patterns; counts the line's required tokens for the next filing.
   */
  void addCandidates(long[] hashes, int count, BitSet cand) {
    for (int k : shared.always) {
      cand.set(k);
    }
    // Counting needs every required token; between counted lines, only the tokens that now have
    // signatures filed under them are looked up (few, and rarely on a line).
    boolean counting = active == null || (lines & (SAMPLE - 1)) == 0;
    TokenTable slots = counting ? shared.slots : active;
    int[] seen = this.seen;
    boolean bitsDone = false;
    boolean filled = false;
    long b0 = 0;
    long b1 = 0;
    long b2 = 0;
    long b3 = 0;
    for (int i = 0; i < count; i++) {
      int slot = slots.get(hashes[i]);
      if (slot < 0) {
        continue;
      }
      if (counting) {
        seen[slot]++;
      }
      int[] list = lists[slot];
      if (list.length == 0) {
        continue;
      }
      if (!bitsDone) {
        bitsDone = true;
        CandidateFilter.textBits(hashes, count, textBits);
        b0 = textBits[0];
        b1 = textBits[1];
        b2 = textBits[2];
        b3 = textBits[3];
      }
      long[] kb = bits[slot];
      for (int li = 0; li < list.length; li++) {
        int o = li * 4;
        if ((kb[o] & ~b0) != 0 || (kb[o + 1] & ~b1) != 0 || (kb[o + 2] & ~b2) != 0 || (kb[o + 3] & ~b3) != 0) {
          continue; // a required token's bit is absent: the token is
        }
        int k = list[li];
        if (cand.get(k)) {
          continue;
        }
        long[] req = shared.sigReq[k];
        boolean all = true;
        if (count <= 32) {
          for (int r = 0; r < req.length && all; r++) {
            all = LogScanner.contains(hashes, count, req[r]);
          }
        } else {
          if (!filled) {
            present.fill(hashes, count);
            filled = true;
          }
          for (int r = 0; r < req.length && all; r++) {
            all = present.contains(req[r]);
          }
        }
        if (all) {
          cand.set(k);
        }
      }
    }
    if (++lines == nextRekey) {
      rekey();
      nextRekey = lines + Math.min(MAX_REKEY_INTERVAL, lines * 8);
    }
  }

  /** Files each signature under its required token seen least often so far (ties: rarest among signatures). */
  private void rekey() {
    int[][] reqSlots = shared.reqSlots;
    int[] chosen = new int[reqSlots.length];
    for (int i = 0; i < reqSlots.length; i++) {
      int[] rs = reqSlots[i];
      int best = rs[0];
      for (int r = 1; r < rs.length; r++) {
        if (seen[rs[r]] < seen[best]) {
          best = rs[r];
        }
      }
      chosen[i] = best;
    }
    lists = shared.lists(chosen);
    bits = shared.bits(lists);
    int used = 0;
    for (int[] list : lists) {
      used += list.length > 0 ? 1 : 0;
    }
    TokenTable t = new TokenTable(used);
    for (int s = 0; s < lists.length; s++) {
      if (lists[s].length > 0) {
        t.put(shared.slotHash[s], s);
      }
    }
    active = t;
    // Halved, so that later filings follow the log as it changes and counts never overflow.
    for (int s = 0; s < seen.length; s++) {
      seen[s] >>>= 1;
    }
  }
}
