package dev.errorkb.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code errorkb} command. */
@Command(
    name = "errorkb",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Builds a bilingual troubleshooting knowledge base: static site, paste-friendly search and an error-signature index.",
    subcommands = {BuildCommand.class, CheckCommand.class, NewCommand.class, MatchCommand.class, ScanCommand.class, GapsCommand.class, EvalCommand.class, StatusCommand.class, TranslatedCommand.class, ServeCommand.class, InitCommand.class, ThemeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'errorkb build' or 'errorkb --help'");
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.getenv("ERRORKB_DEBUG")));
  }

  /**
   * Runs one command and returns its exit code; an {@code Error} escaping it is caught here
   * (picocli maps exceptions only). {@code debug} is {@code ERRORKB_DEBUG}: "1" prints stack traces.
   */
  static int run(String[] args, PrintWriter out, PrintWriter err, String debug) {
    return run(args, out, err, debug, true);
  }

  /**
   * {@link #run(String[], PrintWriter, PrintWriter, String)}; with {@code fast}, a {@code match}
   * whose arguments are all of the plain forms {@link MatchFastPath} knows runs without building
   * picocli's model of every command (most of a one-shot match's start-up, issue 15).
   */
  static int run(String[] args, PrintWriter out, PrintWriter err, String debug, boolean fast) {
    boolean d = "1".equals(debug);
    if (fast) {
      MatchCommand m = MatchFastPath.parse(args);
      if (m != null) {
        try {
          return MatchFastPath.run(m, out, err, d);
        } catch (OutOfMemoryError e) {
          err.println(outOfMemory(Runtime.getRuntime().maxMemory()));
          err.flush();
          return ExitCodes.IO;
        } catch (Error e) {
          internal(err, e, d);
          return ExitCodes.INTERNAL;
        }
      }
    }
    return run(commandLine(out, err, d), args, err, d);
  }

  /** {@link #run(String[], PrintWriter, PrintWriter, String)} on a given command line (tests add failing commands). */
  static int run(CommandLine cl, String[] args, PrintWriter err, boolean debug) {
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      // Too little heap for this input: say how to give it more, not a stack trace. The build's
      // staging folder was already discarded on the way out; the published site is untouched.
      err.println(outOfMemory(Runtime.getRuntime().maxMemory()));
      err.flush();
      return ExitCodes.IO;
    } catch (Error e) {
      // Never exit 1 (which reads as "problems found" / "nothing matched") for errorkb's own failure.
      internal(err, e, debug);
      return ExitCodes.INTERNAL;
    }
  }

  static void internal(PrintWriter err, Throwable e, boolean debug) {
    err.println("errorkb: internal error: " + e + "; please report it with the command that caused it"
        + (debug ? "" : " (ERRORKB_DEBUG=1 prints the stack trace)"));
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
  }

  static String outOfMemory(long maxHeapBytes) {
    long mb = maxHeapBytes / (1024 * 1024);
    return "errorkb: out of memory: the Java heap is limited to " + mb + " MB, too little for this command's input "
        + "(a knowledge base, an index or a log); give it more, e.g. ERRORKB_JAVA_OPTS='-Xmx" + Math.max(2, (mb * 2 + 1023) / 1024)
        + "g' ./errorkb … or java -Xmx" + Math.max(2, (mb * 2 + 1023) / 1024) + "g -jar errorkb.jar …";
  }

  /** A configured command line writing to the given streams; tests call this. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, false);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean debug) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> failure(ex, cmd.getErr(), debug));
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("errorkb: " + ex.getMessage());
      c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
      c.getErr().flush();
      return ExitCodes.USAGE;
    });
    return cl;
  }

  /** What a command that threw {@code ex} prints and exits with (picocli's execution exception handler). */
  static int failure(Exception ex, PrintWriter err, boolean debug) {
    if (!isEnvironment(ex)) {
      // A bug of errorkb's (a NullPointerException, an IllegalStateException, …): exit 4, never
      // 1/2/3, which say the content, the command line or the file system is at fault.
      internal(err, ex, debug);
      return ExitCodes.INTERNAL;
    }
    err.println("errorkb: " + describe(ex));
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    if (ex instanceof dev.errorkb.build.Build.FolderOverlapException) {
      return ExitCodes.USAGE;
    }
    // Content mistakes never get here (they are Problems); what does is the file system failing.
    return ExitCodes.IO;
  }

  /**
   * Whether {@code ex} is the file system or the output folder's state failing (exit 3, or 2 for
   * overlapping folders) rather than errorkb itself: I/O errors, a bad index file, a folder that
   * is busy, not a site or someone else's.
   */
  static boolean isEnvironment(Throwable ex) {
    return ex instanceof java.io.IOException || ex instanceof UncheckedIOException
        || ex instanceof dev.errorkb.build.Build.FolderOverlapException || ex instanceof dev.errorkb.publish.OutputLock.BusyException
        || ex instanceof dev.errorkb.publish.Publisher.NotASiteException
        || ex instanceof dev.errorkb.publish.Publisher.ForeignFolderException;
  }

  /** One line for an unexpected failure: the file and what went wrong, no stack trace. */
  static String describe(Throwable ex) {
    Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
    if (t instanceof NoSuchFileException n) {
      return n.getFile() + ": no such file or folder";
    }
    if (t instanceof AccessDeniedException a) {
      return a.getFile() + ": permission denied";
    }
    if (t instanceof java.nio.file.FileSystemException f) {
      return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : t.getClass().getSimpleName());
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getName();
  }

  /** The version from the pom (the same text errors.json records as its generator). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {dev.errorkb.build.Pipeline.GENERATOR};
    }
  }
}
