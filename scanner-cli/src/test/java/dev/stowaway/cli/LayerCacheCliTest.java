package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.cache.FileLayerCache;
import dev.stowaway.core.image.Compression;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.ImageBuilder;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.report.JsonReporter;
import dev.stowaway.core.testing.CountingImage;
import dev.stowaway.core.testing.SharedTestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The layer cache from the command line (on by default, --no-cache, cache clean/status) and with every analyzer. */
class LayerCacheCliTest {

  @TempDir
  Path tmp;

  /** dpkg, os-release, an AWS key in a file the next layer deletes. */
  static BuiltImage image() {
    return ImageBuilder.create().compression(Compression.GZIP).created(Instant.parse("2024-01-01T00:00:00Z"))
        .layer(LayerBuilder.create().file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
            .file("var/lib/dpkg/status", "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\n"
                + "Source: zlib\nVersion: 1:1.2.13.dfsg-1\n\n"), "debootstrap")
        .layer(LayerBuilder.create().file("root/.aws/credentials",
            "[default]\naws_access_key_id = AKIA4T6MP42IYXA5LAIA\n"), "COPY creds")
        .layer(LayerBuilder.create().whiteout("root/.aws/credentials"), "RUN rm creds")
        .build();
  }

  private static long entries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  /** The report without its time stamp, which differs by nature. */
  private static String timeless(String json) {
    return json.replaceAll("\"createdAt\" : \"[^\"]*\"", "");
  }

  @Test
  void scanCachesLayersByDefaultAndTheSecondScanGivesTheSameReport() throws IOException {
    Path layout = tmp.resolve("layout");
    ImageWriters.writeOciLayout(image(), layout, "latest");
    Path cache = tmp.resolve("cache");
    CliRunner cold = CliRunner.run("scan", "--skip-db", "-f", "json", "--cache-dir", cache.toString(), "oci:" + layout);
    assertThat(cold.exitCode()).as(cold.err()).isZero();
    long stored = entries(cache.resolve("layers"));
    assertThat(stored).isPositive();
    CliRunner warm = CliRunner.run("scan", "--skip-db", "-f", "json", "--cache-dir", cache.toString(), "oci:" + layout);
    assertThat(warm.exitCode()).as(warm.err()).isZero();
    assertThat(timeless(warm.out())).isEqualTo(timeless(cold.out()));
    assertThat(cold.out()).contains("AKIA", "\"removed\" : true", "zlib1g");
    assertThat(entries(cache.resolve("layers"))).isEqualTo(stored);

    CliRunner status = CliRunner.run("cache", "status", "--cache-dir", cache.toString());
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("entries: " + stored).contains(cache.resolve("layers").toString());

    CliRunner sbom = CliRunner.run("sbom", "--cache-dir", cache.toString(), "oci:" + layout);
    assertThat(sbom.exitCode()).as(sbom.err()).isZero();
    assertThat(sbom.out()).contains("zlib1g");

    CliRunner clean = CliRunner.run("cache", "clean", "--cache-dir", cache.toString());
    assertThat(clean.exitCode()).as(clean.err()).isZero();
    assertThat(clean.out()).contains("removed " + stored + " entries");
    assertThat(entries(cache.resolve("layers"))).isZero();
  }

  @Test
  void noCacheNeitherReadsNorWrites() throws IOException {
    Path layout = tmp.resolve("layout");
    ImageWriters.writeOciLayout(image(), layout, "latest");
    Path cache = tmp.resolve("cache");
    CliRunner r = CliRunner.run("scan", "--skip-db", "--no-cache", "--cache-dir", cache.toString(), "oci:" + layout);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(entries(cache)).isZero();
    CliRunner s = CliRunner.run("sbom", "--no-cache", "--cache-dir", cache.toString(), "oci:" + layout);
    assertThat(s.exitCode()).as(s.err()).isZero();
    assertThat(entries(cache)).isZero();
  }

  @Test
  void aTinySizeBoundKeepsTheCacheSmall() throws IOException {
    Path layout = tmp.resolve("layout");
    ImageWriters.writeOciLayout(image(), layout, "latest");
    Path cache = tmp.resolve("cache");
    CliRunner r = CliRunner.run("scan", "--skip-db", "--cache-max-size", "1k", "--cache-dir", cache.toString(),
        "oci:" + layout);
    assertThat(r.exitCode()).as(r.err()).isZero();
    long bytes;
    try (Stream<Path> s = Files.walk(cache.resolve("layers"))) {
      bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    assertThat(bytes).isLessThanOrEqualTo(1024);
  }

  @Test
  void aMalformedSizeIsAUsageError() {
    CliRunner r = CliRunner.run("scan", "--skip-db", "--cache-max-size", "lots", tmp.toString());
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_OR_INPUT);
    assertThat(r.err()).contains("--cache-max-size");
    assertThat(LayerCacheOptions.parseSize("2GiB")).isEqualTo(2L << 30);
    assertThat(LayerCacheOptions.parseSize("500M")).isEqualTo(500L << 20);
    assertThat(LayerCacheOptions.parseSize("4096")).isEqualTo(4096);
    assertThat(LayerCacheOptions.parseSize("3kb")).isEqualTo(3072);
    assertThat(LayerCacheOptions.parseSize(" 7 KiB ")).isEqualTo(7 << 10);
    assertThat(LayerCacheOptions.parseSize("5 b")).isEqualTo(5);
    assertThat(LayerCacheOptions.parseSize("5iB")).isEqualTo(5);
    assertThat(LayerCacheOptions.parseSize("1T")).isEqualTo(1L << 40);
    for (String bad : List.of("", "kb", "5kk", "5 x", "-5", "5.5g", "5gib2", "5 ib b", "5\u212A",
        "99999999999999999999", "8388608t", "0")) {
      assertThatThrownBy(() -> LayerCacheOptions.parseSize(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--cache-max-size");
    }
  }

  /** Every analyzer on the class path, on the real debian-app image: the warm scan reads no layer byte. */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void debianAppWithEveryAnalyzerWarmReadsNothingAndReportsTheSame() throws IOException {
    String spec = "oci:" + SharedTestData.corpus().resolve("oci/debian-app");
    Scanner scanner = Scanner.builder().clock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
        .layerCache(new FileLayerCache(tmp.resolve("layers"), FileLayerCache.DEFAULT_MAX_BYTES)).build();
    String cold;
    try (Image image = new CountingImage(ImageSources.open(spec, SourceOptions.defaults()))) {
      cold = json(scanner.scan(image));
      assertThat(((CountingImage) image).bytes.get()).isGreaterThan(100_000_000L);
    }
    try (Image image = new CountingImage(ImageSources.open(spec, SourceOptions.defaults()))) {
      String warm = json(scanner.scan(image));
      assertThat(((CountingImage) image).opens.get()).isZero();
      assertThat(((CountingImage) image).bytes.get()).isZero();
      assertThat(warm).isEqualTo(cold);
    }
    // Secrets of a deleted file, Maven and npm packages found inside the layers: all came through the cache.
    assertThat(cold).contains("AKIA", "\"removed\" : true", "\"Maven\"", "\"npm\"", "log4j-core");
  }

  private static String json(ScanResult r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new JsonReporter().write(r, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
