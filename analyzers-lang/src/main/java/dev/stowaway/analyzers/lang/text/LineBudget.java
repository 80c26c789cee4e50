package dev.stowaway.analyzers.lang.text;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.ScanLimits;

/**
 * Counts the lines a line-oriented parser (requirements.txt, go.mod, Gemfile.lock, yarn.lock, Python
 * METADATA) reads from one file against {@link ScanLimits#maxLinesPerFile()}. A file with more lines is
 * read up to the limit, keeping what was found, and the first line past it records one issue naming the
 * file and the limit. Without this a file of millions of empty lines costs time in every parser that
 * walks it, even under its byte cap.
 *
 * <p>One per file; not thread-safe.
 */
public final class LineBudget {

  private final AnalysisContext context;
  private final String path;
  private final String what;
  private final long max;
  private long lines;

  /**
   * Creates the budget for one file.
   *
   * @param context where the issue goes; its limits give the budget
   * @param path the file, for the issue
   * @param what what is lost past the limit, for the issue (such as {@code "later packages"})
   */
  public LineBudget(AnalysisContext context, String path, String what) {
    this.context = context;
    this.path = path;
    this.what = what;
    this.max = context.limits().maxLinesPerFile();
  }

  /**
   * Counts one more line.
   *
   * @return true if the line may be read; false once past the limit (the issue is then recorded, once)
   */
  public boolean take() {
    if (++lines <= max) {
      return true;
    }
    if (lines == max + 1) {
      context.addIssue(path, "stopped after " + max + " lines (limit maxLinesPerFile); " + what + " not read");
    }
    return false;
  }
}
