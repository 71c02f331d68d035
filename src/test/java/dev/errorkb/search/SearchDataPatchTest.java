package dev.errorkb.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errorkb.bench.CorpusKb;
import dev.errorkb.load.ContentLoader;
import dev.errorkb.render.Markdown;
import dev.errorkb.signature.ErrorIndexWriter;
import dev.errorkb.signature.IndexDocument;
import dev.errorkb.signature.IndexEntry;
import dev.errorkb.signature.IndexSignature;
import dev.errorkb.util.Sha256;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A patched search data (issue 15, decision 35) is the search data written whole, byte for byte:
 * for each kind of edit, the files the patch writes plus the published files it keeps are exactly
 * the files a whole write of the edited index gives, with the same version and state; and where a
 * patch cannot be trusted (signatures changed, a published file altered or gone, a stale state),
 * the data is written whole.
 */
class SearchDataPatchTest {

  /** The published site's search data, as a build's session offers it. */
  private static final class Site implements PublishedSearch {
    final SortedMap<String, byte[]> files;
    final SearchState state;
    final Set<String> kept = new HashSet<>();

    Site(SearchDataWriter.Written w) {
      this(w.files(), w.state());
    }

    Site(SortedMap<String, byte[]> files, SearchState state) {
      this.files = new TreeMap<>(files);
      this.state = state;
    }

    @Override
    public Optional<SearchState> state() {
      return Optional.ofNullable(state);
    }

    @Override
    public Optional<String> hash(String rel) {
      return Optional.ofNullable(manifest.get(rel));
    }

    final Map<String, String> manifest = new HashMap<>();

    Site hashed() {
      files.forEach((k, v) -> manifest.put(k, Sha256.hex(v)));
      return this;
    }

    @Override
    public Optional<byte[]> bytes(String rel) {
      byte[] b = files.get(rel);
      return b != null && Sha256.hex(b).equals(manifest.get(rel)) ? Optional.of(b) : Optional.empty();
    }

    @Override
    public boolean keep(String rel) {
      if (!files.containsKey(rel)) {
        return false;
      }
      kept.add(rel);
      return true;
    }
  }

  /** Counts by key, as the count cache keeps them. */
  private static final class Memo implements CountMemo {
    final Map<String, Counts> counts = new HashMap<>();

    @Override
    public Optional<Counts> recall(String key) {
      return Optional.ofNullable(counts.get(key));
    }

    @Override
    public void remember(String key, Counts c) {
      counts.put(key, c);
    }

    @Override
    public boolean keep(String key) {
      return counts.containsKey(key);
    }
  }

  private static IndexDocument sample() {
    return ErrorIndexWriter.build(new ContentLoader(Path.of("content")).load().kb(), new Markdown(Set.of())::plainText, "errorkb");
  }

  private static IndexDocument corpus() throws Exception {
    Optional<Path> dir = CorpusKb.corpusDir();
    dev.errorkb.bench.SharedData.require(dir.isPresent(), "../shared/corpus not found next to the repository");
    CorpusKb.Generated g = CorpusKb.generate(CorpusKb.readCorpus(dir.get()), 0, 1);
    IndexDocument all = ErrorIndexWriter.build(g.kb(), UnaryOperator.identity(), "errorkb corpus");
    return with(all, all.entries().subList(0, Math.min(600, all.entries().size())));
  }

  private static IndexDocument with(IndexDocument d, List<IndexEntry> entries) {
    return new IndexDocument(d.schemaVersion(), d.normalizerVersion(), d.regexDialect(), d.generator(), d.baseUrl(), entries);
  }

  /** {@code d} with entry {@code i} replaced by what {@code edit} makes of it. */
  private static IndexDocument edit(IndexDocument d, int i, UnaryOperator<IndexEntry> edit) {
    List<IndexEntry> e = new ArrayList<>(d.entries());
    e.set(i, edit.apply(e.get(i)));
    return with(d, e);
  }

  private static IndexEntry cause(IndexEntry e, String lang, String text) {
    SortedMap<String, String> cause = new TreeMap<>(e.cause());
    cause.put(lang, text);
    return new IndexEntry(e.id(), e.title(), e.summary(), cause, e.fix(), e.url(), e.absoluteUrl(), e.product(), e.tags(),
        e.severity(), e.requires(), e.updated(), e.contentHash(), e.signatures());
  }

