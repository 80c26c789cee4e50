package dev.stowaway.cli;

import dev.stowaway.api.report.ScanResult;
import dev.stowaway.store.snapshot.Snapshot;
import dev.stowaway.store.snapshot.SnapshotStore;
import dev.stowaway.store.snapshot.SnapshotStoreException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Records CLI scans in the snapshot store ({@code snapshots.db} in the cache directory). Recording is on
 * when {@code --save} is given (which creates the store the first time), or by default once the store
 * exists; {@code --no-save} turns it off.
 */
final class SnapshotRecorder {
  private SnapshotRecorder() {}

  /** The decision for one command line: null when nothing is to be recorded. */
  static Path storeDir(Path cacheDirOption, boolean save, boolean noSave) {
    if (save && noSave) {
      throw new IllegalArgumentException("--save and --no-save exclude each other");
    }
    Path dir = DbCommand.cacheDir(cacheDirOption);
    if (noSave || !(save || SnapshotStore.exists(dir))) {
      return null;
    }
    return dir;
  }

  /**
   * Records a result; says where on standard error. A failure is a warning (the report was written).
   *
   * @return the snapshot, or null when recording failed
   */
  static Snapshot record(Path dir, ScanResult result, Snapshot.Origin origin, Long basedOn, Instant advisoryDataAt,
      PrintStream err) {
    try (SnapshotStore store = SnapshotStore.open(dir)) {
      Snapshot s = store.save(result, origin, basedOn, advisoryDataAt);
      err.println("stowaway: recorded snapshot " + s.id() + " of " + s.name() + " in " + store.file());
      return s;
    } catch (SnapshotStoreException e) {
      err.println("stowaway: warning: scan not recorded: " + e.getMessage());
      return null;
    }
  }
}
