package dev.stowaway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.testing.CountingImage;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.ImageBuilder;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.report.JsonReporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer cache on images built in memory: same results warm and cold, what is read, what is invalidated. */
class LayerCacheTest {

  static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir
  Path tmp;

  /** Secrets in a file a later layer deletes, a package introduced low and rewritten high, a hard link, setuid. */
  static BuiltImage sample() {
    return ImageBuilder.create()
        .layer(LayerBuilder.create().file("etc/os-release", "ID=debian\n").file("base.pkg", "libc 2.36\nzlib 1.2\n")
            .file("root/.env", "TOKEN=SECRET1\n").hardlink("root/env-link.txt", "root/.env")
            .file("usr/bin/su", "ELF".getBytes(StandardCharsets.UTF_8), 04755), "base")
        .layer(LayerBuilder.create().file("app/app.pkg", "app 1.0\nbroken line here\n")
            .file("app/conf.txt", "line\npassword=SECRET2\n").symlink("app/current", "conf.txt"), "app")
        .layer(LayerBuilder.create().whiteout("root/.env").whiteout("app/conf.txt")
            .file("base.pkg", "libc 2.36\nzlib 1.3\n"), "cleanup")
        .build();
  }

  static Scanner.Builder scanner(Analyzer... analyzers) {
    Scanner.Builder b = Scanner.builder().discover(false).clock(FIXED).parallelism(2);
    for (Analyzer a : analyzers) {
      b.analyzer(a);
    }
    return b;
  }

  static Analyzer[] defaultAnalyzers() {
    return new Analyzer[] {new CacheTestAnalyzers.Packages("1"), new CacheTestAnalyzers.Secrets("1"),
        new CacheTestAnalyzers.Setuid("1")};
  }

