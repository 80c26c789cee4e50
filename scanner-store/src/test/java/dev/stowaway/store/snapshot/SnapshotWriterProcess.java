package dev.stowaway.store.snapshot;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A child JVM for {@link KilledWriterTest}: records snapshots into the store file given as the argument,
 * one after another, printing each id, until it is killed.
 */
public final class SnapshotWriterProcess {
  private SnapshotWriterProcess() {}

  /** @param args the store file */
  public static void main(String[] args) {
    try (SnapshotStore store = SnapshotStore.openFile(Path.of(args[0]))) {
      for (int i = 0; ; i++) {
        Snapshot s = store.save(SnapshotFixtures.image("app:" + (i % 5), "3.0." + i, Instant.now()),
            Snapshot.Origin.SCAN, null, null);
        System.out.println("saved " + s.id());
        System.out.flush();
      }
    }
  }
}
