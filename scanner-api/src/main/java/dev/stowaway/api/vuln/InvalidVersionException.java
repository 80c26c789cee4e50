package dev.stowaway.api.vuln;

/** A version string is not valid for the scheme it was compared under. */
public class InvalidVersionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the scheme and the version
   */
  public InvalidVersionException(String message) {
    super(message);
  }
}
