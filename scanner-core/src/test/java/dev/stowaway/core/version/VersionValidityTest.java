package dev.stowaway.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.vuln.InvalidVersionException;
import dev.stowaway.api.vuln.VersionComparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The valid/invalid/canonical/prerelease lists of shared/testdata/versions, one test each. */
class VersionValidityTest {

  private static Stream<DynamicTest> each(
      String file, String array, String label, java.util.function.Consumer<String> check) {
    List<String> values = VersionVectors.strings(file, array);
    assertThat(values).as(file + " " + array).isNotEmpty();
    return values.stream()
        .map(v -> DynamicTest.dynamicTest(file + " " + label + " [" + v + "]", () -> check.accept(v)));
  }

  private static void rejected(VersionComparator c, String v) {
    assertThat(c.isValid(v)).as("isValid(%s)", v).isFalse();
  }

  private static void throwsNamingSchemeAndVersion(VersionComparator c, String v) {
    assertThatThrownBy(() -> c.compare(v, "1"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining(c.scheme())
        .hasMessageContaining(v.length() < 100 && v.chars().allMatch(ch -> ch >= 0x20) ? v : "");
    assertThatThrownBy(() -> c.compare("1", v)).isInstanceOf(InvalidVersionException.class);
  }

  @TestFactory
  Stream<DynamicTest> dpkg() {
    DebianVersionComparator deb = new DebianVersionComparator();
    @SuppressWarnings("unchecked")
    Map<String, List<String>> byCli =
        (Map<String, List<String>>) VersionVectors.load("dpkg.json").get("invalid_by_dpkg_cli");
    Set<String> hardErrors = Set.copyOf(byCli.get("error"));
    return Stream.concat(
        each("dpkg.json", "invalid", "invalid", v -> rejected(deb, v)),
        VersionVectors.strings("dpkg.json", "invalid").stream()
            .map(
                v ->
                    DynamicTest.dynamicTest(
                        "dpkg.json compare [" + v + "]",
                        () -> {
                          // dpkg --compare-versions refuses hard errors (and "") but only warns about
                          // the rest and still orders them; so do we.
                          if (hardErrors.contains(v) || v.isEmpty()) {
                            throwsNamingSchemeAndVersion(deb, v);
                          } else {
                            assertThatCode(() -> deb.compare(v, v)).doesNotThrowAnyException();
                          }
                        })));
  }

  @TestFactory
  Stream<DynamicTest> apk() {
    ApkVersionComparator apk = new ApkVersionComparator();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> fuzzy =
        (List<Map<String, Object>>) VersionVectors.load("apk.json").get("fuzzy_cases");
    Stream<DynamicTest> fuzzyTests =
        fuzzy.stream()
            .map(
                m ->
                    DynamicTest.dynamicTest(
                        "apk.json fuzzy [" + m.get("a") + " " + m.get("op") + " " + m.get("b") + "]",
                        () -> {
                          int c = apk.compareFuzzy((String) m.get("a"), (String) m.get("b"));
                          boolean holds =
                              switch ((String) m.get("op")) {
                                case "~" -> c == 0;
                                case "<~" -> c <= 0;
                                case ">~" -> c >= 0;
                                default -> throw new AssertionError(m);
                              };
                          assertThat(holds).isEqualTo(m.get("expect"));
                        }));
    return Stream.of(
            each("apk.json", "valid", "valid", v -> assertThat(apk.isValid(v)).isTrue()),
            each("apk.json", "invalid", "invalid", v -> rejected(apk, v)),
            fuzzyTests)
        .flatMap(s -> s);
  }

  @TestFactory
  Stream<DynamicTest> pep440() {
    Pep440VersionComparator pep = new Pep440VersionComparator();
    return each(
        "pep440.json",
        "invalid",
        "invalid",
        v -> {
          rejected(pep, v);
          throwsNamingSchemeAndVersion(pep, v);
        });
  }

  /**
   * node-semver rejects numbers above Number.MAX_SAFE_INTEGER; we deliberately accept and compare
   * them exactly (crates and OSV-Scanner do; see osv-scalibr/semver.json's 30-digit versions).
   */
  static final Set<String> NPM_HUGE_NUMBERS_ACCEPTED =
      Set.of(
          "1".repeat(256) + ".0.0",
          "90071992547409910.0.0",
          "0.90071992547409910.0",
          "0.0.90071992547409910");

  @TestFactory
  Stream<DynamicTest> npm() {
    SemverComparator semver = new SemverComparator();
    return Stream.concat(
        each("npm.json", "valid", "valid", v -> assertThat(semver.isValid(v)).isTrue()),
        each(
            "npm.json",
            "invalid",
            "invalid",
            v -> {
              if (v.matches("[0-9.]+")) {
                assertThat(v.length() > 16).as("only huge numbers are accepted").isTrue();
                assertThat(semver.isValid(v)).isTrue();
              } else {
                rejected(semver, v);
                throwsNamingSchemeAndVersion(semver, v);
              }
            }));
  }

  @TestFactory
  Stream<DynamicTest> go() {
    GoVersionComparator go = new GoVersionComparator();
    @SuppressWarnings("unchecked")
    List<Map<String, String>> canonical =
        (List<Map<String, String>>) VersionVectors.load("go.json").get("canonical");
    return Stream.concat(
        each(
            "go.json",
            "invalid",
            "invalid",
            v -> {
              rejected(go, v);
              throwsNamingSchemeAndVersion(go, v);
            }),
        canonical.stream()
            .map(
                m ->
                    DynamicTest.dynamicTest(
                        "go.json canonical [" + m.get("version") + "]",
                        () -> {
                          String v = m.get("version");
                          String expected = m.get("canonical");
                          if (expected.isEmpty()) {
                            rejected(go, v);
                          } else {
                            assertThat(GoVersionComparator.canonical(v)).isEqualTo(expected);
                          }
                        })));
  }

  @TestFactory
  Stream<DynamicTest> rubygems() {
    RubyGemsVersionComparator gem = new RubyGemsVersionComparator();
    return Stream.of(
            each("rubygems.json", "invalid", "invalid", v -> rejected(gem, v)),
            each(
                "rubygems.json",
                "prerelease",
                "prerelease",
                v -> assertThat(RubyGemsVersionComparator.isPrerelease(v)).isTrue()),
            each(
                "rubygems.json",
                "not_prerelease",
                "not prerelease",
                v -> assertThat(RubyGemsVersionComparator.isPrerelease(v)).isFalse()))
        .flatMap(s -> s);
  }

  @TestFactory
  Stream<DynamicTest> nuget() {
    NuGetVersionComparator nuget = new NuGetVersionComparator();
    @SuppressWarnings("unchecked")
    List<Map<String, String>> notEqual =
        (List<Map<String, String>>) VersionVectors.load("nuget.json").get("not_equal");
    // semver_strict_invalid is SemanticVersion's strict parser; NuGetVersion (what package versions
    // use and what we implement) is lenient ("1", "1.2.3.4", leading zeros), so only the strict-valid
    // list is checked: every strict SemVer is a valid NuGet version.
    return Stream.concat(
        each("nuget.json", "semver_strict_valid", "valid", v -> assertThat(nuget.isValid(v)).isTrue()),
        notEqual.stream()
            .map(
                m ->
                    DynamicTest.dynamicTest(
                        "nuget.json not equal [" + m.get("a") + "] [" + m.get("b") + "]",
                        () -> assertThat(nuget.compare(m.get("a"), m.get("b"))).isNotZero())));
  }
}
