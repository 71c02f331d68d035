package dev.errorkb.model;

import java.util.Locale;
import java.util.Optional;

/** A site language. The set is closed: errorkb is bilingual Japanese/English by design. */
public enum Lang {
  JA("ja", Locale.JAPANESE),
  EN("en", Locale.ENGLISH);

  private final String code;
  private final Locale locale;

  Lang(String code, Locale locale) {
    this.code = code;
    this.locale = locale;
  }

  /** The BCP 47 code used in paths, {@code lang} attributes and file names ({@code ja.md}). */
  public String code() {
    return code;
  }

  public Locale locale() {
    return locale;
  }

  /** Finds the language for a code such as {@code "ja"}; case-sensitive, as in file names. */
  public static Optional<Lang> find(String code) {
    for (Lang l : values()) {
      if (l.code.equals(code)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /** The other language of the pair. */
  public Lang other() {
    return this == JA ? EN : JA;
  }
}