  static String json(ScanResult r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new JsonReporter().write(r, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static List<Path> entries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  @Test
  void warmScanOpensNoLayerAndGivesTheSameJsonAsColdAndUncached() throws IOException {
    BuiltImage image = sample();
    String uncached = json(scanner(defaultAnalyzers()).build().scan(image));
    FileLayerCache cache = new FileLayerCache(tmp.resolve("layers"), FileLayerCache.DEFAULT_MAX_BYTES);
    Scanner s = scanner(defaultAnalyzers()).layerCache(cache).build();

    CountingImage cold = new CountingImage(image);
    String coldJson = json(s.scan(cold));
    CountingImage warm = new CountingImage(image);
    String warmJson = json(s.scan(warm));

    assertThat(cold.opens.get()).isEqualTo(3);
    assertThat(cold.bytes.get()).isPositive();
    assertThat(warm.opens.get()).isZero();
    assertThat(warm.bytes.get()).isZero();
    assertThat(warmJson).isEqualTo(coldJson).isEqualTo(uncached);
    // 3 layers x (3 analyzers + the walker's facts), and the image's finished inventory
    assertThat(entries(cache.folder())).hasSize(13);
    assertThat(imageEntries(cache.folder())).hasSize(1);
    // The facts that make this sample hard are really in the result being compared.
    assertThat(warmJson).contains("test-secret", "TEST-SUID",
        "malformed line: broken line here", "\"zlib\"");
  }

  @Test
  void removedSecretsKeepTheirLayersWhenServedFromTheCache() throws IOException {
    Scanner s = scanner(defaultAnalyzers()).layerCache(new FileLayerCache(tmp, 1 << 20)).build();
    s.scan(sample());
    ScanResult warm = s.scan(new CountingImage(sample()));
    List<String> secrets = warm.findings().stream().filter(f -> f instanceof SecretFinding)
        .map(f -> f.location().path() + " L" + f.location().layer().index() + " removed "
            + ((SecretFinding) f).removedIn())
        .toList();
    // The hard link keeps the deleted target's secret visible (the bytes stay reachable).
    assertThat(secrets).containsExactlyInAnyOrder("root/.env L0 removed 2", "root/.env L0 removed null",
        "app/conf.txt L1 removed 2");
  }

  @Test
  void aLayerCachedAtOneIndexServesAnotherIndexWithThatIndex() throws IOException {
    LayerBuilder shared = LayerBuilder.create().file("lib.pkg", "shared 1.0\n").file("k.txt", "SECRET\n");
    BuiltImage first = ImageBuilder.create().layer(shared, "shared").build();
    BuiltImage second = ImageBuilder.create().layer(LayerBuilder.create().file("other.pkg", "o 1\n"), "other")
        .layer(shared, "shared again").build();
    Scanner s = scanner(defaultAnalyzers()).layerCache(new FileLayerCache(tmp, 1 << 20)).build();
    s.scan(first);
    CountingImage counted = new CountingImage(second);
    String warm = json(s.scan(counted));
    assertThat(counted.opens.get()).as("only the layer not seen before is read").isEqualTo(1);
    assertThat(warm).isEqualTo(json(scanner(defaultAnalyzers()).build().scan(second)));
    assertThat(warm).contains("\"index\" : 1");
  }

  @Test
  void bumpingOneAnalyzersVersionInvalidatesOnlyItsEntries() throws IOException {
    BuiltImage image = sample();
    Path dir = tmp.resolve("layers");
    Scanner v1 = scanner(defaultAnalyzers()).layerCache(new FileLayerCache(dir, 1 << 20)).build();
    v1.scan(image);
    List<Path> before = entries(dir);

    CacheTestAnalyzers.Packages packages = new CacheTestAnalyzers.Packages("1");
    CacheTestAnalyzers.Secrets secretsV2 = new CacheTestAnalyzers.Secrets("2");
    CacheTestAnalyzers.Setuid setuid = new CacheTestAnalyzers.Setuid("1");
    Scanner v2 = scanner(packages, secretsV2, setuid).layerCache(new FileLayerCache(dir, 1 << 20)).build();
    CountingImage counted = new CountingImage(image);
    String json = json(v2.scan(counted));

    assertThat(counted.opens.get()).as("every layer holds secrets results, so every layer is read").isEqualTo(3);
    assertThat(secretsV2.calls.get()).isPositive();
    assertThat(packages.calls.get()).as("cached results are not recomputed").isZero();
    assertThat(setuid.calls.get()).isZero();
    List<Path> after = entries(dir);
    assertThat(after).containsAll(before);
    // per layer: one new secrets entry, and the layer facts of the new analyzer set (the walker remembers the
    // paths the set selects); every other analyzer's entries stay valid and are reused; and the image's
    // inventory under the new set
    assertThat(after).hasSize(before.size() + 7);
    assertThat(json).isEqualTo(json(scanner(new CacheTestAnalyzers.Packages("1"), new CacheTestAnalyzers.Secrets("2"),
        new CacheTestAnalyzers.Setuid("1")).build().scan(image)));

    // And the next scan with v2 reads nothing.
    CountingImage again = new CountingImage(image);
    assertThat(json(v2.scan(again))).isEqualTo(json);
    assertThat(again.opens.get()).isZero();
  }

  @Test
  void differentSettingsOrLimitsNeverShareEntries() throws IOException {
    BuiltImage image = sample();
    FileLayerCache cache = new FileLayerCache(tmp, 1 << 20);
    scanner(defaultAnalyzers()).layerCache(cache).build().scan(image);

    CountingImage otherLimits = new CountingImage(image);
    scanner(defaultAnalyzers()).limits(ScanLimits.defaults().withMaxBufferedEntryBytes(1 << 20)).layerCache(cache)
        .build().scan(otherLimits);
    assertThat(otherLimits.opens.get()).isEqualTo(3);

    CacheTestAnalyzers.Secrets custom = new CacheTestAnalyzers.Secrets("1") {
      @Override
      public String settingsKey() {
        return "rules.toml sha256:1234";
      }
    };
    CountingImage otherSettings = new CountingImage(image);
    scanner(new CacheTestAnalyzers.Packages("1"), custom, new CacheTestAnalyzers.Setuid("1")).layerCache(cache).build()
        .scan(otherSettings);
    assertThat(otherSettings.opens.get()).isEqualTo(3);
    assertThat(custom.calls.get()).isPositive();
  }

  @Test
  void aCorruptOrTruncatedEntryIsAMissAndIsReplaced() throws IOException {
    BuiltImage image = sample();
    Path dir = tmp.resolve("layers");
    Scanner s = scanner(defaultAnalyzers()).layerCache(new FileLayerCache(dir, 1 << 20)).build();
    String cold = json(s.scan(image));
    List<Path> files = entries(dir);
    for (int i = 0; i < files.size(); i++) {
      byte[] b = Files.readAllBytes(files.get(i));
      switch (i % 4) {
        case 0 -> b[b.length / 2] ^= 0x40;                              // bit flip
        case 1 -> b = java.util.Arrays.copyOf(b, b.length / 2);         // truncated
        case 2 -> b = new byte[0];                                      // empty
        default -> b = "not an entry at all".getBytes(StandardCharsets.UTF_8);
      }
      Files.write(files.get(i), b);
    }
    CountingImage damaged = new CountingImage(image);
    assertThat(json(s.scan(damaged))).isEqualTo(cold);
    assertThat(damaged.opens.get()).isEqualTo(3);

    CountingImage repaired = new CountingImage(image);
    assertThat(json(s.scan(repaired))).isEqualTo(cold);
    assertThat(repaired.opens.get()).as("the damaged entries were overwritten").isZero();
  }

  @Test
  void anEntryStoredUnderAnotherKeyIsAMiss() throws IOException {
    BuiltImage image = sample();
    Path dir = tmp.resolve("layers");
    Scanner s = scanner(defaultAnalyzers()).layerCache(new FileLayerCache(dir, 1 << 20)).build();
    String cold = json(s.scan(image));
    List<Path> files = entries(dir);
    byte[] first = Files.readAllBytes(files.get(0));
    for (Path f : files) {
      Files.write(f, first); // every file now holds one valid entry, checksum and all, of one key
    }
    CountingImage swapped = new CountingImage(image);
    assertThat(json(s.scan(swapped))).isEqualTo(cold);
    assertThat(swapped.opens.get()).isEqualTo(3);
  }

  @Test
  void aLayerThatFailsItsDigestIsNotCached() throws IOException {
    BuiltImage good = ImageBuilder.create().layer(LayerBuilder.create().file("a.pkg", "a 1\n"), "a").build();
    Path layout = tmp.resolve("oci");
    ImageWriters.writeOciLayout(good, layout, "latest");
    // Flip one byte of the layer blob: the digest check fails at the end of the stream.
    Digest layerDigest = good.layers().get(0).digest();
    Path blob = layout.resolve("blobs/sha256/" + layerDigest.hex());
    byte[] b = Files.readAllBytes(blob);
    b[b.length - 20] ^= 1;
    Files.write(blob, b);
    Path dir = tmp.resolve("layers");
    Scanner s = scanner(defaultAnalyzers()).layerCache(new FileLayerCache(dir, 1 << 20)).build();
    try (Image img = ImageSources.open("oci:" + layout, SourceOptions.defaults())) {
      assertThatThrownBy(() -> s.scan(img)).isInstanceOf(IOException.class);
    }
    assertThat(entries(dir)).isEmpty();
  }

  /** The entries holding an image's finished inventory (their key text, stored in the entry, says so). */
  static List<Path> imageEntries(Path dir) throws IOException {
    List<Path> out = new java.util.ArrayList<>();
    for (Path p : entries(dir)) {
      String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
      if (text.contains("\nimage-inventory ") && !text.contains("\nmatches ") && !text.contains("\nconfig-results ")) {
        out.add(p);
      }
    }
    return out;
  }

  @Test
  void theImageInventoryAloneServesAWarmScan() throws IOException {
    BuiltImage image = sample();
    Path dir = tmp.resolve("layers");
    Scanner s = scanner(defaultAnalyzers()).layerCache(new FileLayerCache(dir, 1 << 20)).build();
    String cold = json(s.scan(image));
    List<Path> inventory = imageEntries(dir);
    assertThat(inventory).hasSize(1);
    for (Path p : entries(dir)) {
      if (!inventory.contains(p)) {
        Files.delete(p);
      }
    }
    CountingImage warm = new CountingImage(image);
    assertThat(json(s.scan(warm))).isEqualTo(cold);
    assertThat(warm.opens.get()).isZero();
    assertThat(entries(dir)).as("no layer entry was needed, so none was written again").isEqualTo(inventory);
  }

  @Test
  void theImageInventoryIsKeyedByLayerOrderAndFinishers() throws IOException {
    LayerBuilder a = LayerBuilder.create().file("a.pkg", "a 1\n");
    LayerBuilder b = LayerBuilder.create().file("a.pkg", "a 2\n");
    Path dir = tmp.resolve("layers");
    Scanner s = scanner(defaultAnalyzers()).layerCache(new FileLayerCache(dir, 1 << 20)).build();
    BuiltImage ab = ImageBuilder.create().layer(a, "a").layer(b, "b").build();
    BuiltImage ba = ImageBuilder.create().layer(b, "b").layer(a, "a").build();
    s.scan(ab);
    // the same layers the other way round: every layer entry is reused, the inventory is not (a 1 wins now)
    CountingImage reversed = new CountingImage(ba);
    String warm = json(s.scan(reversed));
    assertThat(reversed.opens.get()).isZero();
    assertThat(warm).isEqualTo(json(scanner(defaultAnalyzers()).build().scan(ba))).contains("\"version\" : \"1\"");
    assertThat(imageEntries(dir)).hasSize(2);

    // another finisher (or version of one) is another inventory
    dev.stowaway.api.analysis.InventoryFinisher renamer = new dev.stowaway.api.analysis.InventoryFinisher() {
      @Override
      public String id() {
        return "test-renamer";
      }

      @Override
      public String version() {
        return "1";
      }

      @Override
      public List<dev.stowaway.api.model.Package> finish(dev.stowaway.api.model.OsRelease os,
          List<dev.stowaway.api.model.Package> packages) {
        return packages.stream().map(p -> new dev.stowaway.api.model.Package(p.ecosystem(), p.name() + "-renamed",
            p.version(), p.purl(), p.sourceName(), p.sourceVersion(), p.arch(), p.licenses(), p.location(),
            p.installedFiles(), p.properties())).toList();
      }
    };
    String finished = json(scanner(defaultAnalyzers()).finisher(renamer).layerCache(new FileLayerCache(dir, 1 << 20))
        .build().scan(ab));
    assertThat(finished).contains("a-renamed");
    assertThat(imageEntries(dir)).hasSize(3);
  }

  @Test
  void noImageInventoryWhenALayerWalkEndedEarly() throws IOException {
    BuiltImage image = sample();
    Path dir = tmp.resolve("layers");
    // two entries per layer at most: the walk stops with an issue before the end of every layer's stream
    Scanner s = scanner(defaultAnalyzers()).limits(ScanLimits.defaults().withMaxEntriesPerLayer(2))
        .layerCache(new FileLayerCache(dir, 1 << 20)).build();
    String first = json(s.scan(image));
    assertThat(first).contains("maxEntriesPerLayer");
    assertThat(imageEntries(dir)).isEmpty();
    CountingImage again = new CountingImage(image);
    assertThat(json(s.scan(again))).isEqualTo(first);
    assertThat(again.opens.get()).isEqualTo(3);
  }

  /** Advisories that match nothing, counting look-ups, with a content version the test sets. */
  /** Counts its runs; its finding names the image's user and name, and it reports one issue. */
  static final class CountingConfigAnalyzer implements dev.stowaway.api.analysis.ConfigAnalyzer {
    final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    private final String settings;

    CountingConfigAnalyzer(String settings) {
      this.settings = settings;
    }

    @Override
    public String id() {
      return "test-config";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public String settingsKey() {
      return settings;
    }

    @Override
    public void analyze(dev.stowaway.api.image.ImageConfig config, dev.stowaway.api.analysis.ConfigContext ctx) {
      runs.incrementAndGet();
      ctx.addFinding(new dev.stowaway.api.model.MisconfigurationFinding("TEST-CFG-" + settings,
          dev.stowaway.api.model.Severity.LOW, "user " + config.user() + " in " + ctx.imageName(), "fix it", null,
          ctx.historyLocation(1), 0));
      ctx.addIssue("looked at " + ctx.imageName());
    }
  }

  @Test
  void theConfigAnalyzersResultsAreCachedPerImageNameAndSettings() throws IOException {
    BuiltImage image = ImageBuilder.create().user("root")
        .layer(LayerBuilder.create().file("base.pkg", "libc 2.36\n"), "base")
        .layer(LayerBuilder.create().file("app/app.pkg", "app 1.0\n"), "app")
        .build();
    Path dir = tmp.resolve("layers");
    CountingConfigAnalyzer a = new CountingConfigAnalyzer("a");
    Scanner s = scanner(defaultAnalyzers()).configAnalyzer(a).layerCache(new FileLayerCache(dir, 1 << 20)).build();
    String cold = json(s.scan(image));
    assertThat(cold).contains("TEST-CFG-a", "user root in " + image.name(), "looked at " + image.name(),
        "\"index\" : 1");
    assertThat(cold).isEqualTo(json(scanner(defaultAnalyzers()).configAnalyzer(new CountingConfigAnalyzer("a"))
        .build().scan(image)));
    CountingImage warm = new CountingImage(image);
    assertThat(json(s.scan(warm))).isEqualTo(cold);
    assertThat(warm.opens.get()).isZero();
    assertThat(a.runs).as("the second scan took the config results from the cache").hasValue(1);

    // the name is part of the key (an analyzer may judge it): the same image under another name runs them again
    String renamed = json(s.scan(new CountingImage(image, "registry.example/app:latest")));
    assertThat(a.runs).hasValue(2);
    assertThat(renamed).contains("user root in registry.example/app:latest").doesNotContain("in " + image.name());

    // so are the analyzers' settings: a differently configured analyzer never gets these results
    CountingConfigAnalyzer b = new CountingConfigAnalyzer("b");
    String other = json(scanner(defaultAnalyzers()).configAnalyzer(b).layerCache(new FileLayerCache(dir, 1 << 20))
        .build().scan(image));
    assertThat(b.runs).hasValue(1);
    assertThat(other).contains("TEST-CFG-b").doesNotContain("TEST-CFG-a");
  }

  static final class CountingAdvisories implements dev.stowaway.api.vuln.AdvisorySource {
    final java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
    volatile String version;

    CountingAdvisories(String version) {
      this.version = version;
    }

    @Override
    public List<dev.stowaway.api.vuln.Advisory> find(String ecosystem, String packageName) {
      lookups.incrementAndGet();
      return List.of();
    }

    @Override
    public List<EcosystemData> status() {
      return List.of();
    }

    @Override
    public java.util.Optional<String> contentVersion() {
      return java.util.Optional.ofNullable(version);
    }
  }

  @Test
  void matchesAreReusedOnlyWhileTheAdvisoriesKeepTheirContentVersion() throws IOException {
    BuiltImage image = sample();
    Path dir = tmp.resolve("layers");
    CountingAdvisories advisories = new CountingAdvisories("v1");
    Scanner s = scanner(defaultAnalyzers()).advisories(advisories).layerCache(new FileLayerCache(dir, 1 << 20))
        .build();
    String cold = json(s.scan(image));
    int first = advisories.lookups.get();
    assertThat(first).as("the packages were looked up").isPositive();

    assertThat(json(s.scan(image))).isEqualTo(cold);
    assertThat(advisories.lookups.get()).as("same data: the matches are reused").isEqualTo(first);

    advisories.version = "v2";
    assertThat(json(s.scan(image))).isEqualTo(cold);
    assertThat(advisories.lookups.get()).as("new data: matched again").isEqualTo(2 * first);

    advisories.version = null;
    s.scan(image);
    s.scan(image);
    assertThat(advisories.lookups.get()).as("no content version: matched every time").isEqualTo(4 * first);
  }

  @Test
  void aBrokenCacheNeverFailsTheScan() throws IOException {
    LayerCache broken = new LayerCache() {
      @Override
      public byte[] get(String key) throws IOException {
        throw new IOException("disk on fire");
      }

      @Override
      public void put(String key, byte[] entry) throws IOException {
        throw new IOException("disk on fire");
      }
    };
    BuiltImage image = sample();
    assertThat(json(scanner(defaultAnalyzers()).layerCache(broken).build().scan(image)))
        .isEqualTo(json(scanner(defaultAnalyzers()).build().scan(image)));
  }
}
