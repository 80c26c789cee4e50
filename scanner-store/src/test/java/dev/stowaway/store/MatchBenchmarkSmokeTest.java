package dev.stowaway.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keeps {@link MatchBenchmark} working with small numbers; asserts results, not timings. */
class MatchBenchmarkSmokeTest {
  @Test
  void smallRunImportsEverythingAndFindsTheGeneratedMatches() throws Exception {
    MatchBenchmark.Result r = MatchBenchmark.run(2_000, 200);
    assertThat(r.records()).isEqualTo(2_000);
    // 100 package names x 20 records; package i (name i mod 200, version (i mod 7).2.0) is hit by the
    // records of its name with the same i mod 7 bucket: names >= 100 have no records
    int expected = 0;
    for (int pkg = 0; pkg < 200; pkg++) {
      for (int rec = 0; rec < 2_000; rec++) {
        if (rec % 100 == pkg % 200 && rec % 7 == pkg % 7) {
          expected++;
        }
      }
    }
    assertThat(expected).isPositive();
    assertThat(r.matches()).isEqualTo(expected);
    assertThat(r.recordsPerSecond()).isPositive();
  }
}
