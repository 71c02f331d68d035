package dev.errorkb.signature;

import java.util.Locale;
import java.util.Optional;

/**
 * A typed slot for a variable part of an error text, written {@code <name>} in masked text and
 * templates. Authors may also write the placeholders literally in a signature text; {@link #ANY}
 * exists only for that (the normaliser never produces it).
 */
public enum Placeholder {
  URL("[^ ]+"),
  EMAIL("[^ ]+"),
  HOST("[a-z0-9][a-z0-9.-]*"),
  UUID("[0-9a-f-]{36}"),
  ARN("arn:[^ ]+"),
  IP("[0-9a-f.:\\[\\]]+"),
  TIME("[0-9][0-9t:.,/+-]*(?: ?(?:z|utc|gmt|jst|[+-][0-9]{2}(?::?[0-9]{2})?))?"),
  DUR("[0-9][0-9.]* ?[^ 0-9]+"),
  HEX("(?:0x)?[0-9a-f]+"),
  NUM("[0-9]+(?:[.,][0-9]+)*"),
  PATH("[^ ]+"),
  Q("(?:\"[^\"]*\"|'[^']*'|`[^`]*`|“[^”]*”|‘[^’]*’|「[^」]*」|『[^』]*』)"),
  ANY(".*?");

  private static final Placeholder[] ALL = values();

  private final String slotRegex;
  private final String key;
  private final String token;

  Placeholder(String slotRegex) {
    this.slotRegex = slotRegex;
    this.key = name().toLowerCase(Locale.ROOT);
    this.token = "<" + key + ">";
  }

  /** The name as written between angle brackets. */
  public String key() {
    return key;
  }

  /** The placeholder as it appears in masked text, e.g. {@code <path>}. */
  public String token() {
    return token;
  }

  /** The RE2 expression (over folded text) that a derived regex uses for this slot. */
  public String slotRegex() {
    return slotRegex;
  }

  /** The length of the placeholder token starting at {@code pos} in {@code s}, or 0 (no Optional: index loading calls it often). */
  static int lengthAt(CharSequence s, int pos) {
    if (pos >= s.length() || s.charAt(pos) != '<') {
      return 0;
    }
    for (Placeholder p : ALL) {
      String t = p.token;
      int end = pos + t.length();
      if (end <= s.length() && s.charAt(end - 1) == '>' && s.subSequence(pos, end).toString().equals(t)) {
        return t.length();
      }
    }
    return 0;
  }

  /** The placeholder whose token starts at {@code pos} in {@code s}, if any. */
  public static Optional<Placeholder> at(CharSequence s, int pos) {
    if (pos >= s.length() || s.charAt(pos) != '<') {
      return Optional.empty();
    }
    for (Placeholder p : ALL) {
      String t = p.token;
      int end = pos + t.length();
      if (end <= s.length() && s.charAt(end - 1) == '>' && s.subSequence(pos, end).toString().equals(t)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
