package dev.errorkb.signature;

import java.util.List;
import java.util.Optional;

/**
 * What building one entry's share of the signature index gave in an earlier build (issue 15):
 * compiling and masking every signature of 10,000 entries was most of the "signature index" step
 * of a one-edit rebuild (0.8 s). {@link ErrorIndexWriter} asks by the entry's content hash, which
 * covers every file of its folder; the memo itself must only hold records made by the same errorkb
 * with the same site.yaml and base URL. A memo that forgets, or holds nothing, only costs time.
 */
public interface IndexMemo {
  /** One entry's index record and what compiling its signatures found, in signature order. */
  record Made(IndexEntry entry, List<SignatureChecks.Compiled> compiled) {
    public Made {
      compiled = List.copyOf(compiled);
    }
  }

  /** The record made for the entry whose sources hash to {@code contentHash}, if any. Called from several threads. */
  Optional<Made> recall(String contentHash);

  /** Records what building gave for {@code contentHash}. Called from several threads. */
  void remember(String contentHash, Made made);

  /** Remembers nothing: every entry is built. */
  IndexMemo NONE = new IndexMemo() {
    @Override
    public Optional<Made> recall(String contentHash) {
      return Optional.empty();
    }

    @Override
    public void remember(String contentHash, Made made) {}
  };
}
