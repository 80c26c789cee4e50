package dev.stowaway.store.snapshot;

import static dev.stowaway.store.snapshot.SnapshotFixtures.image;
import static dev.stowaway.store.snapshot.SnapshotFixtures.opensslVuln;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.core.diff.ScanDiff;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotStoreTest {

  @TempDir
  Path dir;

  private static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void savesAndLoadsTheWholeResultWithInstalledFilesAndSuppressions() throws Exception {
    Finding v = opensslVuln("CVE-2024-0001", "3.0.11-1", Severity.HIGH);
    ScanResult r = image("registry.example/team/app:1.0", "3.0.11-1", T1, v)
        .withSuppressions(Map.of(v, new Suppression(Suppression.Kind.EXCEPTION, "not reachable", null,
            "stowaway.toml:3", true)));
    try (SnapshotStore store = SnapshotStore.open(dir)) {
      Snapshot s = store.save(r, Snapshot.Origin.SCAN, null, T1.minusSeconds(3600));
      assertThat(s.id()).isPositive();
      assertThat(s.repository()).isEqualTo("registry.example/team/app");
      assertThat(s.tag()).isEqualTo("1.0");
      assertThat(s.suppressed()).isEqualTo(1);
      assertThat(s.count(Severity.HIGH)).isZero();
      ScanResult loaded = store.load(s.id());
      assertThat(json(loaded)).isEqualTo(json(r));
      assertThat(loaded.packages()).extracting(p -> p.installedFiles())
          .containsExactly(List.of("/bin/bash"), List.of("/usr/bin/openssl", "/usr/lib/ssl/openssl.cnf"));
      assertThat(loaded.isSuppressed(loaded.findings().get(0))).isTrue();
      Snapshot again = store.snapshot(s.id()).orElseThrow();
      assertThat(again).isEqualTo(s);
      assertThat(again.advisoryDataAt()).isEqualTo(T1.minusSeconds(3600));
      assertThat(store.analyzers(s.id())).extracting(a -> a.id() + "@" + a.version()).containsExactly("dpkg@1");
    }
    assertThat(SnapshotStore.exists(dir)).isTrue();
  }

  @Test
  void historyLatestAndFirstSeenAreByRepository() {
    try (SnapshotStore store = SnapshotStore.open(dir)) {
      Finding v1 = opensslVuln("CVE-2024-0001", "3.0.11-1", Severity.HIGH);
      Snapshot a = store.save(image("app:1", "3.0.11-1", T1, v1), Snapshot.Origin.SCAN, null, null);
      Snapshot b = store.save(image("app:2", "3.0.13-1", T2, opensslVuln("CVE-2024-0001", "3.0.13-1", Severity.HIGH)),
          Snapshot.Origin.SCAN, null, null);
      store.save(image("other:1", "3.0.11-1", T1, v1), Snapshot.Origin.SCAN, null, null);
      assertThat(store.history("app")).extracting(Snapshot::id).containsExactly(a.id(), b.id());
      assertThat(store.history("app:1")).extracting(Snapshot::id).containsExactly(a.id(), b.id());
      assertThat(store.latest("app:1").orElseThrow().id()).isEqualTo(a.id());
      assertThat(store.latest("app").orElseThrow().id()).isEqualTo(b.id());
      assertThat(store.latest("nothing")).isEmpty();
      assertThat(store.latestPerImage()).extracting(Snapshot::name).containsExactly("app:1", "app:2", "other:1");
      assertThat(store.firstSeen("app", ScanDiff.findingKey(v1))).isEqualTo(T1);
      assertThat(store.firstSeen("app", "vulnerability|CVE-0000|x")).isNull();
      assertThat(store.history("app").get(1).count(Severity.HIGH)).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', nullValues = "-", value = {
      "app:1;app;1",
      "app;app;-",
      "oci:/images/app:latest;/images/app;latest",
      "docker-archive:/tmp/app.tar;/tmp/app.tar;-",
      "registry.example:5000/team/app:2.1;registry.example:5000/team/app;2.1",
      "registry.example:5000/team/app;registry.example:5000/team/app;-",
      "app@sha256:0123;app;-",
      "sbom:/tmp/bom.json;/tmp/bom.json;-"})
  void splitsNamesIntoRepositoryAndTag(String name, String repository, String tag) {
    assertThat(SnapshotStore.repositoryOf(name)).isEqualTo(repository);
    assertThat(SnapshotStore.tagOf(name)).isEqualTo(tag);
  }

  @Test
  void concurrentWritersAllSucceed() throws Exception {
    Path file = dir.resolve("shared.db");
    SnapshotStore.openFile(file).close();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        final int n = i;
        // each writer opens its own store on the file, as separate processes would
        futures.add(pool.submit(() -> {
          try (SnapshotStore s = SnapshotStore.openFile(file)) {
            return s.save(image("app:" + n, "3.0." + n, T1.plusSeconds(n)), Snapshot.Origin.SCAN, null, null).id();
          }
        }));
      }
      for (Future<Long> f : futures) {
        assertThat(f.get()).isPositive();
      }
    } finally {
      pool.shutdown();
    }
    try (SnapshotStore s = SnapshotStore.openFile(file)) {
      assertThat(s.latestPerImage()).hasSize(8);
    }
  }

  @Test
  void rejectsFilesThatAreNotSnapshotStores() throws Exception {
    Path junk = dir.resolve("junk.db");
    Files.writeString(junk, "this is not a database at all, just some text that is long enough".repeat(20));
    assertThatThrownBy(() -> SnapshotStore.openFile(junk)).isInstanceOf(SnapshotStoreException.class)
        .hasMessageContaining("junk.db");
    try (SnapshotStore s = SnapshotStore.open(dir)) {
      assertThatThrownBy(() -> s.load(42)).isInstanceOf(SnapshotStoreException.class).hasMessageContaining("42");
    }
  }

  @Test
  void aClosedStoreRejectsCalls() {
    SnapshotStore s = SnapshotStore.open(dir);
    s.close();
    assertThatThrownBy(() -> s.history("app")).isInstanceOf(IllegalStateException.class);
  }

  static String json(ScanResult r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new dev.stowaway.core.report.JsonReporter().write(r, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