  /** {@code e} with every summary, cause and fix replaced by {@code text}. */
  private static IndexEntry prose(IndexEntry e, String text) {
    SortedMap<String, String> summary = new TreeMap<>();
    SortedMap<String, String> cause = new TreeMap<>();
    SortedMap<String, String> fix = new TreeMap<>();
    e.title().keySet().forEach(l -> {
      summary.put(l, text);
      cause.put(l, text);
      fix.put(l, text);
    });
    return new IndexEntry(e.id(), e.title(), summary, cause, fix, e.url(), e.absoluteUrl(), e.product(), e.tags(),
        e.severity(), e.requires(), e.updated(), e.contentHash(), e.signatures());
  }

  /** Every signature's soft flags, in index order. */
  private static List<List<Boolean>> softFlags(IndexDocument d) {
    List<List<Boolean>> out = new ArrayList<>();
    for (dev.errorkb.signature.AlignedSignature a : dev.errorkb.signature.AlignedSignature.of(d.entries())) {
      List<Boolean> f = new ArrayList<>();
      for (int i = 0; i < a.tokens().size(); i++) {
        f.add(a.isSoft(i));
      }
      out.add(f);
    }
    return out;
  }

  private static IndexEntry title(IndexEntry e, String text) {
    SortedMap<String, String> title = new TreeMap<>(e.title());
    title.put(title.firstKey(), text);
    return new IndexEntry(e.id(), title, e.summary(), e.cause(), e.fix(), e.url(), e.absoluteUrl(), e.product(), e.tags(),
        e.severity(), e.requires(), e.updated(), e.contentHash(), e.signatures());
  }

  private static IndexEntry tags(IndexEntry e, List<String> tags) {
    return new IndexEntry(e.id(), e.title(), e.summary(), e.cause(), e.fix(), e.url(), e.absoluteUrl(), e.product(), tags,
        e.severity(), e.requires(), e.updated(), e.contentHash(), e.signatures());
  }

  /**
   * Writes {@code before} whole, publishes it, then writes {@code after} through the patch and
   * checks the site it gives against a whole write of {@code after}; returns whether it patched.
   */
  private static boolean patchGivesTheWholeWrite(IndexDocument before, IndexDocument after) {
    Memo memo = new Memo();
    SearchDataWriter.Written first = SearchDataWriter.written(before, memo);
    Site site = new Site(first).hashed();
    return check(after, memo, site);
  }

  private static boolean check(IndexDocument after, Memo memo, Site site) {
    SearchDataWriter.Written whole = SearchDataWriter.written(after, new Memo());
    SearchDataWriter.Written got = SearchDataWriter.write(after, memo, Optional.of(site));
    SortedMap<String, byte[]> result = new TreeMap<>(got.files());
    if (got.patched()) {
      for (String k : site.kept) {
        assertFalse(result.containsKey(k), k + " is both kept and written");
        result.put(k, site.files.get(k));
      }
    }
    assertEquals(whole.files().keySet(), result.keySet());
    whole.files().forEach((k, v) -> assertArrayEquals(v, result.get(k), k));
    assertEquals(whole.version(), got.version());
    assertEquals(whole.state(), got.state());
    return got.patched();
  }

  /** A word of a signature of an entry other than {@code i} that entry {@code i}'s search words do not have. */
  private static String foreignSignatureWord(IndexDocument d, int i) {
    Set<String> own = new HashSet<>(SearchDataWriter.count(d.entries().get(i)).terms());
    for (int j = 0; j < d.entries().size(); j++) {
      if (j == i) {
        continue;
      }
      for (IndexSignature s : d.entries().get(j).signatures()) {
        for (String t : dev.errorkb.signature.Normalizer.tokenize(s.template())) {
          if (!t.startsWith("<") && t.length() > 4 && t.chars().allMatch(c -> c >= 'a' && c <= 'z') && !own.contains(t)) {
            return t;
          }
        }
      }
    }
    throw new AssertionError("no foreign signature word");
  }

