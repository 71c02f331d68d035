package dev.errorkb.load;

import dev.errorkb.model.Problem;
import dev.errorkb.model.Problems;
import dev.errorkb.model.SourcePos;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML through SnakeYAML's node graph, so every value keeps its line and column. Values are read
 * as plain scalars by our own schema (no YAML 1.1 guessing of booleans and dates), and aliases,
 * nesting and size are capped against hostile files.
 */
final class Yaml {
  private final String path;
  private final int lineOffset;
  private final Problems problems;

  private Yaml(String path, int lineOffset, Problems problems) {
    this.path = path;
    this.lineOffset = lineOffset;
    this.problems = problems;
  }

  static Yaml forFile(String path, int lineOffset, Problems problems) {
    return new Yaml(path, lineOffset, problems);
  }

  /**
   * The tag resolver, shared: it is only read after construction. A whole
   * {@code org.yaml.snakeyaml.Yaml} per file also built a constructor and a representer that
   * composing never uses (three files per entry).
   */
  private static final Resolver RESOLVER = new Resolver();

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(20);
    options.setNestingDepthLimit(30);
    options.setCodePointLimit(TextFile.MAX_BYTES);
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    return options;
  }

  /** Parses one YAML document into a node, or empty after a located problem. */
  Optional<Node> parse(String text) {
    LoaderOptions options = options();
    try {
      // What org.yaml.snakeyaml.Yaml.compose does, without building the rest of a Yaml.
      Node node = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), RESOLVER, options).getSingleNode();
      if (node != null && countNodes(node, 0) > 100_000) {
        problems.add(Problem.error(pos(node), "yaml-too-complex", "YAML document has too many values"));
        return Optional.empty();
      }
      return Optional.ofNullable(node);
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String msg = e.getProblem() != null ? e.getProblem() : e.getMessage();
      if (msg != null && msg.contains("(TAB)")) {
        msg = "tab character used for indentation; YAML indents with spaces";
      }
      problems.add(Problem.error(pos(m), "yaml-syntax", "invalid YAML: " + firstLine(msg)));
      return Optional.empty();
    } catch (YAMLException e) {
      problems.add(
          Problem.error(SourcePos.file(path), "yaml-syntax", "invalid YAML: " + firstLine(e.getMessage())));
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      // SnakeYAML throws this for some malformed tags ("product: !e][" found by LoadFuzzTest),
      // outside its own exception types; one bad file must be a problem, not a crashed build.
      problems.add(
          Problem.error(SourcePos.file(path), "yaml-syntax", "invalid YAML: " + firstLine(e.getMessage())));
      return Optional.empty();
    }
  }

  private static int countNodes(Node node, int sofar) {
    int n = sofar + 1;
    if (n > 100_000) {
      return n;
    }
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        n = countNodes(t.getValueNode(), n);
        if (n > 100_000) {
          return n;
        }
      }
    } else if (node instanceof SequenceNode s) {
      for (Node c : s.getValue()) {
        n = countNodes(c, n);
        if (n > 100_000) {
          return n;
        }
      }
    }
    return n;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable document";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  SourcePos pos(Node node) {
    return pos(node.getStartMark());
  }

  SourcePos pos(Mark m) {
    if (m == null) {
      return SourcePos.file(path);
    }
    return new SourcePos(path, m.getLine() + 1 + lineOffset, m.getColumn() + 1);
  }

  void error(Node node, String rule, String message) {
    problems.add(Problem.error(pos(node), rule, message));
  }

  void warning(Node node, String rule, String message) {
    problems.add(Problem.warning(pos(node), rule, message));
  }

  /**
   * Reads a mapping, reporting duplicate and unknown keys (with a "did you mean"); returns the
   * known keys' value nodes in document order.
   */
  Optional<Map<String, Node>> mapping(Node node, String what, Collection<String> allowed) {
    if (!(node instanceof MappingNode m)) {
      error(node, "wrong-type", what + " must be a mapping of keys to values, found " + describe(node));
      return Optional.empty();
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      if (!(k instanceof ScalarNode ks)) {
        error(k, "wrong-type", "keys in " + what + " must be plain words");
        continue;
      }
      String key = ks.getValue();
      if (!allowed.contains(key)) {
        String hint = Suggest.closest(key, allowed).map(s -> "; did you mean '" + s + "'?").orElse("");
        error(k, "unknown-key", "unknown key '" + key + "' in " + what + hint);
        continue;
      }
      if (out.containsKey(key)) {
        error(k, "duplicate-key", "duplicate key '" + key + "' in " + what);
        continue;
      }
      out.put(key, t.getValueNode());
    }
    return Optional.of(out);
  }

  /** A scalar value as text; null and missing are reported by callers via {@link #isNull}. */
  Optional<String> string(Node node, String what) {
    if (node instanceof ScalarNode s) {
      if (isNull(node)) {
        error(node, "missing-value", what + " has no value");
        return Optional.empty();
      }
      if (s.getValue().startsWith("TODO")) {
        error(node, "unfinished", what + " still holds the scaffold's TODO; fill it in");
        return Optional.empty();
      }
      return Optional.of(s.getValue());
    }
    error(node, "wrong-type", what + " must be text, found " + describe(node));
    return Optional.empty();
  }

  /** A non-blank scalar value. */
  Optional<String> nonBlank(Node node, String what) {
    Optional<String> s = string(node, what);
    if (s.isPresent() && s.get().isBlank()) {
      error(node, "empty-value", what + " is empty");
      return Optional.empty();
    }
    return s.map(String::strip);
  }

  /** A sequence's items; a single scalar is not silently promoted. */
  Optional<List<Node>> list(Node node, String what) {
    if (node instanceof SequenceNode s) {
      return Optional.of(new ArrayList<>(s.getValue()));
    }
    if (isNull(node)) {
      return Optional.of(List.of());
    }
    error(node, "wrong-type", what + " must be a list, found " + describe(node));
    return Optional.empty();
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode s
        && s.getTag().getValue().endsWith(":null")
        && (s.getValue().isEmpty() || s.getValue().equals("~") || s.getValue().equals("null"));
  }

  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (isNull(node)) {
      return "nothing";
    }
    return "text";
  }
}
