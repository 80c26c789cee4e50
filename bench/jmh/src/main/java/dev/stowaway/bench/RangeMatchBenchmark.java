package dev.stowaway.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.vuln.Advisory;
import dev.stowaway.api.vuln.AdvisorySource;
import dev.stowaway.core.match.MatchReport;
import dev.stowaway.core.match.VulnerabilityMatcher;
import dev.stowaway.store.OsvImporter;
import dev.stowaway.store.SqliteAdvisoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * OSV range matching of a whole inventory ({@link VulnerabilityMatcher#matchInventory}): 700 Debian
 * packages with no record (one database look-up each, as most OS packages of a real image) plus every
 * PyPI, npm, Maven, Go and crates.io package named by the shared OSV test records at version 0.0.1 (so
 * most of their ranges are evaluated and hit). The source is either the SQLite store those records were
 * imported into ({@code sqlite}: one query per distinct package) or the same records held in memory
 * ({@code memory}: range evaluation alone), so the difference is the cost of the SQLite round-trips.
 *
 * <p>The records are read from {@code $STOWAWAY_SHARED/testdata/osv} (default {@code ../shared}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RangeMatchBenchmark {

  /** Where the advisories come from. */
  @Param({"sqlite", "memory"})
  public String source;

  private Path dir;
  private SqliteAdvisoryStore store;
  private VulnerabilityMatcher matcher;
  private List<Package> inventory;

  /** Imports the records and builds the inventory. */
  @Setup
  public void setUp() throws IOException {
    Path osv = Path.of(System.getenv().getOrDefault("STOWAWAY_SHARED", "../shared"), "testdata", "osv");
    if (!Files.isDirectory(osv)) {
      throw new IllegalStateException("no OSV test records at " + osv.toAbsolutePath() + " (set STOWAWAY_SHARED)");
    }
    dir = Files.createTempDirectory("stowaway-jmh-db");
    store = SqliteAdvisoryStore.open(dir);
    new OsvImporter(store).importPath(osv);
    LayerRef layer = new LayerRef(0, Digest.sha256Of(new byte[0]));
    inventory = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      inventory.add(Package.builder("Debian:12", "libdebian" + i, "1.2." + i + "-1+deb12u1")
          .location(new Location(layer, "var/lib/dpkg/status", null)).build());
    }
    for (String[] eco : packageNames(osv)) {
      inventory.add(Package.builder(eco[0], eco[1], "0.0.1")
          .location(new Location(layer, "app/" + eco[1], null)).build());
    }
    AdvisorySource src = store;
    if (source.equals("memory")) {
      Map<String, List<Advisory>> cache = new ConcurrentHashMap<>();
      src = new AdvisorySource() {
        @Override
        public List<Advisory> find(String ecosystem, String packageName) {
          return cache.computeIfAbsent(ecosystem + "\u0000" + packageName, k -> store.find(ecosystem, packageName));
        }

        @Override
        public List<EcosystemData> status() {
          return store.status();
        }
      };
      new VulnerabilityMatcher(src).matchInventory(inventory); // fill the cache
    }
    matcher = new VulnerabilityMatcher(src);
  }

  /** Closes and deletes the database. */
  @TearDown
  public void tearDown() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * Matches the inventory once.
   *
   * @return the report (consumed by JMH)
   */
  @Benchmark
  public MatchReport matchInventory() {
    return matcher.matchInventory(inventory);
  }

  /** {ecosystem, name} of every affected package of the language ecosystems in the records. */
  private static List<String[]> packageNames(Path osv) throws IOException {
    Set<String> wanted = Set.of("PyPI", "npm", "Maven", "Go", "crates.io");
    Set<String> seen = new LinkedHashSet<>();
    JsonFactory json = new JsonFactory();
    try (Stream<Path> files = Files.walk(osv)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        try (JsonParser p = json.createParser(f.toFile())) {
          String ecosystem = null;
          String name = null;
          int depth = 0;
          int packageDepth = -1;
          for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
              depth++;
              if (t == JsonToken.START_OBJECT && "package".equals(p.currentName())) {
                packageDepth = depth;
                ecosystem = null;
                name = null;
              }
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
              if (depth == packageDepth) {
                if (ecosystem != null && name != null && wanted.contains(ecosystem)) {
                  seen.add(ecosystem + "\u0000" + name);
                }
                packageDepth = -1;
              }
              depth--;
            } else if (t == JsonToken.VALUE_STRING && depth == packageDepth) {
              if ("ecosystem".equals(p.currentName())) {
                ecosystem = p.getText();
              } else if ("name".equals(p.currentName())) {
                name = p.getText();
              }
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(f + ": " + e.getMessage(), e);
        }
      }
    }
    List<String[]> out = new ArrayList<>();
    seen.forEach(s -> out.add(s.split("\u0000", 2)));
    return out;
  }
}
