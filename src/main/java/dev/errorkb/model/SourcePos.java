package dev.errorkb.model;

/**
 * Where something came from: a path relative to the content root (always '/'-separated) and a
 * 1-based line and column; 0 means "the whole file" or "unknown column".
 */
public record SourcePos(String path, int line, int column) {

  public static SourcePos file(String path) {
    return new SourcePos(path, 0, 0);
  }

  /** {@code path:line:column}, the prefix of every problem message. */
  @Override
  public String toString() {
    return path + ":" + Math.max(line, 1) + ":" + Math.max(column, 1);
  }
}
