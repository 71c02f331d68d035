package dev.errorkb.signature;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads errors.json with hard limits, so a hostile or broken file fails fast with a clear message. */
final class ErrorIndexReader {

  private ErrorIndexReader() {}

  static IndexDocument read(InputStream raw, String source, ErrorIndex.Limits limits) throws IOException {
    JsonFactory f =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxDepth())
                    .maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxBytes()))
                    .build())
            .build();
    ObjectMapper om = new ObjectMapper(f);
    JsonNode root;
    try (InputStream in = new Bounded(raw, limits.maxBytes(), source)) {
      root = om.readTree(in);
    } catch (JsonProcessingException e) {
      throw new IndexFormatException(source, "not valid JSON or over a limit: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IndexFormatException(source, "expected a JSON object at the top");
    }
    String version = text(root, "schemaVersion", source);
    String major = version.split("\\.", 2)[0];
    String ours = IndexDocument.SCHEMA_VERSION.split("\\.", 2)[0];
    if (!major.equals(ours)) {
      throw new IndexFormatException(
          source, "schemaVersion " + version + " is not supported (this reader understands " + ours + ".x)");
    }
    String dialect = text(root, "regexDialect", source);
    if (!dialect.equals("re2")) {
      throw new IndexFormatException(source, "regexDialect '" + dialect + "' is not supported (expected re2)");
    }
    JsonNode entries = root.get("entries");
    if (entries == null || !entries.isArray()) {
      throw new IndexFormatException(source, "'entries' must be an array");
    }
    if (entries.size() > limits.maxEntries()) {
      throw new IndexFormatException(
          source, entries.size() + " entries exceed the limit of " + limits.maxEntries());
    }
    List<IndexEntry> list = new ArrayList<>(entries.size());
    int i = 0;
    for (JsonNode e : entries) {
      String where = "entries[" + i++ + "]";
      list.add(entry(e, source + " " + where));
    }
    return new IndexDocument(
        version,
        text(root, "normalizerVersion", source),
        dialect,
        text(root, "generator", source),
        Optional.ofNullable(root.get("baseUrl")).map(JsonNode::asText),
        list);
  }

  private static IndexEntry entry(JsonNode e, String where) throws IndexFormatException {
    if (!e.isObject()) {
      throw new IndexFormatException(where, "expected an object");
    }
    List<IndexSignature> sigs = new ArrayList<>();
    for (JsonNode s : array(e, "signatures", where)) {
      List<String> anchors = new ArrayList<>();
      for (JsonNode a : array(s, "anchors", where)) {
        anchors.add(a.asText());
      }
      sigs.add(
          new IndexSignature(
              text(s, "id", where), text(s, "lang", where), text(s, "text", where),
              text(s, "template", where), text(s, "regex", where), anchors));
    }
    List<IndexEntry.Requirement> req = new ArrayList<>();
    for (JsonNode r : array(e, "requires", where)) {
      req.add(
          new IndexEntry.Requirement(
              text(r, "kind", where), text(r, "value", where),
              Optional.ofNullable(r.get("note")).map(JsonNode::asText)));
    }
    List<String> tags = new ArrayList<>();
    for (JsonNode t : array(e, "tags", where)) {
      tags.add(t.asText());
    }
    return new IndexEntry(
        text(e, "id", where),
        langMap(e, "title", where),
        langMap(e, "summary", where),
        langMap(e, "cause", where),
        langMap(e, "fix", where),
        langMap(e, "url", where),
        e.has("absoluteUrl") ? langMap(e, "absoluteUrl", where) : new TreeMap<>(),
        text(e, "product", where),
        tags,
        text(e, "severity", where),
        req,
        Optional.ofNullable(e.get("updated")).map(JsonNode::asText),
        text(e, "contentHash", where),
        sigs);
  }

  private static String text(JsonNode n, String field, String where) throws IndexFormatException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IndexFormatException(where, "'" + field + "' must be a string");
    }
    return v.asText();
  }

  private static JsonNode array(JsonNode n, String field, String where) throws IndexFormatException {
    JsonNode v = n.get(field);
    if (v == null || !v.isArray()) {
      throw new IndexFormatException(where, "'" + field + "' must be an array");
    }
    return v;
  }

  private static TreeMap<String, String> langMap(JsonNode n, String field, String where)
      throws IndexFormatException {
    JsonNode v = n.get(field);
    if (v == null || !v.isObject()) {
      throw new IndexFormatException(where, "'" + field + "' must be an object of language → text");
    }
    TreeMap<String, String> m = new TreeMap<>();
    var it = v.fields();
    while (it.hasNext()) {
      var f = it.next();
      m.put(f.getKey(), f.getValue().asText());
    }
    return m;
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
