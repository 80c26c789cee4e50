package dev.stowaway.cli;

import java.io.PrintStream;
import picocli.CommandLine;

/**
 * The {@code stowaway} command. Exit codes: 0 success, 1 a policy gate failed (later), 2 usage error or
 * unreadable input, 3 internal error.
 */
public final class Main {

  /** Exit code for success. */
  public static final int OK = 0;
  /** Exit code for a failed gate. */
  public static final int GATE_FAILED = 1;
  /** Exit code for a usage error or unreadable input. */
  public static final int USAGE_OR_INPUT = 2;
  /** Exit code for an internal error. */
  public static final int INTERNAL = 3;

  private Main() {}

  /**
   * Runs the command and exits the JVM with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command without exiting, for tests and embedding.
   *
   * @param args the command line
   * @param out standard output
   * @param err standard error
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new StowawayCommand(out, err));
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    cl.setExitCodeExceptionMapper(t -> INTERNAL);
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("stowaway: " + ex.getMessage());
      err.println("Try 'stowaway " + (ex.getCommandLine().getCommandName().equals("stowaway") ? ""
          : ex.getCommandLine().getCommandName() + " ") + "--help' for usage.");
      return USAGE_OR_INPUT;
    });
    return cl.execute(args);
  }
}
