package dev.errorkb.model;

/**
 * A located fault in content, printed as {@code path:line:column: error|warning: message [rule]}.
 * Lives in the model because every stage (load, check, signature) reports them.
 */
public record Problem(SourcePos pos, Level level, String rule, String message) {

  /** Errors fail the build; warnings are printed and the build goes on. */
  public enum Level {
    ERROR,
    WARNING;

    public String key() {
      return this == ERROR ? "error" : "warning";
    }
  }

  public static Problem error(SourcePos pos, String rule, String message) {
    return new Problem(pos, Level.ERROR, rule, message);
  }

  public static Problem warning(SourcePos pos, String rule, String message) {
    return new Problem(pos, Level.WARNING, rule, message);
  }

  public boolean isError() {
    return level == Level.ERROR;
  }

  @Override
  public String toString() {
    return pos + ": " + level.key() + ": " + message + " [" + rule + "]";
  }
}
