package dev.errorkb.signature;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads errors.json on all cores ({@link ErrorIndex#load(InputStream, String, ErrorIndex.Limits)}):
 * the calling thread parses while a pool derives what each parsed entry alone determines, batch by
 * batch, and then builds the BM25 postings. Its own class because the threads, the batches and what
 * a failure does to them are a job apart from the index they fill.
 */
final class IndexLoader {

  private static final int PREPARE_BATCH = 256;

  private IndexLoader() {}

  /** What can be derived from one entry alone: its signatures' template keys and its BM25 terms. */
  record Prepared(TemplateInfo.Keys[] keys, DocTerms terms) {
    static Prepared of(IndexEntry e) {
      TemplateInfo.Keys[] keys = new TemplateInfo.Keys[e.signatures().size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = TemplateInfo.keys(e.signatures().get(i).template());
      }
      return new Prepared(keys, DocTerms.of(e, keys));
    }
  }

  /** See {@link ErrorIndex#load(InputStream, String, ErrorIndex.Limits)}. */
  static ErrorIndex load(InputStream in, String source, ErrorIndex.Limits limits) throws IOException {
    // While this thread parses, the other cores derive what each parsed entry alone determines,
    // then build the BM25 postings while this thread keys the signatures. Own threads, as many as
    // the other cores: on two cores CompletableFuture's default would start a thread per task, all
    // competing with the parse.
    int n = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "errorkb-index-load");
      t.setDaemon(true);
      return t;
    });
    boolean loaded = false;
    try {
      List<Future<List<Prepared>>> work = new ArrayList<>();
      List<IndexEntry> batch = new ArrayList<>();
      IndexDocument doc = ErrorIndexReader.read(in, source, limits, e -> {
        batch.add(e);
        if (batch.size() == PREPARE_BATCH) {
          List<IndexEntry> b = List.copyOf(batch);
          work.add(pool.submit(() -> prepare(b)));
          batch.clear();
        }
      });
      List<Prepared> prepared = new ArrayList<>(doc.entries().size());
      for (Future<List<Prepared>> f : work) {
        prepared.addAll(join(f));
      }
      prepared.addAll(prepare(batch));
      DocTerms[] terms = prepared.stream().map(Prepared::terms).toArray(DocTerms[]::new);
      List<long[]> hashes = new ArrayList<>();
      for (Prepared p : prepared) {
        for (TemplateInfo.Keys k : p.keys()) {
          hashes.add(k.tokenHashes());
        }
      }
      long[][] sigHashes = hashes.toArray(new long[0][]);
      IndexSignature[] all = doc.entries().stream().flatMap(e -> e.signatures().stream()).toArray(IndexSignature[]::new);
      ErrorIndex index = new ErrorIndex(doc, prepared, pool.submit(() -> Bm25.build(terms, all, sigHashes)));
      loaded = true;
      return index;
    } finally {
      if (loaded) {
        pool.shutdown(); // the BM25 build still runs
      } else {
        pool.shutdownNow(); // a malformed file: drop the work queued for it
      }
    }
  }

  private static List<Prepared> prepare(List<IndexEntry> batch) {
    List<Prepared> out = new ArrayList<>(batch.size());
    for (IndexEntry e : batch) {
      out.add(Prepared.of(e));
    }
    return out;
  }

  /** The result of a task of ours; its failure (a bug, or out of memory) rethrown unchecked. */
  static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading the index", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
