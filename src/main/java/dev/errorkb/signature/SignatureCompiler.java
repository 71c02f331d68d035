package dev.errorkb.signature;

import com.google.re2j.PatternSyntaxException;
import dev.errorkb.model.Problem;
import dev.errorkb.model.Signature;
import dev.errorkb.util.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a signature text into its template, RE2 regex and anchors (docs/matching.md §2), reporting
 * unusable signatures as located problems instead of failing.
 */
public final class SignatureCompiler {

  /** Fewer literal (non-space, non-placeholder) characters than this make a signature too general. */
  public static final int MIN_LITERAL_CHARS = 6;

  /** Fewer anchor tokens (words, CJK bigrams) than this make a signature too general: one word is not an error. */
  public static final int MIN_ANCHOR_TOKENS = 2;

  private static final String REGEX_META = "\\.+*?()|[]{}^$";

  private SignatureCompiler() {}

  /** The outcome: the compiled signature unless an error was found, plus all problems. */
  public record Result(Optional<IndexSignature> signature, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }
  }

  /** Compiles signature {@code sig} of entry {@code entryId}. */
  public static Result compile(String entryId, Signature sig) {
    List<Problem> problems = new ArrayList<>();
    String template = Normalizer.mask(Normalizer.fold(sig.text()));
    String id = signatureId(entryId, sig.langKey(), sig.text());
    String regex;
    List<String> anchors;
    if (sig.pattern().isPresent()) {
      regex = "(?i)" + sig.pattern().get();
      anchors = List.of();
      Optional<String> tooBig = RegexGuard.problem(regex);
      if (tooBig.isPresent()) {
        problems.add(Problem.error(sig.pos(), "signature-pattern", tooBig.get()));
        return new Result(Optional.empty(), problems);
      }
      if (RegexGuard.nestedUnboundedRepeat(regex)) {
        problems.add(
            Problem.warning(
                sig.pos(),
                "signature-pattern-backtracking",
                "pattern repeats a group that itself repeats without bound (like (a+)+); errorkb's matcher stays fast,"
                    + " but the site's search runs patterns in the browser's backtracking engine, where a near-miss could"
                    + " take minutes, so the search pages skip this pattern (the entry is still found by its words);"
                    + " rewrite it without the nested repetition, e.g. ([a-z.]+) instead of ([a-z]+\\.)+"));
      }
      try {
        com.google.re2j.Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        problems.add(
            Problem.error(
                sig.pos(),
                "signature-pattern",
                "pattern is not a valid RE2 expression: " + e.getDescription()
                    + " (RE2 has no backreferences or lookaround)"));
        return new Result(Optional.empty(), problems);
      }
    } else {
      TemplateInfo info = TemplateInfo.of(template);
      if (info.literalChars() < MIN_LITERAL_CHARS || info.anchorTokens().size() < MIN_ANCHOR_TOKENS) {
        problems.add(
            Problem.error(
                sig.pos(),
                "signature-too-general",
                "signature is too general to identify an error: its template '"
                    + template
                    + "' keeps "
                    + info.literalChars()
                    + " literal characters"
                    + " and "
                    + info.anchorTokens().size()
                    + " distinct words (at least "
                    + MIN_LITERAL_CHARS
                    + " characters and "
                    + MIN_ANCHOR_TOKENS
                    + " words needed); quote more of the message"));
        return new Result(Optional.empty(), problems);
      }
      regex = deriveRegex(template);
      anchors = info.anchors();
    }
    return new Result(
        Optional.of(new IndexSignature(id, sig.langKey(), sig.text(), template, regex, anchors)),
        problems);
  }

  /** {@code <entry-id>#} plus the first 8 hex digits of sha256(lang + "\n" + text). */
  public static String signatureId(String entryId, String langKey, String text) {
    return entryId + "#" + Sha256.hex(langKey + "\n" + text).substring(0, 8);
  }

  /** The RE2 expression for a template: quoted literals, optional spaces, typed capture groups. */
  public static String deriveRegex(String template) {
    StringBuilder re = new StringBuilder(template.length() * 2);
    if (!template.isEmpty() && isAsciiAlnum(template.charAt(0))) {
      re.append("\\b");
    }
    int i = 0;
    while (i < template.length()) {
      Optional<Placeholder> p = Placeholder.at(template, i);
      if (p.isPresent()) {
        re.append('(').append(p.get().slotRegex()).append(')');
        i += p.get().token().length();
        continue;
      }
      char c = template.charAt(i);
      if (c == ' ') {
        re.append(" ?");
      } else if (REGEX_META.indexOf(c) >= 0) {
        re.append('\\').append(c);
      } else {
        re.append(c);
      }
      i++;
    }
    if (!template.isEmpty() && isAsciiAlnum(template.charAt(template.length() - 1))) {
      re.append("\\b");
    }
    return re.toString();
  }

  static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  }
}
