package dev.errorkb.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule registry is complete: every rule id the code reports (the rule argument of each
 * {@code error(…)}/{@code warning(…)} call in src/main, a literal or a constant) is in {@link
 * Rules#ALL}, every listed id is still used, and each is documented in docs/authoring.md.
 */
class RulesTest {
  private static final Pattern CALL = Pattern.compile("\\b(?:error|warning)\\(");
  private static final Pattern RULE_ID = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");

  /** Rule id → the files that report it. */
  static TreeMap<String, Set<String>> usedRules() throws IOException {
    TreeMap<String, Set<String>> used = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of("src", "main", "java"))) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path f : files) {
      if (f.endsWith(Path.of("check", "Rules.java"))) {
        continue;
      }
      String text = Files.readString(f, StandardCharsets.UTF_8);
      Matcher m = CALL.matcher(text);
      while (m.find()) {
        List<String> args = arguments(text, m.end());
        // (pos, rule, message), or (pos, level, rule, message) for the Problem constructor.
        for (String a : args.size() >= 3 ? args.subList(1, args.size() - 1) : List.<String>of()) {
          String rule = ruleOf(a.strip(), text);
          if (rule != null) {
            used.computeIfAbsent(rule, k -> new TreeSet<>()).add(f.getFileName().toString());
          }
        }
      }
    }
    return used;
  }

  /** A rule literal, or the value of a {@code RULE_X} constant of the file; null for anything else. */
  private static String ruleOf(String arg, String text) {
    if (arg.length() > 2 && arg.startsWith("\"") && arg.endsWith("\"") && RULE_ID.matcher(arg.substring(1, arg.length() - 1)).matches()) {
      return arg.substring(1, arg.length() - 1);
    }
    if (arg.matches("RULE_[A-Z_]+")) {
      Matcher c = Pattern.compile(arg + " = \"([^\"]+)\"").matcher(text);
      return c.find() ? c.group(1) : null;
    }
    return null;
  }

  /** The top-level arguments of the call whose '(' ends just before {@code from}. */
  private static List<String> arguments(String text, int from) {
    List<String> args = new ArrayList<>();
    int depth = 0;
    int start = from;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        for (i++; i < text.length() && text.charAt(i) != '"'; i++) {
          if (text.charAt(i) == '\\') {
            i++;
          }
        }
      } else if (c == '\'') {
        for (i++; i < text.length() && text.charAt(i) != '\''; i++) {
          if (text.charAt(i) == '\\') {
            i++;
          }
        }
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
        depth--;
      } else if (c == ')') {
        args.add(text.substring(start, i));
        return args;
      } else if (c == ',' && depth == 0) {
        args.add(text.substring(start, i));
        start = i + 1;
      }
    }
    return args;
  }

  @Test
  void everyRuleTheCodeReportsIsRegistered() throws IOException {
    TreeMap<String, Set<String>> used = usedRules();
    assertTrue(used.size() > 60, "the scan finds the rules: " + used.keySet());
    TreeMap<String, Set<String>> missing = new TreeMap<>(used);
    missing.keySet().removeAll(Rules.ALL.keySet());
    assertEquals(new TreeMap<>(), missing, "rule ids used in src/main but not in check/Rules.ALL (add one line each)");
  }

  @Test
  void everyRegisteredRuleIsStillReported() throws IOException {
    Set<String> unused = new TreeSet<>(Rules.ALL.keySet());
    unused.removeAll(usedRules().keySet());
    assertEquals(Set.of(), unused, "rules in check/Rules.ALL that no code reports any more");
  }

  @Test
  void everyRuleIsDocumentedInTheAuthoringGuide() throws IOException {
    String doc = Files.readString(Path.of("docs", "authoring.md"), StandardCharsets.UTF_8);
    Set<String> undocumented = new TreeSet<>();
    for (String rule : Rules.ALL.keySet()) {
      if (!doc.contains("| `" + rule + "` |")) {
        undocumented.add(rule);
      }
    }
    assertEquals(Set.of(), undocumented, "rules without a row in docs/authoring.md's table of rule ids");
    for (String line : Rules.ALL.values()) {
      assertTrue(!line.isBlank() && !line.endsWith("."), "one short line, no full stop: " + line);
    }
  }
}
