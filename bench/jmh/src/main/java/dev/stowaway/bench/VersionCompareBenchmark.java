package dev.stowaway.bench;

import dev.stowaway.api.vuln.VersionComparator;
import dev.stowaway.core.match.VulnerabilityMatcher;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Version comparison per scheme: every ordered pair of 12 realistic versions (144 comparisons per
 * operation) with the comparator the matcher uses for that scheme.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VersionCompareBenchmark {

  private static final Map<String, String[]> VERSIONS = Map.of(
      "deb", new String[] {"1:1.2.13.dfsg-1", "3.0.11-1~deb12u2", "2.36-9+deb12u4", "7.88.1-10+deb12u5",
          "1.26.12-1+deb12u4", "5.2.15-2+b2", "0.0~git20230101.1-1", "252.22-1~deb12u1", "1:9.2p1-2+deb12u3",
          "2.9.14+dfsg-1.3~deb12u1", "12.2.0-14", "3.11.2-6+deb12u1"},
      "maven", new String[] {"2.14.1", "2.17.0", "2.9.10.8", "5.3.17", "5.3.18.RELEASE", "1.0-SNAPSHOT",
          "3.11", "1.9", "2.0.0-M1", "2.0.0-rc1", "2.0.0", "1.2.3-alpha-1"},
      "semver", new String[] {"4.17.15", "4.17.21", "1.2.0", "1.2.6", "4.17.1", "0.0.1-alpha.1",
          "1.0.0-beta.2", "1.0.0", "10.2.3", "2.0.0-rc.1+build.5", "3.1.4", "0.9.9"},
      "pep440", new String[] {"2.28.1", "1.26.12", "6.0", "3.0.1", "2022.9.24", "1.0.0rc1", "1.0.0.post1",
          "2.0.dev3", "1!0.5", "3.3", "1.16.0", "0.9.1a2"},
      "rpm", new String[] {"1.2.3-4.el9", "0:2.28-225.el9_2", "4.18.0-477.10.1.el8_8", "1.1.1k-9.el8_7",
          "3.6.8-51.el8_8.1", "2.9.13-2.el9", "1.0-0.1.rc1.fc38", "7.76.1-26.el9", "1.30-3.el9", "5.1.8-6.el9",
          "252-14.el9_2.3", "0.9.9-1"});

  /** The versioning scheme. */
  @Param({"deb", "maven", "semver", "pep440", "rpm"})
  public String scheme;

  private VersionComparator comparator;
  private String[] versions;

  /** Loads the comparator with ServiceLoader, as the matcher does. */
  @Setup
  public void setUp() {
    for (VersionComparator c : VulnerabilityMatcher.loadComparators(getClass().getClassLoader())) {
      if (c.scheme().equals(scheme)) {
        comparator = c;
      }
    }
    if (comparator == null) {
      throw new IllegalStateException("no comparator for " + scheme);
    }
    versions = VERSIONS.get(scheme);
  }

  /**
   * Compares every ordered pair once.
   *
   * @return a checksum (consumed by JMH)
   */
  @Benchmark
  public int compareAllPairs() {
    int sum = 0;
    for (String a : versions) {
      for (String b : versions) {
        sum += Integer.signum(comparator.compare(a, b));
      }
    }
    return sum;
  }
}
