package dev.stowaway.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.vuln.VersionComparator;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntBiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every comparison vector of shared/testdata/versions, one dynamic test each: the sign of compare(a,
 * b) must match, compare(b, a) must be its negation (antisymmetry) and each side must equal itself
 * (reflexivity).
 */
class VersionVectorTest {

  static Stream<DynamicTest> comparisons(
      String file, VersionComparator comparator, KnownDifferences known) {
    return comparisons(file, "cases", comparator::compare, known);
  }

  static Stream<DynamicTest> comparisons(
      String file, String array, ToIntBiFunction<String, String> compare, KnownDifferences known) {
    return comparisons(file, array, compare, known, c -> false);
  }

  /** As above, leaving out the cases {@code excluded} selects by key (tested elsewhere). */
  static Stream<DynamicTest> comparisons(
      String file,
      String array,
      ToIntBiFunction<String, String> compare,
      KnownDifferences known,
      java.util.function.Predicate<String> excluded) {
    List<VersionVectors.Case> cases = VersionVectors.cases(file, array);
    assertThat(cases).as(file + " has cases").isNotEmpty();
    return cases.stream()
        .filter(c -> !excluded.test(c.key()))
        .map(
            c ->
                DynamicTest.dynamicTest(
                    file + " " + c,
                    () -> {
                      String reason = known.reason(c);
                      int actual = Integer.signum(compare.applyAsInt(c.a(), c.b()));
                      int reverse = Integer.signum(compare.applyAsInt(c.b(), c.a()));
                      assertThat(reverse).as("antisymmetry compare(%s, %s)", c.b(), c.a()).isEqualTo(-actual);
                      assertThat(compare.applyAsInt(c.a(), c.a())).as("reflexive %s", c.a()).isZero();
                      assertThat(compare.applyAsInt(c.b(), c.b())).as("reflexive %s", c.b()).isZero();
                      if (reason != null) {
                        // Documented contradiction: assert we really differ, so the list stays honest.
                        assertThat(actual)
                            .as("known difference no longer differs: " + reason)
                            .isNotEqualTo(c.cmp());
                        return;
                      }
                      assertThat(actual).as("compare(%s, %s)", c.a(), c.b()).isEqualTo(c.cmp());
                    }));
  }

  /** Vectors we knowingly disagree with, each with the reason; null for "must match". */
  interface KnownDifferences {
    KnownDifferences NONE = c -> null;

    String reason(VersionVectors.Case c);
  }

  /**
   * osv-scalibr's generated Maven fixture was ordered with maven-artifact 3.8.6. We implement the
   * current ComparableVersion (apache/maven master, whose own test vectors in maven.json all pass).
   * Maven changed these orderings since 3.8.6: 3.9 (MNG-7644, ".RC1" == "-RC1"; tagged by the data's
   * author where 3.9.6 already differs) and 4.0 (a qualifier glued to a number, "rc2", is a single
   * item newer than the bare qualifier; "X-1" reads as "X1").
   */
  static final Set<String> MAVEN_386_ORDERINGS =
      Set.of(
          "osv-scalibr/maven.json | 1-1.foo-bar-1-baz-0.1 | 1-1.foo-bar1baz-.1",
          "osv-scalibr/maven-generated.json | 3.2.0rc2 | 3.2.0-rc.1",
          "osv-scalibr/maven-generated.json | 1.0.0-beta11 | 1.0.0-beta.6",
          "osv-scalibr/maven-generated.json | 3.5.0-CR-2 | 3.5.0.Beta-1",
          "osv-scalibr/maven-generated.json | v3.7.0rc2 | v3.7.0-rc.3");

  /**
   * php-src's canonicalisation turns '#' into a separator, so "1.2.3.#" is "1.2.3" and older than
   * "1.2.3.1"; osv-scalibr's own edge-case test expects equality.
   */
  static final KnownDifferences PACKAGIST_KNOWN =
      c ->
          c.key().equals("osv-scalibr/packagist.json | 1.2.3.# | 1.2.3.1")
              ? "'#' is a separator in PHP's version_compare"
              : null;

