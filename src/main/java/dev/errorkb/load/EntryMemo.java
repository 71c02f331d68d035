package dev.errorkb.load;

import dev.errorkb.model.Entry;
import dev.errorkb.model.Problem;
import java.util.List;
import java.util.Optional;

/**
 * Remembers what reading an entry folder gave, by the folder's files (issue 15): a rebuild after one
 * edit reads that folder again and takes the others from the memo. Reading a folder depends only on
 * its files and on site.yaml, so an implementation keys a folder by the paths and contents of its
 * files and by site.yaml's content; {@link ContentLoader} does every check that spans folders (ids
 * used twice, nested folders, orphan files) itself, on every load.
 */
public interface EntryMemo {
  /** What reading one folder gave: its entry, unless it had errors that leave none, and its problems. */
  record Read(Optional<Entry> entry, List<Problem> problems) {
    public Read {
      problems = List.copyOf(problems);
    }
  }

  /**
   * What reading {@code dir} (relative to the content root, '/'-separated) gave last time its files
   * ({@code files}, relative to the content root, sorted) were what they are now; empty if unknown.
   */
  Optional<Read> recall(String dir, List<String> files);

  /** Records what reading {@code dir} with {@code files} gave. Called from several threads. */
  void remember(String dir, List<String> files, Read read);

  /** Remembers nothing: every folder is read. */
  EntryMemo NONE = new EntryMemo() {
    @Override
    public Optional<Read> recall(String dir, List<String> files) {
      return Optional.empty();
    }

    @Override
    public void remember(String dir, List<String> files, Read read) {}
  };
}
