package dev.stowaway.store;

import java.nio.file.Path;

/**
 * The advisory database was written with another schema version than this Stowaway reads. It is never
 * read in that case: a newer one needs a newer Stowaway, an older one a fresh {@code db update}.
 */
public final class SchemaVersionException extends AdvisoryStoreException {
  private static final long serialVersionUID = 1L;
  private final int found;
  private final int expected;

  /**
   * Creates the exception.
   *
   * @param file the database file
   * @param found the version found in the file
   * @param expected the version this code reads
   */
  public SchemaVersionException(Path file, int found, int expected) {
    super("advisory database " + file + " has schema version " + found + " but this Stowaway reads version "
        + expected + (found > expected
            ? ": it was written by a newer Stowaway; upgrade Stowaway or use another --cache-dir"
            : ": it was written by an older Stowaway; run `stowaway db update` (or `db import`) to rebuild it"),
        null);
    this.found = found;
    this.expected = expected;
  }

  /** @return the schema version found in the file */
  public int found() {
    return found;
  }

  /** @return the schema version this code reads */
  public int expected() {
    return expected;
  }
}
