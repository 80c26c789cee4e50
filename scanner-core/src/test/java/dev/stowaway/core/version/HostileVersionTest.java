package dev.stowaway.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stowaway.api.vuln.InvalidVersionException;
import dev.stowaway.api.vuln.VersionComparator;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Huge numbers compare exactly; huge or hostile strings give an answer or a clear exception fast. */
class HostileVersionTest {

  static Stream<VersionComparator> comparators() {
    return Stream.of(
        new DebianVersionComparator(),
        new RpmVersionComparator(),
        new ApkVersionComparator(),
        new MavenVersionComparator(),
        new Pep440VersionComparator(),
        new SemverComparator(),
        new GoVersionComparator(),
        new RubyGemsVersionComparator(),
        new NuGetVersionComparator(),
        new PackagistVersionComparator());
  }

  @ParameterizedTest
  @MethodSource("comparators")
  void numbersOfAnyLengthCompareExactly(VersionComparator c) {
    String big = "1" + "0".repeat(400);
    String bigger = "1" + "0".repeat(399) + "1";
    String padded = "000" + big;
    String v1 = big + ".0.0";
    String v2 = bigger + ".0.0";
    assertThat(c.compare(v1, v2)).as(c.scheme()).isNegative();
    assertThat(c.compare(v2, v1)).as(c.scheme()).isPositive();
    assertThat(c.compare("2.0.0", v1)).as(c.scheme()).isNegative();
    if (!(c instanceof GoVersionComparator)) { // Go forbids leading zeros
      assertThat(c.compare(padded + ".0.0", v1)).as(c.scheme()).isZero();
    }
    // 2^64 + 1 versus 2^64: no overflow.
    assertThat(c.compare("1.18446744073709551617.0", "1.18446744073709551616.0")).as(c.scheme()).isPositive();
  }

  @ParameterizedTest
  @MethodSource("comparators")
  void hugeHostileStringsFinishQuickly(VersionComparator c) {
    List<String> hostile =
        List.of(
            "1" + ".1".repeat(50_000),
            "1" + "-1".repeat(50_000),
            "1" + "-a".repeat(50_000),
            "1" + "~".repeat(100_000),
            "1" + "a1".repeat(50_000),
            "1" + "_alpha".repeat(20_000),
            "1.0+" + "a.".repeat(50_000) + "a",
            "9".repeat(100_000),
            "\u0000".repeat(100_000),
            "1:" + "0".repeat(100_000) + "-1");
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          for (String h : hostile) {
            for (String other : List.of(h, "1.0", h + "1")) {
              try {
                int r = c.compare(h, other);
                int back = c.compare(other, h);
                assertThat(Integer.signum(back)).as(c.scheme()).isEqualTo(-Integer.signum(r));
              } catch (InvalidVersionException e) {
                assertThat(e.getMessage()).contains(c.scheme()).hasSizeLessThan(400);
              }
            }
          }
        });
  }

  @ParameterizedTest
  @MethodSource("comparators")
  void emptyAndNullAreRejectedOrOrdered(VersionComparator c) {
    assertThatThrownBy(() -> c.compare(null, "1")).isInstanceOf(InvalidVersionException.class);
    if (c instanceof MavenVersionComparator || c instanceof RubyGemsVersionComparator) {
      // Both tools accept "" (Maven: same as "0"; RubyGems: blank is "0").
      assertThat(c.compare("", "0")).isZero();
    } else {
      assertThatThrownBy(() -> c.compare("", "1"))
          .isInstanceOf(InvalidVersionException.class)
          .hasMessageContaining(c.scheme());
    }
  }

  @org.junit.jupiter.api.Test
  void mavenRejectsVersionsLongerThanTheLimit() {
    MavenVersionComparator m = new MavenVersionComparator();
    String tooLong = "1" + "-1".repeat(MavenVersionComparator.MAX_LENGTH);
    assertThatThrownBy(() -> m.compare(tooLong, "1"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("maven")
        .hasMessageContaining("longer than");
  }
}
