package dev.errorkb.model;

/**
 * Where something came from: a '/'-separated path relative to its {@link Root} and a 1-based line
 * and column; 0 means "the whole file" or "unknown column". The root says which folder the path is
 * relative to, so a printer can name the file the user actually has (issue 14: a problem in
 * {@code --templates tpl} used to print as {@code templates/…}, a missing content folder as
 * {@code content/content}).
 */
public record SourcePos(Root root, String path, int line, int column) {

  /** The folder a {@link SourcePos#path()} is relative to. */
  public enum Root {
    /** The content folder ({@code --content}). */
    CONTENT,
    /**
     * The templates folder ({@code --templates}); a file of the built-in theme is named by the
     * same path, which is where {@code theme export} puts it.
     */
    TEMPLATES,
    /** No folder: the path is a file system path of its own, absolute. */
    ABSOLUTE
  }

  public SourcePos {
    java.util.Objects.requireNonNull(root, "root");
    java.util.Objects.requireNonNull(path, "path");
  }

  /** A position in a file of the content folder, the common case. */
  public SourcePos(String path, int line, int column) {
    this(Root.CONTENT, path, line, column);
  }

  /** The whole of a file of the content folder. */
  public static SourcePos file(String path) {
    return new SourcePos(Root.CONTENT, path, 0, 0);
  }

  /** A position in a file of the templates folder (or the built-in theme), e.g. {@code tag.ftlh}. */
  public static SourcePos template(String path, int line, int column) {
    return new SourcePos(Root.TEMPLATES, path, line, column);
  }

  /** A file or folder named by an absolute path, e.g. a content folder that does not exist. */
  public static SourcePos absolute(String path) {
    return new SourcePos(Root.ABSOLUTE, path, 0, 0);
  }

  /**
   * The path named under the default folders: a templates path as {@code templates/tag.ftlh}, the
   * others as they are. Problems are sorted by it; the CLI names the folders the user gave instead.
   */
  public String label() {
    return root == Root.TEMPLATES ? "templates/" + path : path;
  }

  /** {@code label:line:column}, the prefix of every problem message in logs and the serve overlay. */
  @Override
  public String toString() {
    return label() + ":" + Math.max(line, 1) + ":" + Math.max(column, 1);
  }
}
