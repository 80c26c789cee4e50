package dev.stowaway.store.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes record into one store at once, and a writer process killed (SIGKILL) in the middle of
 * recording leaves a readable, writable store.
 */
class KilledWriterTest {

  @TempDir
  Path dir;

  @Test
  void killingAWriterMidWayLeavesTheStoreReadable() throws Exception {
    Path file = dir.resolve("snapshots.db");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SnapshotWriterProcess.class.getName(), file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    int saved = 0;
    int mine = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (saved < 10 && (line = out.readLine()) != null) {
        if (line.startsWith("saved ")) {
          saved++;
        }
        if (saved == 3 && mine == 0) {
          // this process writes too while the child keeps writing: neither may fail
          try (SnapshotStore store = SnapshotStore.openFile(file)) {
            for (; mine < 3; mine++) {
              store.save(SnapshotFixtures.image("parent:" + mine, "1." + mine, Instant.now()), Snapshot.Origin.SCAN,
                  null, null);
            }
          }
        }
      }
      // the child is now in the middle of further transactions: kill it without warning
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(saved).isEqualTo(10);
    assertThat(mine).isEqualTo(3);
    try (SnapshotStore store = SnapshotStore.openFile(file)) {
      int loaded = 0;
      for (int i = 0; i < 5; i++) {
        for (Snapshot s : store.history("app:" + i)) {
          assertThat(store.load(s.id()).packages()).hasSize(2);
          loaded++;
        }
      }
      assertThat(loaded).isGreaterThanOrEqualTo(10);
      assertThat(store.latestPerImage()).extracting(Snapshot::name).contains("parent:0", "parent:1", "parent:2");
      Snapshot next = store.save(SnapshotFixtures.image("app:9", "9.9", Instant.now()), Snapshot.Origin.SCAN, null, null);
      assertThat(store.load(next.id()).artifact().name()).isEqualTo("app:9");
    }
  }
}
