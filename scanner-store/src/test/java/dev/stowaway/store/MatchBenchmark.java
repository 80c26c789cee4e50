package dev.stowaway.store;

import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.core.match.NaiveVersionComparator;
import dev.stowaway.core.match.VulnerabilityMatch;
import dev.stowaway.core.match.VulnerabilityMatcher;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Benchmark (not a timed test): generates OSV records into an {@code all.zip}, imports them, and matches
 * packages against the store, printing import throughput and match time. Run by hand, on an idle
 * machine:
 *
 * <pre>
 * java -cp &lt;test classpath&gt; dev.stowaway.store.MatchBenchmark 200000 2000
 * </pre>
 *
 * {@link MatchBenchmarkSmokeTest} runs it with small numbers so it keeps working.
 */
public final class MatchBenchmark {
  private MatchBenchmark() {}

  /** What one run measured. */
  record Result(int records, double importSeconds, int packages, double matchSeconds, double matchCpuSeconds,
      int matches) {
    double recordsPerSecond() {
      return records / importSeconds;
    }
  }

  /**
   * Runs the benchmark.
   *
   * @param args record count (default 200000) and package count (default 2000)
   * @throws IOException on I/O failure
   */
  public static void main(String[] args) throws IOException {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int packages = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    Result r = run(records, packages);
    System.out.printf("import: %d records in %.2f s (%.0f records/s)%n", r.records(), r.importSeconds(),
        r.recordsPerSecond());
    // CPU time beside wall time: on a shared machine the wall clock also measures the neighbours
    System.out.printf("match: %d packages in %.3f s (%.3f s CPU), %d matches%n", r.packages(), r.matchSeconds(),
        r.matchCpuSeconds(), r.matches());
  }

  static Result run(int records, int packages) throws IOException {
    Path dir = Files.createTempDirectory("stowaway-bench");
    try {
      Path zip = dir.resolve("all.zip");
      int names = Math.max(1, records / 20); // about 20 records per package name, as popular packages have
      try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
        for (int i = 0; i < records; i++) {
          z.putNextEntry(new ZipEntry("GEN-" + i + ".json"));
          String rec = "{\"id\":\"GEN-" + i + "\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":[\"CVE-2024-" + i
              + "\"],\"summary\":\"generated record " + i + "\",\"severity\":[{\"type\":\"CVSS_V3\",\"score\":"
              + "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
              + "\"name\":\"pkg-" + (i % names) + "\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\""
              + (i % 7) + ".0.0\"},{\"fixed\":\"" + (i % 7) + ".5.0\"}]}]}]}";
          z.write(rec.getBytes(StandardCharsets.UTF_8));
          z.closeEntry();
        }
      }
      try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(dir.resolve("cache"))) {
        long t0 = System.nanoTime();
        ImportReport report = new OsvImporter(store).importPath(zip);
        double importSeconds = (System.nanoTime() - t0) / 1e9;
        if (report.imported() != records) {
          throw new IllegalStateException("imported " + report.imported() + " of " + records);
        }
        List<Package> pkgs = new ArrayList<>();
        for (int i = 0; i < packages; i++) {
          pkgs.add(Package.builder("npm", "pkg-" + (i % (names * 2)), (i % 7) + ".2.0")
              .location(new Location(null, "node_modules/pkg-" + i + "/package.json", null)).build());
        }
        VulnerabilityMatcher matcher = new VulnerabilityMatcher(store, List.of(new NaiveVersionComparator("semver")));
        for (int i = 0; i < 3; i++) {
          matcher.match(pkgs); // warm up: the JIT compiles the hot paths; the measured run is the steady state
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long c1 = threads.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        List<VulnerabilityMatch> matches = matcher.match(pkgs);
        double matchSeconds = (System.nanoTime() - t1) / 1e9;
        double matchCpuSeconds = (threads.getCurrentThreadCpuTime() - c1) / 1e9;
        return new Result(records, importSeconds, packages, matchSeconds, matchCpuSeconds, matches.size());
      }
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
