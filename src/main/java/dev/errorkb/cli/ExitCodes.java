package dev.errorkb.cli;

/** Process exit codes, the same for every command. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;
  /** Content problems (build/check), or nothing found (match) / known errors found (scan). */
  public static final int PROBLEMS = 1;
  /** The command line was wrong. */
  public static final int USAGE = 2;
  /** Reading or writing files failed. */
  public static final int IO = 3;
  /** errorkb itself failed (an Error such as a stack overflow): a bug to report, not a verdict on the input. */
  public static final int INTERNAL = 4;

  private ExitCodes() {}
}
