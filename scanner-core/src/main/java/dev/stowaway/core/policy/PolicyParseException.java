package dev.stowaway.core.policy;

/**
 * A policy or VEX document that cannot be used: a syntax error, an unknown key, a value of the wrong
 * type. The message names the line when it is known.
 */
public final class PolicyParseException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int line;

  /**
   * Creates the exception.
   *
   * @param line the 1-based line of the problem, or 0 when unknown
   * @param message what is wrong, without the line prefix
   */
  public PolicyParseException(int line, String message) {
    super(line > 0 ? "line " + line + ": " + message : message);
    this.line = line;
  }

  /**
   * Returns the 1-based line of the problem.
   *
   * @return the line, or 0 when unknown
   */
  public int line() {
    return line;
  }
}
