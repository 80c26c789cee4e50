package dev.stowaway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder store: atomic entries, least-recently-used eviction by size, clean, status. */
class FileLayerCacheTest {

  @TempDir
  Path dir;

  /** A clock the test moves forward, so modification times are ordered without sleeping. */
  static final class StepClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static String key(int i) {
    return String.format("%064x", i);
  }

  static byte[] bytes(int n, int fill) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) fill);
    return b;
  }

  /** Stores, then sets the entry's time to the clock's (a store is a use too). */
  static void put(FileLayerCache c, StepClock clock, int i, int size) throws IOException {
    c.put(key(i), bytes(size, i));
    Files.setLastModifiedTime(c.folder().resolve(key(i).substring(0, 2)).resolve(key(i)), FileTime.from(clock.now));
    clock.now = clock.now.plusSeconds(60);
  }

  @Test
  void storesAndReadsEntries() throws IOException {
    FileLayerCache c = new FileLayerCache(dir, 1 << 20);
    assertThat(c.get(key(1))).isNull();
    c.put(key(1), bytes(10, 7));
    assertThat(c.get(key(1))).isEqualTo(bytes(10, 7));
    c.put(key(1), bytes(3, 8));
    assertThat(c.get(key(1))).isEqualTo(bytes(3, 8));
    assertThat(c.status().entries()).isEqualTo(1);
    assertThat(c.status().bytes()).isEqualTo(3);
  }

  @Test
  void keysThatAreNotHexDigestsAreRejected() {
    FileLayerCache c = new FileLayerCache(dir, 1 << 20);
    assertThatThrownBy(() -> c.get("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.put("ab", new byte[1])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void evictsTheLeastRecentlyUsedEntriesWhenOverTheBound() throws IOException {
    StepClock clock = new StepClock();
    FileLayerCache c = new FileLayerCache(dir, 1000, clock);
    for (int i = 1; i <= 4; i++) {
      put(c, clock, i, 200); // 800 bytes: under the bound
    }
    assertThat(c.status().entries()).isEqualTo(4);
    clock.now = clock.now.plusSeconds(60);
    assertThat(c.get(key(1))).isNotNull(); // touched: now the most recently used
    clock.now = clock.now.plusSeconds(60);
    put(c, clock, 5, 300); // 1100 > 1000: trim to 800, oldest first (2, then 3)
    assertThat(c.get(key(1))).isNotNull();
    assertThat(c.get(key(2))).isNull();
    assertThat(c.get(key(3))).isNull();
    assertThat(c.get(key(4))).isNotNull();
    assertThat(c.get(key(5))).isNotNull();
    assertThat(c.status().bytes()).isLessThanOrEqualTo(800);
  }

  @Test
  void anotherInstanceMeasuresTheFolderBeforeItsFirstStore() throws IOException {
    StepClock clock = new StepClock();
    FileLayerCache first = new FileLayerCache(dir, 1000, clock);
    for (int i = 1; i <= 4; i++) {
      put(first, clock, i, 240);
    }
    FileLayerCache second = new FileLayerCache(dir, 1000, clock);
    put(second, clock, 9, 100); // 1060 on disk, though this instance stored only 100
    assertThat(second.status().bytes()).isLessThanOrEqualTo(800);
    assertThat(second.get(key(9))).isNotNull();
    assertThat(second.get(key(1))).isNull();
  }

  @Test
  void leftoverTemporaryFilesAreNeverReadAndRemovedOnceStale() throws IOException {
    StepClock clock = new StepClock();
    FileLayerCache c = new FileLayerCache(dir, 1 << 20, clock);
    c.put(key(1), bytes(5, 1));
    Path sub = dir.resolve(key(2).substring(0, 2));
    Path partial = sub.resolve("." + key(2) + ".123.tmp"); // what a killed writer leaves
    Files.write(partial, bytes(3, 9));
    Files.setLastModifiedTime(partial, FileTime.from(clock.now));
    assertThat(c.get(key(2))).isNull();
    assertThat(c.status().entries()).isEqualTo(1);
    c.trim();
    assertThat(partial).exists(); // maybe another process is writing it right now
    clock.now = clock.now.plus(Duration.ofHours(2));
    c.trim();
    assertThat(partial).doesNotExist();
    assertThat(c.get(key(1))).isEqualTo(bytes(5, 1));
  }

  @Test
  void cleanDeletesEverything() throws IOException {
    FileLayerCache c = new FileLayerCache(dir, 1 << 20);
    for (int i = 0; i < 5; i++) {
      c.put(key(i * 1000), bytes(10, i));
    }
    Files.writeString(dir.resolve("unrelated.txt"), "not ours");
    FileLayerCache.Status after = c.clean();
    assertThat(after.entries()).isZero();
    assertThat(c.status().entries()).isZero();
    assertThat(dir.resolve("unrelated.txt")).exists();
    assertThat(new FileLayerCache(dir.resolve("never-created"), 1).status().entries()).isZero();
  }
}
