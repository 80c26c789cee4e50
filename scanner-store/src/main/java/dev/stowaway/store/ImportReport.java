package dev.stowaway.store;

import java.util.List;
import java.util.Map;

/**
 * What one import did.
 *
 * @param source what was imported (a path or URL); never null
 * @param imported records stored (new or replacing an older copy)
 * @param skippedOlder records not stored because the database already holds a copy with a newer
 *     {@code modified}
 * @param withdrawn of the stored records, how many are withdrawn (stored, flagged, never matched)
 * @param malformed records or files that could not be used
 * @param skippedFiles files or zip entries that are not JSON and were passed over
 * @param problems one line per malformed record (file or entry name and the problem); at most the first
 *     100
 * @param recordsPerEcosystem after the import, how many records the database holds per ecosystem touched
 */
public record ImportReport(
    String source, long imported, long skippedOlder, long withdrawn, long malformed, long skippedFiles,
    List<String> problems, Map<String, Long> recordsPerEcosystem) {
  /** Copies the collections. */
  public ImportReport {
    problems = List.copyOf(problems);
    recordsPerEcosystem = Map.copyOf(recordsPerEcosystem);
  }
}
