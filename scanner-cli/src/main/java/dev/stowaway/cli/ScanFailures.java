package dev.stowaway.cli;

import dev.stowaway.api.image.ImageFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * What the commands that open and scan an image ({@code scan}, {@code drift}) print and return when that
 * fails: one line on stderr naming the file and the problem, exit code 2 for bad or unreadable input
 * and set-up problems, 3 (and a hint to use {@code --debug}) for anything else. Stack traces only with
 * {@code --debug}.
 */
final class ScanFailures {

  private ScanFailures() {}

  /**
   * Reports a failure.
   *
   * @param e what was thrown
   * @param err standard error
   * @param debug whether to print the stack trace
   * @return {@link Main#USAGE_OR_INPUT} or {@link Main#INTERNAL}
   */
  static int report(Throwable e, PrintStream err, boolean debug) {
    String message;
    if (e instanceof ImageFormatException) {
      message = e.getMessage();
    } else if (e instanceof NoSuchFileException n) {
      message = n.getFile() + ": no such file or directory";
    } else if (e instanceof AccessDeniedException a) {
      message = a.getFile() + ": permission denied";
    } else if (e instanceof IOException) {
      message = e.getMessage() == null ? e.toString() : e.getMessage();
    } else if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
      // Bad values, and analyzer set-up problems (a broken plug-in on the class path, two analyzers with one id).
      message = e.getMessage();
    } else {
      err.println("stowaway: internal error: " + e);
      if (debug) {
        e.printStackTrace(err);
      } else {
        err.println("Run again with --debug for details, and please report it.");
      }
      return Main.INTERNAL;
    }
    err.println("stowaway: " + (message == null ? "unknown error" : message.replace('\n', ' ').replace('\r', ' ')));
    if (debug) {
      e.printStackTrace(err);
    }
    return Main.USAGE_OR_INPUT;
  }
}
