package dev.stowaway.analyzers.secrets;

/**
 * A view of a string that counts character reads and fails once a budget proportional to the text length
 * is spent, so that no rule's regex can take pathological (backtracking) time on a hostile or minified
 * file. Not thread-safe: one instance per regex run.
 */
final class BudgetedText implements CharSequence {
  /** Reads allowed per character of text, plus a fixed allowance for short texts. */
  static final long READS_PER_CHAR = 256;
  static final long BASE_READS = 1_000_000;

  /** Thrown when the budget is spent; carries no stack trace (it is control flow). */
  static final class BudgetExceeded extends RuntimeException {
    BudgetExceeded() {
      super("regex read budget exceeded", null, false, false);
    }
  }

  private final String text;
  private long remaining;

  BudgetedText(String text) {
    this(text, BASE_READS + READS_PER_CHAR * text.length());
  }

  /**
   * @param text the text
   * @param readsPerChar the budget per character of text ({@code ScanLimits.maxRegexReadsPerChar})
   * @return a view with that budget
   */
  static BudgetedText withReadsPerChar(String text, long readsPerChar) {
    return new BudgetedText(text, BASE_READS + readsPerChar * text.length());
  }

  private BudgetedText(String text, long remaining) {
    this.text = text;
    this.remaining = remaining;
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public char charAt(int index) {
    if (--remaining < 0) {
      throw new BudgetExceeded();
    }
    return text.charAt(index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return text.substring(start, end);
  }

  @Override
  public String toString() {
    return text;
  }
}
