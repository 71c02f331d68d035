package dev.errorkb.cli;

import dev.errorkb.model.Lang;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code errorkb match} without picocli: building picocli's model of every command costs a
 * one-shot match about 0.15 s, half of its whole budget (issue 15). Only the plain forms are
 * taken here — {@code match}, then in any order {@code --index FILE}, {@code --lang ja|en},
 * {@code --top N} (1 and more, no leading zero), {@code --format text|json}, {@code --explain},
 * each at most once, and at most one TEXT — and with none of them starting with {@code -} or
 * {@code @} (an option, {@code --}, picocli's {@code @file} expansion) or empty. Anything else,
 * {@code --help} and {@code --content} included, goes to picocli, so every message about the
 * command line stays picocli's. {@code MatchFastPathTest} holds both paths to the same output.
 */
final class MatchFastPath {

  private MatchFastPath() {}

  /** The command for {@code args}, or null when they are not all of the plain forms. */
  static MatchCommand parse(String[] args) {
    if (args.length == 0 || !args[0].equals("match")) {
      return null;
    }
    for (String a : args) {
      if (a.isEmpty() || a.charAt(0) == '@') {
        return null;
      }
    }
    MatchCommand m = new MatchCommand();
    m.top = 3;
    m.format = MatchCommand.Format.text;
    boolean index = false;
    boolean lang = false;
    boolean top = false;
    boolean format = false;
    boolean explain = false;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.charAt(0) != '-') {
        if (m.text != null) {
          return null;
        }
        m.text = a;
        continue;
      }
      if (a.equals("--explain")) {
        if (explain) {
          return null;
        }
        explain = true;
        m.explain = true;
        continue;
      }
      if (i + 1 >= args.length || args[i + 1].charAt(0) == '-') {
        return null;
      }
      String v = args[++i];
      switch (a) {
        case "--index" -> {
          if (index) {
            return null;
          }
          index = true;
          try {
            m.source.index = Path.of(v);
          } catch (java.nio.file.InvalidPathException e) {
            return null; // picocli says so
          }
        }
        case "--lang" -> {
          if (lang || Lang.find(v).isEmpty()) {
            return null;
          }
          lang = true;
          m.lang = Lang.find(v).get();
        }
        case "--top" -> {
          if (top || !v.matches("[1-9][0-9]{0,8}")) {
            return null;
          }
          top = true;
          m.top = Integer.parseInt(v);
        }
        case "--format" -> {
          if (format || !(v.equals("text") || v.equals("json"))) {
            return null;
          }
          format = true;
          m.format = MatchCommand.Format.valueOf(v);
        }
        default -> {
          return null;
        }
      }
    }
    return m;
  }

  /** Runs {@code m} as picocli would: the same messages and exit codes for usage mistakes and failures. */
  static int run(MatchCommand m, PrintWriter out, PrintWriter err, boolean debug) {
    try {
      return m.run(out, err);
    } catch (MatchCommand.Usage u) {
      err.println("errorkb: " + u.getMessage());
      err.println("Try 'errorkb match --help' for usage.");
      err.flush();
      return ExitCodes.USAGE;
    } catch (Exception ex) {
      return Main.failure(ex, err, debug);
    }
  }
}
