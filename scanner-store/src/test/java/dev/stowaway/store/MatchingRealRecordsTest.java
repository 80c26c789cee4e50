package dev.stowaway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.vuln.VersionComparator;
import dev.stowaway.core.match.MatchExplanation;
import dev.stowaway.core.match.NaiveVersionComparator;
import dev.stowaway.core.match.VulnerabilityMatch;
import dev.stowaway.core.match.VulnerabilityMatcher;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The matcher over the store filled with the real OSV records of ../shared/testdata/osv. Versions are
 * compared with a test comparator that orders these plain versions correctly (the real per-scheme
 * comparators are another module's work).
 */
class MatchingRealRecordsTest {
  private static final List<VersionComparator> COMPARATORS = List.of(new NaiveVersionComparator("deb"),
      new NaiveVersionComparator("maven"), new NaiveVersionComparator("semver"), new NaiveVersionComparator("apk"));

  @TempDir static Path tmp;
  private static SqliteAdvisoryStore store;
  private static VulnerabilityMatcher matcher;

  @BeforeAll
  static void load() throws IOException {
    Path osv = SharedTestData.testdata("osv");
    store = SqliteAdvisoryStore.open(tmp);
    new OsvImporter(store).importPath(osv);
    matcher = new VulnerabilityMatcher(store, COMPARATORS);
  }

  @AfterAll
  static void close() {
    if (store != null) {
      store.close();
    }
  }

  private static Package pkg(String eco, String name, String version) {
    return Package.builder(eco, name, version).location(new Location(null, "some/path", null)).build();
  }

  private static Package deb(String eco, String binary, String version, String source, String sourceVersion) {
    return Package.builder(eco, binary, version).source(source, sourceVersion)
        .location(new Location(null, "var/lib/dpkg/status", null)).build();
  }

  /** DSA-3029-1: nginx in Debian:7, fixed in 1.2.1-2.2+wheezy3; the binary package nginx-full. */
  @ParameterizedTest(name = "nginx {0}")
  @CsvSource(nullValues = "null", value = {
      "1.2.1-2.2+wheezy2, 1",
      "1.2.1-2.2+wheezy3, 0",
      "1.2.1-2.2+wheezy4, 0",
      "1.2.1-2.2, 1",
  })
  void debianRecordMatchedBySourcePackage(String version, int expected) {
    List<VulnerabilityMatch> m = matcher.match(deb("Debian:7", "nginx-full", version, "nginx", version));
    assertThat(m).hasSize(expected);
    if (expected == 1) {
      VulnerabilityMatch v = m.get(0);
      assertThat(v.id()).isEqualTo("CVE-2014-3616");
      assertThat(v.aliases()).containsExactly("DSA-3029-1");
      assertThat(v.fixedVersion()).isEqualTo("1.2.1-2.2+wheezy3");
      assertThat(v.title()).isEqualTo("nginx - security update");
      assertThat(v.severity()).isEqualTo(Severity.UNKNOWN); // the record has no severity at all
      assertThat(v.link()).isEqualTo("https://www.debian.org/security/2014/dsa-3029");
      assertThat(v.toFinding().packageName()).isEqualTo("nginx-full");
    }
    // another release's package is not matched by Debian:7 data
    assertThat(matcher.match(deb("Debian:12", "nginx-full", version, "nginx", version))).isEmpty();
  }

  @Test
  void unfixedDebianEntryOfAMultiEcosystemRecordIsReportedWithoutFix() {
    List<VulnerabilityMatch> m = matcher.match(deb("Debian:12", "wget", "1.21.3-1+b2", "wget", "1.21.3-1"));
    assertThat(m).singleElement().satisfies(v -> {
      assertThat(v.id()).isEqualTo("CVE-2024-10524");
      assertThat(v.fixedVersion()).isNull();
      assertThat(v.status()).isEqualTo("unfixed");
    });
    assertThat(matcher.match(deb("Debian:13", "wget", "1.25.0-1", "wget", "1.25.0-1"))).isEmpty();
    assertThat(matcher.match(deb("Debian:13", "wget", "1.24.5-2", "wget", "1.24.5-2")))
        .extracting(VulnerabilityMatch::fixedVersion).containsExactly("1.25.0-1");
  }

  @ParameterizedTest(name = "log4j-core {0}")
  @CsvSource(delimiter = '|', value = {
      "2.14.1 | CVE-2021-44228:2.15.0,CVE-2021-45046:2.16.0",
      "2.15.0 | CVE-2021-45046:2.16.0",
      "2.16.0 | ''",
      "2.12.1 | CVE-2021-44228:2.12.2,CVE-2021-45046:2.12.2",
      "2.12.2 | ''",
      "2.3    | CVE-2021-44228:2.3.1,CVE-2021-45046:2.12.2",
  })
  void mavenLog4jCore(String version, String expected) {
    List<VulnerabilityMatch> m = matcher.match(pkg("Maven", "org.apache.logging.log4j:log4j-core", version));
    List<String> got = m.stream().filter(v -> v.id().equals("CVE-2021-44228") || v.id().equals("CVE-2021-45046"))
        .map(v -> v.id() + ":" + v.fixedVersion()).toList();
    assertThat(String.join(",", got)).isEqualTo(expected);
  }

  @Test
  void log4ShellIsCriticalFromItsCvssVector() {
    VulnerabilityMatch v = matcher.match(pkg("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1")).stream()
        .filter(x -> x.id().equals("CVE-2021-44228")).findFirst().orElseThrow();
    assertThat(v.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(v.cvss().baseScore()).isEqualTo(10.0);
    assertThat(v.aliases()).containsExactly("GHSA-jfh8-c2jp-5v3q");
  }

  @ParameterizedTest(name = "lodash {0}")
  @CsvSource(delimiter = '|', value = {
      "4.17.11 | CVE-2019-10744,CVE-2021-23337",
      "4.17.12 | CVE-2021-23337",
      "4.17.15 | CVE-2021-23337",
      "4.17.20 | CVE-2021-23337",
      "4.17.21 | ''",
  })
  void npmLodash(String version, String expected) {
    List<VulnerabilityMatch> m = matcher.match(pkg("npm", "lodash", version));
    List<String> ids = m.stream().map(VulnerabilityMatch::id)
        .filter(id -> id.equals("CVE-2019-10744") || id.equals("CVE-2021-23337")).toList();
    assertThat(String.join(",", ids)).isEqualTo(expected);
  }

  @Test
  void lodashCommandInjectionFindingInFull() {
    VulnerabilityMatch v = matcher.match(pkg("npm", "lodash", "4.17.15")).stream()
        .filter(x -> x.id().equals("CVE-2021-23337")).findFirst().orElseThrow();
    assertThat(v.aliases()).containsExactly("GHSA-35jh-r3h4-6jhm");
    assertThat(v.fixedVersion()).isEqualTo("4.17.21");
    assertThat(v.severity()).isEqualTo(Severity.HIGH);
    assertThat(v.cvss().baseScore()).isEqualTo(7.2);
    assertThat(v.title()).isEqualTo("Command Injection in lodash");
  }

  @Test
  void explainListsEveryRecordConsidered() {
    List<MatchExplanation> why = matcher.explain(pkg("npm", "lodash", "4.17.15"));
    assertThat(why).extracting(MatchExplanation::advisoryId).contains("GHSA-35jh-r3h4-6jhm", "GHSA-jf85-cpcp-j695");
    assertThat(why).filteredOn(e -> e.advisoryId().equals("GHSA-jf85-cpcp-j695")).singleElement()
        .satisfies(e -> assertThat(e.verdict()).isEqualTo("NOT_AFFECTED"));
    assertThat(why).filteredOn(e -> e.advisoryId().equals("GHSA-35jh-r3h4-6jhm")).singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("ECOSYSTEM range [introduced 0, fixed 4.17.21] holds 4.17.15 (semver)"));
  }

  @Test
  void packagesOfEcosystemsWithoutComparatorProduceNoFindingButAnExplanation() {
    Package django = pkg("PyPI", "Django", "1.0");
    assertThat(matcher.match(django)).isEmpty();
    assertThat(matcher.explain(django)).isNotEmpty()
        .allSatisfy(e -> assertThat(e.verdict()).isIn("UNDECIDED", "AFFECTED", "NOT_AFFECTED"))
        .anySatisfy(e -> assertThat(e.reason()).contains("no version comparator for scheme pep440"));
  }
}
