package dev.stowaway.store.snapshot;

/** The snapshot store cannot be opened, read or written, or holds something this code cannot read. */
public class SnapshotStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the store file and the problem
   * @param cause the underlying failure, or null
   */
  public SnapshotStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