  static final KnownDifferences MAVEN_KNOWN =
      c -> {
        if ("maven-artifact 3.9.6 ComparableVersion gives 1".equals(c.tag())) {
          return "maven-artifact 3.8.6 ordering, changed in Maven 3.9";
        }
        return MAVEN_386_ORDERINGS.contains(c.key()) ? "maven-artifact 3.8.6 ordering, changed in Maven 4" : null;
      };

  @TestFactory
  Stream<DynamicTest> dpkg() {
    DebianVersionComparator deb = new DebianVersionComparator();
    List<VersionVectors.Case> cases = VersionVectors.cases("dpkg.json", "cases");
    // Upstream's version_compare_part / version_compare_string tests call verrevcmp on bare
    // fragments, not on full versions; run those through verrevcmp too.
    return cases.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    "dpkg.json " + c,
                    () -> {
                      boolean fragment =
                          c.tag() != null
                              && (c.tag().startsWith("sort:version_compare_part")
                                  || c.tag().startsWith("sort:version_compare_string"));
                      ToIntBiFunction<String, String> f =
                          fragment ? DebianVersionComparator::verrevcmp : deb::compare;
                      assertThat(Integer.signum(f.applyAsInt(c.a(), c.b()))).isEqualTo(c.cmp());
                      assertThat(Integer.signum(f.applyAsInt(c.b(), c.a()))).isEqualTo(-c.cmp());
                      assertThat(f.applyAsInt(c.a(), c.a())).isZero();
                      assertThat(f.applyAsInt(c.b(), c.b())).isZero();
                    }));
  }

  @TestFactory
  Stream<DynamicTest> rpm() {
    RpmVersionComparator rpm = new RpmVersionComparator();
    // src=rpmvercmp cases are bare rpmvercmp() calls (a '-' there is not a release separator).
    return Stream.concat(
        comparisonsBySource("rpm.json", "cases", rpm),
        comparisonsBySource("rpm.json", "disabled_cases", rpm));
  }

  private static Stream<DynamicTest> comparisonsBySource(
      String file, String array, RpmVersionComparator rpm) {
    return VersionVectors.cases(file, array).stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    file + " " + array + " " + c,
                    () -> {
                      ToIntBiFunction<String, String> f =
                          "rpmvercmp".equals(c.src()) ? RpmVersionComparator::rpmvercmp : rpm::compare;
                      assertThat(Integer.signum(f.applyAsInt(c.a(), c.b()))).isEqualTo(c.cmp());
                      assertThat(Integer.signum(f.applyAsInt(c.b(), c.a()))).isEqualTo(-c.cmp());
                      assertThat(f.applyAsInt(c.a(), c.a())).isZero();
                    }));
  }

  @TestFactory
  Stream<DynamicTest> apk() {
    return comparisons("apk.json", new ApkVersionComparator(), KnownDifferences.NONE);
  }

  @TestFactory
  Stream<DynamicTest> maven() {
    return comparisons("maven.json", new MavenVersionComparator(), KnownDifferences.NONE);
  }

  @TestFactory
  Stream<DynamicTest> pep440() {
    return comparisons("pep440.json", new Pep440VersionComparator(), KnownDifferences.NONE);
  }

  @TestFactory
  Stream<DynamicTest> npm() {
    return comparisons("npm.json", new SemverComparator(), KnownDifferences.NONE);
  }

  @TestFactory
  Stream<DynamicTest> go() {
    return comparisons("go.json", new GoVersionComparator(), KnownDifferences.NONE);
  }

  @TestFactory
  Stream<DynamicTest> rubygems() {
    return comparisons("rubygems.json", new RubyGemsVersionComparator(), KnownDifferences.NONE);
  }

  @TestFactory
  Stream<DynamicTest> nuget() {
    return comparisons("nuget.json", new NuGetVersionComparator(), KnownDifferences.NONE);
  }

  /**
   * osv-scalibr's hand-written alpine.json also orders strings that are not valid apk versions
   * ("1-r-0", "0..1..0", "1-ruff2"). apk-tools 2 and 3 disagree on those (the fixture's own comments
   * say so) and osv-scalibr follows its own parser; for such pairs only antisymmetry and reflexivity
   * are asserted, and the test checks that this stays a handful of cases.
   */
  @TestFactory
  Stream<DynamicTest> osvScalibrAlpine() {
    ApkVersionComparator apk = new ApkVersionComparator();
    List<VersionVectors.Case> cases = VersionVectors.cases("osv-scalibr/alpine.json", "cases");
    long exempt =
        cases.stream()
            .filter(c -> (!apk.isValid(c.a()) || !apk.isValid(c.b())))
            .filter(c -> Integer.signum(apk.compare(c.a(), c.b())) != c.cmp())
            .count();
    assertThat(exempt).as("invalid-version pairs we order differently").isLessThanOrEqualTo(10);
    KnownDifferences invalidPairs =
        c ->
            (!apk.isValid(c.a()) || !apk.isValid(c.b()))
                    && Integer.signum(apk.compare(c.a(), c.b())) != c.cmp()
                ? "ordering of invalid apk versions differs between apk-tools 2, 3 and osv-scalibr"
                : null;
    return Stream.concat(
        comparisons("osv-scalibr/alpine.json", "cases", apk::compare, invalidPairs),
        comparisons("osv-scalibr/alpine-generated.json", apk, KnownDifferences.NONE));
  }

  /**
   * Legacy (non-PEP 440) versions such as "0.9-doduo" were ordered by packaging's removed
   * LegacyVersion; packaging &gt;= 22 rejects them and so do we: assert that they are rejected.
   */
  @TestFactory
  Stream<DynamicTest> osvScalibrPypi() {
    Pep440VersionComparator pep = new Pep440VersionComparator();
    return Stream.of("osv-scalibr/pypi.json", "osv-scalibr/pypi-generated.json")
        .flatMap(
            file -> {
              List<VersionVectors.Case> legacy =
                  VersionVectors.cases(file, "cases").stream()
                      .filter(c -> c.tag() != null && c.tag().contains("non-PEP 440 (legacy)"))
                      .toList();
              Stream<DynamicTest> rejected =
                  legacy.stream()
                      .map(
                          c ->
                              DynamicTest.dynamicTest(
                                  file + " legacy " + c,
                                  () -> assertThat(pep.isValid(c.a()) && pep.isValid(c.b())).isFalse()));
              Set<String> legacyKeys =
                  legacy.stream().map(VersionVectors.Case::key).collect(java.util.stream.Collectors.toSet());
              return Stream.concat(
                  rejected,
                  comparisons(file, "cases", pep::compare, KnownDifferences.NONE, legacyKeys::contains));
            });
  }

  @TestFactory
  Stream<DynamicTest> osvScalibrOthers() {
    return Stream.of(
            comparisons("osv-scalibr/debian.json", new DebianVersionComparator(), KnownDifferences.NONE),
            comparisons("osv-scalibr/debian-generated.json", new DebianVersionComparator(), KnownDifferences.NONE),
            comparisons("osv-scalibr/maven.json", new MavenVersionComparator(), MAVEN_KNOWN),
            comparisons("osv-scalibr/maven-generated.json", new MavenVersionComparator(), MAVEN_KNOWN),
            comparisons("osv-scalibr/nuget.json", new NuGetVersionComparator(), KnownDifferences.NONE),
            comparisons("osv-scalibr/redhat.json", new RpmVersionComparator(), KnownDifferences.NONE),
            comparisons("osv-scalibr/rubygems.json", new RubyGemsVersionComparator(), KnownDifferences.NONE),
            comparisons("osv-scalibr/rubygems-generated.json", new RubyGemsVersionComparator(), KnownDifferences.NONE),
            comparisons("osv-scalibr/semver.json", new SemverComparator(), KnownDifferences.NONE),
            comparisons("osv-scalibr/packagist.json", new PackagistVersionComparator(), PACKAGIST_KNOWN),
            comparisons("osv-scalibr/packagist-generated.json", new PackagistVersionComparator(), PACKAGIST_KNOWN))
        .flatMap(s -> s);
  }
}
