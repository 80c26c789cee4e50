package dev.stowaway.store;

/** An OSV record does not follow the schema in a way that stops it from being used. */
final class MalformedRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedRecordException(String message) {
    super(message);
  }
}
