package dev.stowaway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.testing.CountingImage;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.ImageBuilder;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.image.build.LayerBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one cache folder: two child JVMs scanning two images that share their base layer at
 * the same time both succeed; a scan killed half-way and a writer killed mid-entry leave the cache readable.
 * The images are built in memory and written as OCI layouts, small enough for CI.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MultiProcessLayerCacheTest {

  @TempDir
  Path tmp;

  private String first;
  private String second;

  /** The analyzers of the child processes and of the checks here. */
  static Analyzer[] analyzers() {
    return new Analyzer[] {new CacheTestAnalyzers.Packages("1"), new CacheTestAnalyzers.Secrets("1"),
        new CacheTestAnalyzers.Setuid("1"), new CacheTestAnalyzers.Slow()};
  }

  @BeforeEach
  void images() throws IOException {
    LayerBuilder base = LayerBuilder.create().file("etc/os-release", "ID=debian\n").file("base.pkg", "libc 2.36\n");
    for (int i = 0; i < 150; i++) {
      base.file("usr/share/base/" + i + ".slow", "b" + i);
    }
    BuiltImage one = ImageBuilder.create().layer(base, "base")
        .layer(LayerBuilder.create().file("app/one.pkg", "one 1\n").file("app/k.txt", "SECRET\n"), "one").build();
    LayerBuilder two = LayerBuilder.create().file("app/two.pkg", "two 2\n");
    for (int i = 0; i < 60; i++) {
      two.file("app/two/" + i + ".slow", "t" + i);
    }
    BuiltImage other = ImageBuilder.create().layer(base, "base").layer(two, "two")
        .layer(LayerBuilder.create().whiteout("base.pkg"), "drop").build();
    assertThat(other.layers().get(0).diffId()).isEqualTo(one.layers().get(0).diffId());
    ImageWriters.writeOciLayout(one, tmp.resolve("one"), "latest");
    ImageWriters.writeOciLayout(other, tmp.resolve("two"), "latest");
    first = "oci:" + tmp.resolve("one");
    second = "oci:" + tmp.resolve("two");
  }

  private static Process child(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
        CacheScanMain.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static long files(Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith(prefix)).count();
    }
  }

  private static String uncached(String spec) throws IOException {
    try (Image image = ImageSources.open(spec, SourceOptions.defaults())) {
      return LayerCacheTest.json(LayerCacheTest.scanner(analyzers()).build().scan(image));
    }
  }

  /** Scans with the cache; {@code opens[0]} receives how many layers were opened. */
  private static String cachedScan(Path dir, String spec, long[] opens) throws IOException {
    Scanner s = LayerCacheTest.scanner(analyzers())
        .layerCache(new FileLayerCache(dir, FileLayerCache.DEFAULT_MAX_BYTES)).build();
    try (Image image = ImageSources.open(spec, SourceOptions.defaults())) {
      CountingImage counted = new CountingImage(image);
      String json = LayerCacheTest.json(s.scan(counted));
      opens[0] = counted.opens.get();
      return json;
    }
  }

  @Test
  void twoProcessesScanningImagesThatShareTheBaseLayerBothSucceed() throws Exception {
    Path dir = tmp.resolve("layers");
    Path out1 = tmp.resolve("one.json");
    Path out2 = tmp.resolve("two.json");
    Process p1 = child("scan", dir.toString(), first, out1.toString());
    Process p2 = child("scan", dir.toString(), second, out2.toString());
    assertThat(p1.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(p2.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(p1.exitValue()).isZero();
    assertThat(p2.exitValue()).isZero();
    assertThat(Files.readString(out1)).isEqualTo(uncached(first));
    assertThat(Files.readString(out2)).isEqualTo(uncached(second));

    long[] opens = new long[1];
    assertThat(cachedScan(dir, first, opens)).isEqualTo(Files.readString(out1));
    assertThat(opens[0]).isZero();
    assertThat(cachedScan(dir, second, opens)).isEqualTo(Files.readString(out2));
    assertThat(opens[0]).isZero();
  }

  @Test
  void aScanKilledHalfWayLeavesTheCacheReadable() throws Exception {
    Path dir = tmp.resolve("layers");
    Process p = child("scan", dir.toString(), second, tmp.resolve("never.json").toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (files(dir, "") == 0 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    p.destroyForcibly().waitFor();
    assertThat(files(dir, "")).as("the child got as far as storing").isPositive();

    String expected = uncached(second);
    long[] opens = new long[1];
    assertThat(cachedScan(dir, second, opens)).isEqualTo(expected);
    assertThat(cachedScan(dir, second, opens)).isEqualTo(expected);
    assertThat(opens[0]).isZero();
  }

  @Test
  void aWriterKilledMidEntryLeavesNoHalfEntry() throws Exception {
    Path dir = tmp.resolve("layers");
    String key = "ab".repeat(32);
    Process p = child("write", dir.toString(), key, "16");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    // Wait until one entry is complete and the next write is in progress (its temporary file exists).
    while ((files(dir, ".") == 0 || files(dir, key) == 0) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    p.destroyForcibly().waitFor();
    FileLayerCache cache = new FileLayerCache(dir, FileLayerCache.DEFAULT_MAX_BYTES);
    byte[] entry = cache.get(key);
    assertThat(entry).hasSize(16 << 20);
    for (byte b : entry) {
      if (b != entry[0]) {
        throw new AssertionError("entry mixes two writes");
      }
    }
    assertThat(cache.status().entries()).isEqualTo(1);
  }
}