  @Test
  void everyKindOfProseEditIsPatchedToTheWholeWrite() throws Exception {
    for (IndexDocument d : List.of(sample(), corpus())) {
      int last = d.entries().size() - 1;
      IndexEntry first = d.entries().get(0);
      String lang = first.cause().firstKey();
      // A word no entry has (a new term, a new shard member).
      assertTrue(patchGivesTheWholeWrite(d, edit(d, 0, e -> cause(e, lang, e.cause().get(lang) + " zqxjvbremnant"))));
      // A word of other entries' signatures: its document frequency, their dfs and lower bounds change.
      String w = foreignSignatureWord(d, last);
      assertTrue(patchGivesTheWholeWrite(d, edit(d, last, e -> cause(e, e.cause().firstKey(), e.cause().get(e.cause().firstKey()) + " " + w))));
      // Words taken away (some leave the postings altogether), and a Japanese cause.
      assertTrue(patchGivesTheWholeWrite(d, edit(d, 0, e -> cause(e, lang, "Short."))));
      assertTrue(patchGivesTheWholeWrite(d, edit(d, 1, e -> cause(e, "ja", "権限が足りないため、ログインに失敗します。"))));
      // Display only: a title, tags.
      assertTrue(patchGivesTheWholeWrite(d, edit(d, last / 2, e -> title(e, "A new title for " + e.id()))));
      assertTrue(patchGivesTheWholeWrite(d, edit(d, 2, e -> tags(e, List.of("zz-new-tag")))));
      // Several entries at once, and nothing at all.
      IndexDocument several = edit(edit(edit(d, 0, e -> cause(e, lang, "Three edits.")), 3, e -> title(e, "Another")), last,
          e -> cause(e, e.cause().firstKey(), "denied " + w));
      assertTrue(patchGivesTheWholeWrite(d, several));
      assertTrue(patchGivesTheWholeWrite(d, d));
    }
  }

  @Test
  void anEditThatChangesWhichSignatureWordsAreSoftIsPatched() {
    // An errno text inside a signature is soft unless the entry's prose names it (matching.md):
    // taking the title and prose away makes it soft, which changes the signature's record.
    IndexDocument d = sample();
    List<List<Boolean>> before = softFlags(d);
    int found = 0;
    for (int i = 0; i < d.entries().size(); i++) {
      IndexDocument after = edit(d, i, e -> title(prose(e, "Short."), "Short"));
      if (!softFlags(after).equals(before)) {
        assertTrue(patchGivesTheWholeWrite(d, after), d.entries().get(i).id());
        found++;
      }
    }
    assertTrue(found > 0, "the sample KB has an entry whose prose names an errno text of its signature");
  }

  @Test
  void aSignatureEditOrAnotherEntryCountIsWrittenWhole() {
    IndexDocument d = sample();
    IndexDocument sig = edit(d, 0, e -> {
      List<IndexSignature> s = new ArrayList<>(e.signatures());
      IndexSignature x = s.get(0);
      s.set(0, new IndexSignature(x.id(), x.lang(), x.text() + " again", x.template() + " again", x.regex(), x.anchors()));
      return new IndexEntry(e.id(), e.title(), e.summary(), e.cause(), e.fix(), e.url(), e.absoluteUrl(), e.product(), e.tags(),
          e.severity(), e.requires(), e.updated(), e.contentHash(), s);
    });
    assertFalse(patchGivesTheWholeWrite(d, sig));
    assertFalse(patchGivesTheWholeWrite(d, with(d, d.entries().subList(1, d.entries().size()))));
  }

  @Test
  void anAlteredOrMissingPublishedFileOrAStaleStateMeansAWholeWrite() {
    IndexDocument d = sample();
    String lang = d.entries().get(0).cause().firstKey();
    IndexDocument after = edit(d, 0, e -> cause(e, lang, e.cause().get(lang) + " zqxjvbremnant"));
    Memo memo = new Memo();
    SearchDataWriter.Written first = SearchDataWriter.written(d, memo);
    String shard = SearchDataWriter.DIR + "t/" + SearchDataWriter.shardOf("zqxjvbremnant", first.state().shards()) + ".js";

    Site altered = new Site(first).hashed();
    altered.files.put(shard, "ErrorkbSearch.put(\"x\",{});\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertFalse(check(after, memo, altered), "a file without its manifest hash is not patched");

    Site gone = new Site(first).hashed();
    String display = SearchDataWriter.DIR + "d/1.js";
    gone.files.remove(display);
    assertFalse(check(after, memo, gone), "a kept file must be there");

    Site stale = new Site(first.files(), SearchDataWriter.written(after, new Memo()).state()).hashed();
    assertFalse(check(after, memo, stale), "a state of other files is not used");

    Site forgotten = new Site(first).hashed();
    assertFalse(check(after, new Memo(), forgotten), "without the old counts there is nothing to patch from");
  }
}
