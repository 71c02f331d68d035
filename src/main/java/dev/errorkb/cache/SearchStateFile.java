package dev.errorkb.cache;

import dev.errorkb.search.SearchState;
import dev.errorkb.util.SitePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The search data's state (issue 15, decision 35) in {@code .<out>.cache/search-state}: what the
 * build of the published site knew of its search data, so that the next build can patch those
 * files for a few edited entries. Written after the publish only (it must describe the published
 * files; the patch also checks that against the manifest), read whole; a file of another errorkb,
 * cut short or garbled is not used.
 */
public final class SearchStateFile {
  private static final String MAGIC = "errorkb-search-state 1";
  private static final String NAME = "search-state";

  private SearchStateFile() {}

  private static Path file(Path out) {
    return SitePaths.cache(out.toAbsolutePath().normalize()).resolve(NAME);
  }

  /** The state kept beside the site {@code out}, if there is one this errorkb wrote. */
  public static Optional<SearchState> read(Path out) {
    try {
      byte[] b = Files.readAllBytes(file(out));
      Leb128.In in = new Leb128.In(b, 0, b.length);
      if (!in.str().equals(MAGIC) || !in.str().equals(BuildCache.generatorId())) {
        return Optional.empty();
      }
      int entries = in.num();
      int shards = in.num();
      int signatures = in.num();
      long termBytes = Long.parseLong(in.str());
      String sigHash = in.str();
      String version = in.str();
      List<String> keys = new ArrayList<>(Math.min(entries, 1 << 20));
      int[] length = new int[entries];
      int[] langs = new int[entries];
      for (int d = 0; d < entries; d++) {
        keys.add(in.str());
        length[d] = in.num();
        langs[d] = in.num();
      }
      if (!in.atEnd()) {
        return Optional.empty();
      }
      return Optional.of(new SearchState(entries, shards, signatures, termBytes, sigHash, keys, length, langs, version));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Keeps {@code state} for the next build (through a temporary file and a rename); a failure only costs that build time. */
  public static void save(Path out, SearchState state) {
    Leb128.Out o = new Leb128.Out();
    o.str(MAGIC);
    o.str(BuildCache.generatorId());
    o.num(state.entries());
    o.num(state.shards());
    o.num(state.signatures());
    o.str(Long.toString(state.termBytes()));
    o.str(state.signatureHash());
    o.str(state.version());
    int[] length = state.length();
    int[] langs = state.langs();
    for (int d = 0; d < state.entries(); d++) {
      o.str(state.keys().get(d));
      o.num(length[d]);
      o.num(langs[d]);
    }
    Path f = file(out);
    try {
      Files.createDirectories(f.getParent());
      Path part = f.resolveSibling(NAME + ".part");
      Files.write(part, o.bytes());
      Files.move(part, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      // the next build writes the search data whole
    }
  }

  /** Removes a kept state (a build that published without one must not leave an older one). */
  public static void forget(Path out) {
    try {
      Files.deleteIfExists(file(out));
    } catch (IOException e) {
      // a stale state is refused by the next build: its version is not the published files'
    }
  }
}
