package dev.stowaway.store;

import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
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
 * packages against the store, printing import throughput, the first match after reopening the store
 * (what a scan pays: cold SQLite pages, cold statements, little JIT) and a warmed match, each in wall
 * and CPU time. Run by hand, on an idle machine:
 *
 * <pre>
 * java -cp &lt;test classpath&gt; dev.stowaway.store.MatchBenchmark [--store DIR] 200000 2000
 * java -cp &lt;test classpath&gt; dev.stowaway.store.MatchBenchmark --store DIR --match-only 200000 2000
 * </pre>
 *
 * With {@code --store DIR} the store is built in (and left in) {@code DIR}; {@code --match-only} skips
 * generating and importing and times only matching against the store already in {@code DIR}, in a fresh
 * JVM. {@link MatchBenchmarkSmokeTest} runs it with small numbers so it keeps working.
 */
public final class MatchBenchmark {
  private MatchBenchmark() {}

  /** What one run measured; import time is NaN when only matching was run. */
  record Result(int records, double importSeconds, int packages, double firstMatchSeconds,
      double firstMatchCpuSeconds, double matchSeconds, double matchCpuSeconds, int matches) {
    double recordsPerSecond() {
      return records / importSeconds;
    }
  }

  /**
   * Runs the benchmark.
   *
   * @param args {@code [--store DIR] [--match-only]}, record count (default 200000) and package count
   *     (default 2000)
   * @throws IOException on I/O failure
   */
  public static void main(String[] args) throws IOException {
    Path storeDir = null;
    boolean matchOnly = false;
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--store" -> storeDir = Path.of(args[++i]);
        case "--match-only" -> matchOnly = true;
        default -> numbers.add(args[i]);
      }
    }
    if (matchOnly && storeDir == null) {
      throw new IllegalArgumentException("--match-only needs --store DIR");
    }
    int records = numbers.size() > 0 ? Integer.parseInt(numbers.get(0)) : 200_000;
    int packages = numbers.size() > 1 ? Integer.parseInt(numbers.get(1)) : 2_000;
    Result r = run(records, packages, storeDir, matchOnly);
    if (!matchOnly) {
      System.out.printf("import: %d records in %.2f s (%.0f records/s)%n", r.records(), r.importSeconds(),
          r.recordsPerSecond());
    }
    // CPU time beside wall time: on a shared machine the wall clock also measures the neighbours
    System.out.printf("first match after reopen: %d packages in %.3f s (%.3f s CPU), %d matches%n", r.packages(),
        r.firstMatchSeconds(), r.firstMatchCpuSeconds(), r.matches());
    System.out.printf("warmed match: %d packages in %.3f s (%.3f s CPU)%n", r.packages(), r.matchSeconds(),
        r.matchCpuSeconds());
    System.out.printf("load average: %.2f%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  static Result run(int records, int packages) throws IOException {
    return run(records, packages, null, false);
  }

  static Result run(int records, int packages, Path storeDir, boolean matchOnly) throws IOException {
    Path dir = storeDir != null ? storeDir : Files.createTempDirectory("stowaway-bench");
    int names = Math.max(1, records / 20); // about 20 records per package name, as popular packages have
    try {
      double importSeconds = Double.NaN;
      if (!matchOnly) {
        importSeconds = generateAndImport(dir, records, names);
      }
      List<Package> pkgs = new ArrayList<>();
      for (int i = 0; i < packages; i++) {
        pkgs.add(Package.builder("npm", "pkg-" + (i % (names * 2)), (i % 7) + ".2.0")
            .location(new Location(null, "node_modules/pkg-" + i + "/package.json", null)).build());
      }
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      // a store opened anew, as a scan opens it: no pooled connection, no prepared statement
      try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(dir.resolve("cache"))) {
        if (store.recordCount() != records) {
          throw new IllegalStateException("the store holds " + store.recordCount() + " records, not " + records);
        }
        VulnerabilityMatcher matcher = new VulnerabilityMatcher(store); // the comparators a scan uses
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        int firstMatches = matcher.match(pkgs).size();
        double firstSeconds = (System.nanoTime() - t0) / 1e9;
        double firstCpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
        for (int i = 0; i < 3; i++) {
          matcher.match(pkgs); // warm up: the JIT compiles the hot paths; the measured run is the steady state
        }
        long c1 = threads.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        List<VulnerabilityMatch> matches = matcher.match(pkgs);
        double matchSeconds = (System.nanoTime() - t1) / 1e9;
        double matchCpuSeconds = (threads.getCurrentThreadCpuTime() - c1) / 1e9;
        if (matches.size() != firstMatches) {
          throw new IllegalStateException("first match found " + firstMatches + ", warmed " + matches.size());
        }
        return new Result(records, importSeconds, packages, firstSeconds, firstCpu, matchSeconds, matchCpuSeconds,
            matches.size());
      }
    } finally {
      if (storeDir == null) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  /** Writes the records into {@code dir/all.zip} and imports them into {@code dir/cache}; returns the import's seconds. */
  private static double generateAndImport(Path dir, int records, int names) throws IOException {
    Files.createDirectories(dir);
    Path zip = dir.resolve("all.zip");
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
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (report.imported() != records) {
        throw new IllegalStateException("imported " + report.imported() + " of " + records);
      }
      return seconds;
    }
  }
}
