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

  /** The text as a String, or null when it is {@link #bytes}. */
  private final String text;
  /** The text as ISO-8859-1 bytes (one character per byte), or null when it is {@link #text}. */
  private final byte[] bytes;
  private final int length;
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

  /**
   * A view of bytes read as ISO-8859-1, without decoding them into a String first.
   *
   * @param bytes the text
   * @param length how many of the bytes are the text
   * @param readsPerChar the budget per character of text
   * @return a view with that budget
   */
  static BudgetedText ofLatin1(byte[] bytes, int length, long readsPerChar) {
    return new BudgetedText(null, bytes, length, BASE_READS + readsPerChar * length);
  }

  private BudgetedText(String text, long remaining) {
    this(text, null, text.length(), remaining);
  }

  private BudgetedText(String text, byte[] bytes, int length, long remaining) {
    this.text = text;
    this.bytes = bytes;
    this.length = length;
    this.remaining = remaining;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (--remaining < 0) {
      throw new BudgetExceeded();
    }
    return raw(index);
  }

  /** The character at {@code index} without spending budget (for the scanner's own line bookkeeping). */
  char raw(int index) {
    if (bytes != null) {
      if (index >= length) {
        throw new IndexOutOfBoundsException(index);
      }
      return (char) (bytes[index] & 0xFF);
    }
    return text.charAt(index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return substring(start, end);
  }

  /** A copy of characters {@code start..end} (no budget spent). */
  String substring(int start, int end) {
    if (bytes != null) {
      java.util.Objects.checkFromToIndex(start, end, length);
      return new String(bytes, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    return text.substring(start, end);
  }

  @Override
  public String toString() {
    return substring(0, length);
  }
}
