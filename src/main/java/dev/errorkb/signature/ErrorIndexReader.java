package dev.errorkb.signature;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads errors.json with hard limits, so a hostile or broken file fails fast with a clear message.
 * Streams the tokens straight into records (a tree model would double the load time of a large
 * index); unknown fields are skipped, as minor schema versions may add some.
 */
final class ErrorIndexReader {

  private ErrorIndexReader() {}

  static IndexDocument read(InputStream raw, String source, ErrorIndex.Limits limits) throws IOException {
    return read(raw, source, limits, e -> { });
  }

  /** Reads the index, handing each entry to {@code onEntry} as soon as it is parsed. */
  static IndexDocument read(InputStream raw, String source, ErrorIndex.Limits limits,
      java.util.function.Consumer<IndexEntry> onEntry) throws IOException {
    JsonFactory f = factory(limits);
    try (InputStream in = new Bounded(raw, limits.maxBytes(), source);
        JsonParser p = f.createParser(in)) {
      return new ErrorIndexReader.Doc(p, source, limits, onEntry).read();
    } catch (JsonProcessingException e) {
      throw new IndexFormatException(
          source, "not valid JSON or over a limit: " + e.getOriginalMessage()
              + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : ""));
    }
  }

  /** A parser factory with {@code limits}; duplicate keys and trailing documents refused. */
  static JsonFactory factory(ErrorIndex.Limits limits) {
    return JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxDepth())
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxBytes()))
                .build())
        // Two values for one key, or a second document after the first, mean the file is not
        // what its writer made (a bad merge, two files concatenated): refuse rather than pick one.
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /** One parse. */
  private static final class Doc {
    private final JsonParser p;
    private final String source;
    private final ErrorIndex.Limits limits;
    private final java.util.function.Consumer<IndexEntry> onEntry;

    Doc(JsonParser p, String source, ErrorIndex.Limits limits, java.util.function.Consumer<IndexEntry> onEntry) {
      this.p = p;
      this.source = source;
      this.limits = limits;
      this.onEntry = onEntry;
    }

    IndexDocument read() throws IOException {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw fail("expected a JSON object at the top");
      }
      String schemaVersion = null;
      String normalizerVersion = null;
      String dialect = null;
      String generator = null;
      String baseUrl = null;
      List<IndexEntry> entries = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "schemaVersion" -> {
            schemaVersion = string(name);
            String major = schemaVersion.split("\\.", 2)[0];
            String ours = IndexDocument.SCHEMA_VERSION.split("\\.", 2)[0];
            if (!major.equals(ours)) {
              throw fail("schemaVersion " + schemaVersion + " is not supported (this reader understands " + ours + ".x)");
            }
          }
          case "normalizerVersion" -> normalizerVersion = string(name);
          case "regexDialect" -> {
            dialect = string(name);
            if (!dialect.equals("re2")) {
              throw fail("regexDialect '" + dialect + "' is not supported (expected re2)");
            }
          }
          case "generator" -> generator = string(name);
          case "baseUrl" -> baseUrl = string(name);
          case "entries" -> entries = entries();
          default -> p.skipChildren();
        }
      }
      if (schemaVersion == null || normalizerVersion == null || dialect == null || generator == null || entries == null) {
        throw fail("missing one of schemaVersion, normalizerVersion, regexDialect, generator, entries");
      }
      if (p.nextToken() != null) {
        throw fail("unexpected data after the end of the JSON document");
      }
      return new IndexDocument(schemaVersion, normalizerVersion, dialect, generator, Optional.ofNullable(baseUrl), entries);
    }

    private List<IndexEntry> entries() throws IOException {
      expect(JsonToken.START_ARRAY, "entries");
      List<IndexEntry> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (list.size() >= limits.maxEntries()) {
          throw fail("more entries than the limit of " + limits.maxEntries());
        }
        IndexEntry e = entry();
        list.add(e);
        onEntry.accept(e);
      }
      return list;
    }

    private IndexEntry entry() throws IOException {
      expect(JsonToken.START_OBJECT, "entry");
      String id = null;
      String product = null;
      String severity = null;
      String contentHash = null;
      String updated = null;
      TreeMap<String, String> title = null;
      TreeMap<String, String> summary = new TreeMap<>();
      TreeMap<String, String> cause = new TreeMap<>();
      TreeMap<String, String> fix = new TreeMap<>();
      TreeMap<String, String> url = new TreeMap<>();
      TreeMap<String, String> abs = new TreeMap<>();
      List<String> tags = List.of();
      List<IndexEntry.Requirement> requires = List.of();
      List<IndexSignature> sigs = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "id" -> id = string(name);
          case "product" -> product = string(name);
          case "severity" -> severity = string(name);
          case "contentHash" -> contentHash = string(name);
          case "updated" -> updated = string(name);
          case "title" -> title = langMap(name);
          case "summary" -> summary = langMap(name);
          case "cause" -> cause = langMap(name);
          case "fix" -> fix = langMap(name);
          case "url" -> url = langMap(name);
          case "absoluteUrl" -> abs = langMap(name);
          case "tags" -> tags = strings(name);
          case "requires" -> requires = requires();
          case "signatures" -> sigs = signatures();
          default -> p.skipChildren();
        }
      }
      if (id == null || title == null || sigs == null || product == null || severity == null || contentHash == null) {
        throw fail("an entry" + (id != null ? " ('" + id + "')" : "") + " lacks id, title, product, severity, contentHash or signatures");
      }
      return new IndexEntry(id, title, summary, cause, fix, url, abs, product, tags, severity, requires,
          Optional.ofNullable(updated), contentHash, sigs);
    }

    private List<IndexSignature> signatures() throws IOException {
      expect(JsonToken.START_ARRAY, "signatures");
      List<IndexSignature> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        expect(JsonToken.START_OBJECT, "signature");
        String id = null;
        String lang = null;
        String text = null;
        String template = null;
        String regex = null;
        List<String> anchors = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          switch (name) {
            case "id" -> id = string(name);
            case "lang" -> lang = string(name);
            case "text" -> text = string(name);
            case "template" -> template = string(name);
            case "regex" -> regex = string(name);
            case "anchors" -> anchors = strings(name);
            default -> p.skipChildren();
          }
        }
        if (id == null || lang == null || text == null || template == null || regex == null || anchors == null) {
          throw fail("a signature" + (id != null ? " ('" + id + "')" : "") + " lacks id, lang, text, template, regex or anchors");
        }
        list.add(new IndexSignature(id, lang, text, template, regex, anchors));
      }
      return list;
    }

    private List<IndexEntry.Requirement> requires() throws IOException {
      expect(JsonToken.START_ARRAY, "requires");
      List<IndexEntry.Requirement> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        expect(JsonToken.START_OBJECT, "requirement");
        String kind = null;
        String value = null;
        String note = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          switch (name) {
            case "kind" -> kind = string(name);
            case "value" -> value = string(name);
            case "note" -> note = string(name);
            default -> p.skipChildren();
          }
        }
        if (kind == null || value == null) {
          throw fail("a requirement lacks kind or value");
        }
        list.add(new IndexEntry.Requirement(kind, value, Optional.ofNullable(note)));
      }
      return list;
    }

    private TreeMap<String, String> langMap(String field) throws IOException {
      expect(JsonToken.START_OBJECT, field);
      TreeMap<String, String> m = new TreeMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String k = p.currentName();
        p.nextToken();
        m.put(k, string(field + "." + k));
      }
      return m;
    }

    private List<String> strings(String field) throws IOException {
      expect(JsonToken.START_ARRAY, field);
      List<String> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        list.add(string(field));
      }
      return list;
    }

    private String string(String field) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw fail("'" + field + "' must be a string");
      }
      return p.getText();
    }

    private void expect(JsonToken t, String what) throws IOException {
      if (p.currentToken() != t) {
        throw fail("'" + what + "' must be " + (t == JsonToken.START_ARRAY ? "an array" : "an object"));
      }
    }

    private IndexFormatException fail(String message) {
      return new IndexFormatException(source, message + " (line " + p.currentLocation().getLineNr() + ")");
    }
  }

  /** Fails once more than {@code max} bytes were read. */
  private static final class Bounded extends FilterInputStream {
    private final long max;
    private final String source;
    private long count;

    Bounded(InputStream in, long max, String source) {
      super(in);
      this.max = max;
      this.source = source;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(long n) throws IOException {
      count += n;
      if (count > max) {
        throw new IndexFormatException(source, "larger than the limit of " + max + " bytes");
      }
    }
  }
}
