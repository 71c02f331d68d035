package dev.errorkb.signature;

/**
 * A binary max-heap of entry indices by bound, smaller index first on a tie; no boxing. Its own
 * class because the ranker takes entries from it in bound order, and only the few that can still
 * make the list are ever ordered.
 */
final class EntryHeap {
  private final int[] a;
  private final double[] key;
  private int n;

  EntryHeap(int[] items, int count, double[] key) {
    this.a = items;
    this.key = key;
    this.n = count;
    for (int i = n / 2 - 1; i >= 0; i--) {
      down(i);
    }
  }

  int size() {
    return n;
  }

  int pop() {
    int top = a[0];
    a[0] = a[--n];
    down(0);
    return top;
  }

  /** Puts back an entry taken out (its key lowered): the heap never holds more than it started with. */
  void push(int d) {
    int i = n++;
    a[i] = d;
    while (i > 0) {
      int p = (i - 1) / 2;
      if (!before(a[i], a[p])) {
        return;
      }
      int t = a[p];
      a[p] = a[i];
      a[i] = t;
      i = p;
    }
  }

  private boolean before(int x, int y) {
    return key[x] != key[y] ? key[x] > key[y] : x < y;
  }

  private void down(int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= n) {
        return;
      }
      int c = l + 1 < n && before(a[l + 1], a[l]) ? l + 1 : l;
      if (!before(a[c], a[i])) {
        return;
      }
      int t = a[c];
      a[c] = a[i];
      a[i] = t;
      i = c;
    }
  }
}
