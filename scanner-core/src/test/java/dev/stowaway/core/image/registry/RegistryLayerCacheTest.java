package dev.stowaway.core.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.image.LayerIntegrityException;
import dev.stowaway.api.image.Platform;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.cache.FileLayerCache;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.ImageBuilder;
import dev.stowaway.core.image.build.ImageWriters;
import java.io.ByteArrayInputStream;
import java.util.zip.GZIPInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A registry scan with a warm layer cache downloads the manifest and config, and no layer blob. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryLayerCacheTest {

  @TempDir Path tmp;
  private BuiltImage built;
  private TestRegistry registry;

  @BeforeEach
  void start() throws IOException {
    built = RegistryImageSourceTest.image(Platform.LINUX_AMD64);
    Path layout = tmp.resolve("layout");
    ImageWriters.writeOciLayout(built, layout, "v1");
    registry = new TestRegistry(layout);
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  /** One package per file below etc/ or app/. */
  static final class FilesAsPackages implements Analyzer {
    @Override
    public String id() {
      return "files-as-packages";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public EntrySelector selector() {
      return EntrySelector.builder().globs("etc/*", "app/*").build();
    }

    @Override
    public void analyze(LayerEntry entry, InputStream content, AnalysisContext ctx) throws IOException {
      ctx.addPackage(Package.builder("test", entry.path(), String.valueOf(content.readAllBytes().length))
          .location(ctx.location(entry.path())).build());
    }
  }

  private ScanResult scan(FileLayerCache cache) throws IOException {
    RegistryOptions options = RegistryOptions.builder().insecure(true).dockerConfig(null)
        .retries(2, Duration.ofMillis(10), Duration.ofSeconds(1))
        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)).build();
    Scanner scanner = Scanner.builder().discover(false).analyzer(new FilesAsPackages()).layerCache(cache).build();
    try (Image image = new RegistryImageSource(options).open(registry.ref("v1"), SourceOptions.defaults())) {
      return scanner.scan(image);
    }
  }

  private long layerBlobRequests() {
    long n = 0;
    for (Layer l : built.layers()) {
      n += registry.count("GET /v2/" + TestRegistry.REPO + "/blobs/" + l.digest());
    }
    return n;
  }

  private static long entries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void warmScanFetchesManifestAndConfigButNoLayerBlob() throws IOException {
    FileLayerCache cache = new FileLayerCache(tmp.resolve("cache"), FileLayerCache.DEFAULT_MAX_BYTES);
    ScanResult cold = scan(cache);
    assertThat(layerBlobRequests()).isEqualTo(built.layers().size());
    registry.requests.clear();

    ScanResult warm = scan(cache);
    assertThat(layerBlobRequests()).isZero();
    assertThat(registry.count("GET /v2/" + TestRegistry.REPO + "/manifests/v1")).isEqualTo(1);
    assertThat(registry.count("GET /v2/" + TestRegistry.REPO + "/blobs/" + built.configDigest())).isEqualTo(1);
    assertThat(warm.packages()).isEqualTo(cold.packages()).isNotEmpty();
    assertThat(warm.packages()).extracting(p -> p.location().layer().index()).contains(0, 1);
  }

  @Test
  void onlyTheLayersTheCacheLacksAreDownloaded() throws IOException {
    Path dir = tmp.resolve("cache");
    FileLayerCache cache = new FileLayerCache(dir, FileLayerCache.DEFAULT_MAX_BYTES);
    scan(cache);
    // Forget the second layer: delete every entry, then warm the cache with the first layer alone.
    cache.clean();
    byte[] firstTar;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(built.builtLayers().get(0).blob()))) {
      firstTar = in.readAllBytes();
    }
    BuiltImage firstOnly = ImageBuilder.create().layer(firstTar, "same first layer").build();
    assertThat(firstOnly.layers().get(0).diffId()).isEqualTo(built.layers().get(0).diffId());
    Scanner.builder().discover(false).analyzer(new FilesAsPackages()).layerCache(cache).build().scan(firstOnly);
    registry.requests.clear();

    scan(cache);
    assertThat(registry.count("GET /v2/" + TestRegistry.REPO + "/blobs/" + built.layers().get(0).digest())).isZero();
    assertThat(registry.count("GET /v2/" + TestRegistry.REPO + "/blobs/" + built.layers().get(1).digest()))
        .isEqualTo(1);
  }

  @Test
  void aBlobThatDoesNotMatchItsDigestIsNotCached() throws IOException {
    Path dir = tmp.resolve("cache");
    FileLayerCache cache = new FileLayerCache(dir, FileLayerCache.DEFAULT_MAX_BYTES);
    registry.corruptBlobs = true;
    assertThatThrownBy(() -> scan(cache)).isInstanceOf(LayerIntegrityException.class).hasMessageContaining("layer 0");
    registry.corruptBlobs = false;
    // Only the first layer is large enough for the fault; it left nothing behind (the small second layer
    // may or may not have been stored before the scan stopped).
    assertThat(entries(dir)).isLessThanOrEqualTo(2);
    registry.requests.clear();
    scan(cache);
    assertThat(registry.count("GET /v2/" + TestRegistry.REPO + "/blobs/" + built.layers().get(0).digest()))
        .isEqualTo(1);
    registry.requests.clear();
    scan(cache);
    assertThat(layerBlobRequests()).isZero();
  }
}
