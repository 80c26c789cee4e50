package dev.stowaway.store;

import java.util.List;

/**
 * What one {@link OsvUpdater#update} did.
 *
 * @param imports one import report per ecosystem refreshed, in the order asked
 * @param database the database file now in place
 */
public record UpdateReport(List<ImportReport> imports, java.nio.file.Path database) {
  /** Copies the list. */
  public UpdateReport {
    imports = List.copyOf(imports);
  }
}
