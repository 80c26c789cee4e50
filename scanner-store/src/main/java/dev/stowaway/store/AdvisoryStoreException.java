package dev.stowaway.store;

/** The advisory database cannot be opened, read or written. */
public class AdvisoryStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the database file and the problem
   * @param cause the underlying failure, or null
   */
  public AdvisoryStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
