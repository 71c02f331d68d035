package dev.errorkb.model;

import java.util.Locale;

/** The recognised sections of an entry's prose; anything else is {@link #OTHER}. */
public enum SectionKind {
  SYMPTOMS,
  CAUSE,
  FIX,
  VERIFY,
  OTHER;

  /** The explicit heading id ({@code {#cause}}) that selects this section. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
