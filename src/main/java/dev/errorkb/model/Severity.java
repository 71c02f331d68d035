package dev.errorkb.model;

import java.util.Locale;
import java.util.Optional;

/** How serious an entry's error is (the {@code severity} key of entry.yaml). */
public enum Severity {
  ERROR,
  WARNING,
  INFO;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Severity> find(String key) {
    for (Severity s : values()) {
      if (s.key().equals(key)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
