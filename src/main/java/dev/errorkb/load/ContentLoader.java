package dev.errorkb.load;

import dev.errorkb.model.Entry;
import dev.errorkb.model.KnowledgeBase;
import dev.errorkb.model.Problem;
import dev.errorkb.model.Problems;
import dev.errorkb.model.SiteConfig;
import dev.errorkb.model.SourcePos;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Loads a content folder into a {@link KnowledgeBase}. Every user mistake becomes a located
 * {@link Problem}; only an I/O failure of the file system itself throws ({@link UncheckedIOException}).
 */
public final class ContentLoader {
  /** The result of loading: the model (possibly partial) and every problem found. */
  public record Loaded(KnowledgeBase kb, List<Problem> problems) {
    public Loaded {
      problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
      return problems.stream().anyMatch(Problem::isError);
    }
  }

  /** Tags that carry no script, style or URL and so may be allowed through raw HTML. */
  public static final Set<String> SAFE_TAGS = SiteYamlReader.SAFE_TAGS;
  /**
   * Ids whose page path ({@code <lang>/<id>/}) the site itself uses: the search page and the tag
   * pages (issue 12: an entry {@code search} silently lost its page).
   */
  public static final Set<String> RESERVED_IDS = EntryReader.RESERVED_IDS;

  private final Path root;
  private final ContentTree tree;

  public ContentLoader(Path contentRoot) {
    this.root = contentRoot;
    this.tree = new ContentTree(contentRoot);
  }

  /** Why {@code id} cannot be used: the site's own page lives at its path. */
  public static String reservedMessage(String id) {
    return EntryReader.reservedMessage(id);
  }

  /** Reads site.yaml and every entry folder below the root. */
  public Loaded load() {
    return load(Optional.empty(), EntryMemo.NONE, null);
  }

  /**
   * Reads site.yaml and every entry folder below the root, taking from {@code memo} what reading a
   * folder whose files did not change gave last time, and telling it about every folder read.
   */
  public Loaded load(EntryMemo memo) {
    return load(Optional.empty(), memo, null);
  }

  /**
   * {@link #load(EntryMemo)} with the content folder's files taken from {@code walked}, a walk of
   * it already made (the build's fingerprint), instead of walking it again.
   */
  public Loaded load(EntryMemo memo, List<WalkedFile> walked) {
    return load(Optional.empty(), memo, java.util.Objects.requireNonNull(walked));
  }

  /**
   * Reads site.yaml and only the entry folders {@code entryDirs} (paths below the root, as given or
   * absolute): what {@code serve} needs after a save inside one entry folder. The model holds those
   * entries alone; problems that need the whole KB (an id used twice, a file outside any entry)
   * are found by a full {@link #load()}.
   */
  public Loaded load(Set<Path> entryDirs) {
    return load(Optional.of(entryDirs), EntryMemo.NONE, null);
  }

  private Loaded load(Optional<Set<Path>> only, EntryMemo memo, List<WalkedFile> walked) {
    Problems problems = new Problems();
    if (!Files.isDirectory(root)) {
      problems.add(Problem.error(SourcePos.absolute(root.toAbsolutePath().toString()), "no-content", "content folder not found"));
      return new Loaded(new KnowledgeBase(SiteYamlReader.defaultSite(), List.of()), problems.sorted());
    }
    SiteConfig site = new SiteYamlReader(tree).read(problems);
    List<Path> files = new ArrayList<>();
    if (only.isEmpty()) {
      files = walked != null ? tree.listed(walked, problems) : tree.listFiles(root, problems);
    } else {
      Path abs = root.toAbsolutePath().normalize();
      for (Path d : new TreeSet<>(only.get())) {
        Path dir = root.resolve(abs.relativize(d.toAbsolutePath().normalize()).toString());
        if (Files.isDirectory(dir)) {
          files.addAll(tree.listFiles(dir, problems));
        }
      }
    }
    Set<Path> entryDirs = new TreeSet<>();
    for (Path f : files) {
      if (f.getFileName().toString().equals("entry.yaml")) {
        entryDirs.add(f.getParent());
      }
    }
    // Grouped by hash, then sorted once: a TreeMap of paths compared every file against log n folders.
    Set<Path> entryDirSet = new HashSet<>(entryDirs);
    Map<Path, List<Path>> byEntry = new HashMap<>();
    for (Path f : files) {
      Path owner = ContentTree.owningEntry(f, entryDirSet);
      if (owner != null) {
        byEntry.computeIfAbsent(owner, k -> new ArrayList<>()).add(f);
      } else if (!f.getParent().equals(root) && ContentTree.isLanguageFile(f)) {
        problems.add(Problem.error(SourcePos.file(tree.rel(f)), "orphan-file",
            "language file outside an entry folder: the folder needs an entry.yaml"));
      }
    }
    Map<Path, List<Path>> filesByEntry = new TreeMap<>(byEntry);
    for (Path dir : entryDirs) {
      Path outer = ContentTree.owningEntry(dir, entryDirSet);
      if (outer != null) {
        problems.add(Problem.error(SourcePos.file(tree.rel(dir.resolve("entry.yaml"))), "nested-entry",
            "entry folder inside another entry folder (" + tree.rel(outer) + "); move it beside it"));
      }
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, String> seenIds = new HashMap<>();
    EntryReader reader = new EntryReader(tree, new DocReader(site.headings()), site.defaultLang());
    // Entries are independent: read them on all cores, then merge in path order (deterministic).
    List<EntryMemo.Read> reads = filesByEntry.entrySet().parallelStream().map(e -> {
      String dir = tree.rel(e.getKey());
      List<String> rels = e.getValue().stream().map(tree::rel).sorted().toList();
      Optional<EntryMemo.Read> known = memo.recall(dir, rels);
      if (known.isPresent()) {
        return known.get();
      }
      Problems own = new Problems();
      EntryMemo.Read r = new EntryMemo.Read(reader.read(e.getKey(), e.getValue(), own), own.sorted());
      memo.remember(dir, rels, r);
      return r;
    }).toList();
    for (EntryMemo.Read r : reads) {
      problems.addAll(r.problems());
      r.entry().ifPresent(entry -> {
        String first = seenIds.putIfAbsent(entry.id(), entry.dir());
        if (first != null) {
          problems.add(Problem.error(entry.pos(), "duplicate-id",
              "id '" + entry.id() + "' is already used by " + first + "/entry.yaml; ids must be unique across the KB"));
        } else {
          entries.add(entry);
        }
      });
    }
    entries.sort(Comparator.comparing(Entry::id));
    return new Loaded(new KnowledgeBase(site, entries), problems.sorted());
  }
}
