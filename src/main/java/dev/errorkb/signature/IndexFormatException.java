package dev.errorkb.signature;

import java.io.IOException;

/** An index that cannot be used: too large, too deep, malformed or of an unknown major version. */
public final class IndexFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public IndexFormatException(String source, String message) {
    super(source + ": " + message);
  }

  public IndexFormatException(String source, String message, Throwable cause) {
    super(source + ": " + message, cause);
  }
}
