package dev.errorkb.search;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errorkb.signature.AlignedSignature;
import dev.errorkb.signature.IndexDocument;
import dev.errorkb.signature.IndexEntry;
import dev.errorkb.signature.IndexSignature;
import dev.errorkb.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The search data of a rebuild made from the published one when only a few entries' words or
 * display changed (issue 15, decision 35): their old and new counts give the terms whose postings
 * change; those postings, and the document frequencies that follow from them, are patched into
 * the published term shards that hold them, into the signature postings' lower bounds and the
 * signature chunks of the signatures that have such a word, into meta.js's lengths, and into the
 * edited entries' display chunks. Every other file is kept as it is. The bytes are those {@link
 * SearchDataWriter#written} gives for the same index, which {@code SearchDataPatchTest} checks
 * edit by edit.
 *
 * <p>Not a patch, and so written whole: no state, a state that is not the published files' (their
 * manifest hashes give another version), another entry count or any signature changed (candidate
 * keys and anchored records depend on all signatures), more than {@link #MAX_CHANGED} entries
 * changed, a published file that is missing or no longer has its manifest hash, a count the memo
 * no longer has, or a shard count that the new term bytes would change.
 */
final class SearchDataPatch {
  /** Beyond this many changed entries a whole write is about as quick, and simpler to trust. */
  static final int MAX_CHANGED = 64;

  private static final ObjectMapper JSON = new ObjectMapper();

  private SearchDataPatch() {}

  /** Thrown inside the patch when a published file cannot be used; the data is then written whole. */
  private static final class NoPatch extends Exception {
    private static final long serialVersionUID = 1L;

    NoPatch(String why) {
      super(why, null, false, false);
    }
  }

  static Optional<SearchDataWriter.Written> patch(IndexDocument doc, CountMemo memo, PublishedSearch published) {
    try {
      return Optional.ofNullable(tryPatch(doc, memo, published));
    } catch (NoPatch | IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static SearchDataWriter.Written tryPatch(IndexDocument doc, CountMemo memo, PublishedSearch published)
      throws NoPatch, IOException {
    SearchState st = published.state().orElseThrow(() -> new NoPatch("no state"));
    List<IndexEntry> entries = doc.entries();
    int n = entries.size();
    if (n != st.entries() || n == 0) {
      throw new NoPatch("entry count");
    }
    // The state must describe the published files: their manifest hashes give its version.
    List<String> paths = st.paths();
    SortedMap<String, String> hashes = new TreeMap<>();
    for (String p : paths) {
      hashes.put(p, published.hash(p).orElseThrow(() -> new NoPatch("missing " + p)));
    }
    if (!SearchDataWriter.versionOf(hashes).equals(st.version())) {
      throw new NoPatch("state of another build");
    }
    if (!SearchDataWriter.signatureHash(entries).equals(st.signatureHash())) {
      throw new NoPatch("signatures changed");
    }
    String[] keys = IntStream.range(0, n).parallel().mapToObj(d -> SearchDataWriter.countKey(entries.get(d)))
        .toArray(String[]::new);
    List<Integer> changed = new ArrayList<>();
    for (int d = 0; d < n; d++) {
      if (!keys[d].equals(st.keys().get(d))) {
        changed.add(d);
        if (changed.size() > MAX_CHANGED) {
          throw new NoPatch("too many changes");
        }
      }
    }
    Set<Integer> changedSet = new HashSet<>(changed);
    Map<Integer, CountMemo.Counts> oldCounts = new HashMap<>();
    Map<Integer, CountMemo.Counts> newCounts = new HashMap<>();
    for (int d : changed) {
      oldCounts.put(d, memo.peek(st.keys().get(d)).orElseThrow(() -> new NoPatch("old counts forgotten")));
      CountMemo.Counts c = memo.recall(keys[d]).orElse(null);
      if (c == null) {
        c = SearchDataWriter.count(entries.get(d));
        memo.remember(keys[d], c);
      }
      newCounts.put(d, c);
    }
    int[] length = st.length();
    int[] langs = st.langs();
    for (int d : changed) {
      length[d] = newCounts.get(d).length();
      langs[d] = newCounts.get(d).langs();
    }
    int shards = st.shards();
    SortedMap<String, byte[]> files = new TreeMap<>();

    // Terms whose postings change: every term of a changed entry, before or after.
    SortedSet<String> terms = new TreeSet<>();
    for (int d : changed) {
      terms.addAll(oldCounts.get(d).terms());
      terms.addAll(newCounts.get(d).terms());
    }
    Map<Integer, Shard> shardsRead = new TreeMap<>();
    long termBytes = st.termBytes();
    Map<String, Integer> newDf = new HashMap<>();
    Set<String> dfChanged = new HashSet<>();
    for (String t : terms) {
      Shard sh = shard(published, shardsRead, SearchDataWriter.shardOf(t, shards));
      String k = SearchDataWriter.key(t);
      String oldJson = sh.t.get(k);
      long[] old = oldJson == null ? new long[0] : numbers(oldJson);
      // [doc, tf, gap, tf, ...] → (doc, tf) pairs without the changed entries, then theirs added.
      TreeMap<Integer, Integer> post = new TreeMap<>();
      long at = 0;
      for (int i = 0; i + 1 < old.length; i += 2) {
        at = i == 0 ? old[0] : at + old[i];
        if (!changedSet.contains((int) at)) {
          post.put((int) at, (int) old[i + 1]);
        }
      }
      for (int d : changed) {
        CountMemo.Counts c = newCounts.get(d);
        int pos = c.terms().indexOf(t);
        if (pos >= 0) {
          post.put(d, c.tf()[pos]);
        }
      }
      int oldDf = old.length / 2;
      String json = null;
      if (!post.isEmpty()) {
        StringBuilder b = new StringBuilder(16);
        int last = -1;
        for (Map.Entry<Integer, Integer> p : post.entrySet()) {
          b.append(last < 0 ? "[" : ",").append(last < 0 ? p.getKey() : p.getKey() - last).append(',').append(p.getValue());
          last = p.getKey();
        }
        json = b.append(']').toString();
        sh.t.put(k, json);
      } else {
        sh.t.remove(k);
      }
      termBytes += (json == null ? 0 : t.length() + 4 + json.length()) - (oldJson == null ? 0 : t.length() + 4 + oldJson.length());
      newDf.put(t, post.size());
      if (post.size() != oldDf) {
        dfChanged.add(t);
      }
    }
    if (SearchDataWriter.shardCount(termBytes) != shards) {
      throw new NoPatch("shard count");
    }

    // Signatures whose records change: those with a word whose document frequency changed (their
    // dfs and lower bound), and the changed entries' own (their soft words follow the entry's prose).
    List<AlignedSignature> aligned = AlignedSignature.of(entries);
    List<IndexSignature> signatures = entries.stream().flatMap(e -> e.signatures().stream()).toList();
    if (aligned.size() != st.signatures()) {
      throw new NoPatch("signature count");
    }
    BitSet dfSigs = new BitSet();
    BitSet records = new BitSet();
    for (int k = 0; k < aligned.size(); k++) {
      for (String t : aligned.get(k).tokens()) {
        if (dfChanged.contains(t)) {
          dfSigs.set(k);
          records.set(k);
          break;
        }
      }
    }
    for (int e = 0, k = 0; e < n; e++) {
      int sigs = entries.get(e).signatures().size();
      if (changedSet.contains(e)) {
        records.set(k, k + sigs);
      }
      k += sigs;
    }
    // The signature chunks of those signatures, with their new dfs.
    Map<Integer, Long> lowQ = new HashMap<>();
    SortedSet<Integer> chunks = new TreeSet<>();
    records.stream().forEach(k -> chunks.add(k / SearchDataWriter.SIG_CHUNK));
    for (int c : chunks) {
      String rel = SearchDataWriter.DIR + "s/" + c + ".js";
      JsonNode old = JSON.readTree(body(published, rel, "s/" + c));
      int from = c * SearchDataWriter.SIG_CHUNK;
      int to = Math.min(aligned.size(), from + SearchDataWriter.SIG_CHUNK);
      if (!old.isArray() || old.size() != to - from) {
        throw new NoPatch("signature chunk " + c);
      }
      List<Object> out = new ArrayList<>();
      for (int k = from; k < to; k++) {
        AlignedSignature a = aligned.get(k);
        JsonNode oldDfs = old.get(k - from).get(1);
        if (oldDfs == null || oldDfs.size() != a.tokens().size()) {
          throw new NoPatch("signature record " + k);
        }
        List<Integer> dfs = new ArrayList<>(a.tokens().size());
        for (int i = 0; i < a.tokens().size(); i++) {
          String t = a.tokens().get(i);
          dfs.add(t.startsWith("<") ? 0 : dfChanged.contains(t) ? newDf.get(t) : oldDfs.get(i).asInt());
        }
        if (dfSigs.get(k)) {
          lowQ.put(k, SearchDataWriter.lowQ(a, n, dfs));
        }
        out.add(SearchDataWriter.sigRecord(a, dfs));
      }
      files.put(rel, SearchDataWriter.script("s/" + c, out));
    }
    // Their lower bounds in the signature postings of every word of theirs.
    Map<String, Set<Integer>> boundsByWord = new TreeMap<>();
    for (int k : lowQ.keySet()) {
      for (String t : SearchDataWriter.multiplicities(aligned.get(k), signatures.get(k)).keySet()) {
        boundsByWord.computeIfAbsent(t, x -> new HashSet<>()).add(k);
      }
    }
    for (Map.Entry<String, Set<Integer>> w : boundsByWord.entrySet()) {
      Shard sh = shard(published, shardsRead, SearchDataWriter.shardOf(w.getKey(), shards));
      String k = SearchDataWriter.key(w.getKey());
      String oldJson = sh.g.get(k);
      if (oldJson == null) {
        throw new NoPatch("signature posting " + w.getKey());
      }
      long[] q = numbers(oldJson);
      StringBuilder b = new StringBuilder(oldJson.length() + 8);
      long sig = 0;
      for (int i = 0; i + 3 < q.length; i += 4) {
        sig = i == 0 ? q[0] : sig + q[i];
        long bound = w.getValue().contains((int) sig) ? lowQ.get((int) sig) : q[i + 2];
        b.append(i == 0 ? "[" : ",").append(q[i]).append(',').append(q[i + 1]).append(',').append(bound).append(',').append(q[i + 3]);
      }
      sh.g.put(k, b.append(']').toString());
    }
    for (Map.Entry<Integer, Shard> s : shardsRead.entrySet()) {
      Shard sh = s.getValue();
      files.put(SearchDataWriter.DIR + "t/" + s.getKey() + ".js", SearchDataWriter.shard(s.getKey(), sh.g, sh.s, sh.t));
    }

    // The changed entries' display chunks, their neighbours' records from the memo.
    SortedSet<Integer> displayChunks = new TreeSet<>();
    changed.forEach(d -> displayChunks.add(d / SearchDataWriter.CHUNK));
    for (int c : displayChunks) {
      List<CountMemo.Counts> in = new ArrayList<>();
      for (int d = c * SearchDataWriter.CHUNK; d < Math.min(n, (c + 1) * SearchDataWriter.CHUNK); d++) {
        in.add(changedSet.contains(d) ? newCounts.get(d) : memo.recall(keys[d]).orElseThrow(() -> new NoPatch("display forgotten")));
      }
      files.put(SearchDataWriter.DIR + "d/" + c + ".js", SearchDataWriter.displayChunk(c, in));
    }

    // meta.js: the lengths, languages and their average; the rest as it was.
    long total = 0;
    for (int l : length) {
      total += l;
    }
    double avg = Math.max(1e-6, (double) total / n);
    LinkedHashMap<String, String> meta = fields(body(published, SearchDataWriter.DIR + "meta.js", "meta"));
    if (!meta.containsKey("avg") || !meta.containsKey("dl") || !meta.containsKey("lang")) {
      throw new NoPatch("meta.js");
    }
    meta.put("avg", SearchDataWriter.toJson(avg));
    meta.put("dl", SearchDataWriter.toJson(length));
    meta.put("lang", SearchDataWriter.toJson(langs));
    StringBuilder m = new StringBuilder("{");
    meta.forEach((k, v) -> m.append(m.length() > 1 ? "," : "").append(SearchDataWriter.toJson(k)).append(':').append(v));
    files.put(SearchDataWriter.DIR + "meta.js", SearchDataWriter.script("meta", m.append('}').toString()));

    // Every other file is kept; one that cannot be means a whole write.
    for (String p : paths) {
      if (files.containsKey(p)) {
        hashes.put(p, Sha256.hex(files.get(p)));
      } else if (!published.keep(p)) {
        throw new NoPatch("cannot keep " + p);
      }
    }
    for (int d = 0; d < n; d++) {
      if (!changedSet.contains(d)) {
        memo.keep(keys[d]);
      }
    }
    String version = SearchDataWriter.versionOf(hashes);
    return new SearchDataWriter.Written(files, version, new SearchState(n, shards, st.signatures(), termBytes,
        st.signatureHash(), List.of(keys), length, langs, version), true);
  }

  /** A term shard as read: its signature and term postings as JSON text by property name, its anchored signatures' JSON. */
  private static final class Shard {
    final SortedMap<String, String> g;
    final String s;
    final SortedMap<String, String> t;

    Shard(SortedMap<String, String> g, String s, SortedMap<String, String> t) {
      this.g = g;
      this.s = s;
      this.t = t;
    }
  }

  /** Shard {@code i}, read from the published site the first time it is needed. */
  private static Shard shard(PublishedSearch published, Map<Integer, Shard> read, int i) throws NoPatch, IOException {
    Shard sh = read.get(i);
    if (sh == null) {
      String json = body(published, SearchDataWriter.DIR + "t/" + i + ".js", "t/" + i);
      LinkedHashMap<String, String> parts = fields(json);
      if (!parts.keySet().equals(Set.of("g", "s", "t"))) {
        throw new NoPatch("shard " + i);
      }
      sh = new Shard(new TreeMap<>(fields(parts.get("g"))), parts.get("s"), new TreeMap<>(fields(parts.get("t"))));
      read.put(i, sh);
    }
    return sh;
  }

  /** The JSON inside a published data file, checked to be the call of search.js's loader for {@code key}. */
  private static String body(PublishedSearch published, String rel, String key) throws NoPatch {
    byte[] b = published.bytes(rel).orElseThrow(() -> new NoPatch("cannot read " + rel));
    String s = new String(b, StandardCharsets.UTF_8);
    String head = SearchDataWriter.head(key);
    if (!s.startsWith(head) || !s.endsWith(SearchDataWriter.TAIL)) {
      throw new NoPatch("not a data file: " + rel);
    }
    return s.substring(head.length(), s.length() - SearchDataWriter.TAIL.length());
  }

  /** A JSON object's members as their value's JSON text, in file order. */
  static LinkedHashMap<String, String> fields(String json) throws IOException, NoPatch {
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    try (JsonParser p = JSON.getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new NoPatch("not an object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        int from = (int) p.currentTokenLocation().getCharOffset();
        p.skipChildren();
        if (p.currentToken() == JsonToken.VALUE_STRING) {
          p.getText(); // a string is read lazily: its end is known once it is
        }
        int to = (int) p.currentLocation().getCharOffset();
        out.put(name, json.substring(from, to));
      }
    }
    return out;
  }

  /** The numbers of a JSON array of non-negative integers, as search data writes them ({@code [1,2,3]}). */
  static long[] numbers(String json) throws NoPatch {
    if (json.length() < 2 || json.charAt(0) != '[' || json.charAt(json.length() - 1) != ']') {
      throw new NoPatch("not a list of numbers");
    }
    long[] out = new long[8];
    int count = 0;
    long v = 0;
    boolean digit = false;
    for (int i = 1; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c >= '0' && c <= '9') {
        v = v * 10 + (c - '0');
        digit = true;
      } else if ((c == ',' || c == ']') && digit) {
        if (count == out.length) {
          out = Arrays.copyOf(out, count * 2);
        }
        out[count++] = v;
        v = 0;
        digit = false;
      } else if (!(c == ']' && count == 0 && i == json.length() - 1)) {
        throw new NoPatch("not a list of numbers");
      }
    }
    return Arrays.copyOf(out, count);
  }
}
