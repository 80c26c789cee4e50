package dev.stowaway.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.ScanResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyTest {
  static final LayerRef L0 = new LayerRef(0, Digest.sha256Of("l0"));
  static final LayerRef L1 = new LayerRef(1, Digest.sha256Of("l1"));

  static final VulnerabilityFinding LOG4J = new VulnerabilityFinding("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"),
      Severity.CRITICAL, "Log4Shell", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
      "org.apache.logging.log4j:log4j-core", "2.14.1", "2.15.0", new Location(L1, "app/app.jar", "lib/log4j.jar"));
  static final VulnerabilityFinding UNFIXED = new VulnerabilityFinding("CVE-2023-0001", List.of(), Severity.HIGH,
      "no fix", "pkg:deb/debian/zlib1g@1.2.13?arch=amd64", "zlib1g", "1.2.13", null,
      new Location(L0, "var/lib/dpkg/status", null));
  static final SecretFinding KEY_A = new SecretFinding("aws-access-key-id", Severity.CRITICAL, "AWS key",
      new Location(L0, "root/.aws/credentials", null), 2, "AKIA****", "fp-a", null);
  static final SecretFinding KEY_B = new SecretFinding("aws-access-key-id", Severity.CRITICAL, "AWS key",
      new Location(L1, "app/.env", null), 5, "AKIA****", "fp-b", null);
  static final MisconfigurationFinding ROOT = new MisconfigurationFinding("IMG-001", Severity.MEDIUM, "runs as root",
      null, null, new Location(null, "config", null), 0);

  static ScanResult result(Map<String, String> labels, List<Package> packages, Finding... findings) {
    ImageConfig config = new ImageConfig("linux", "amd64", null, null, List.of(), List.of(), labels, List.of(),
        List.of(), null, List.of(), List.of(), List.of());
    return new ScanResult(new ArtifactInfo("docker.io/library/app:1", null, Digest.sha256Of("cfg"), config, List.of()),
        null, packages, List.of(findings), List.of(), List.of(), Instant.parse("2026-06-01T00:00:00Z"));
  }

  static ScanResult result(Finding... findings) {
    return result(Map.of(), List.of(), findings);
  }

  static Package pkg(String name, String purl, String... licences) {
    return Package.builder("Debian:12", name, "1.0").purl(purl).licenses(List.of(licences))
        .location(new Location(L0, "var/lib/dpkg/status", null)).build();
  }

  @Test
  void parsesEveryKey() {
    Policy p = Policy.parse("""
        [gate]
        fail-on = "high"
        ignore-unfixed = true
        max-advisory-age = "7d"
        [gate.max-count]
        medium = 3
        [vulnerability]
        fail-on = "critical"
        [secret]
        fail-on = "low"
        [license]
        deny = ["GPL-3.0*"]
        [packages]
        banned = ["pkg:deb/debian/telnet*"]
        [image]
        banned-base = ["*debian:9*"]
        required-labels = ["org.opencontainers.image.source"]
        [[exception]]
        id = "CVE-2021-44228"
        reason = "mitigated"
        expires = 2026-12-31
        """);
    assertThat(p.failOn("vulnerability")).isEqualTo(Severity.CRITICAL);
    assertThat(p.failOn("secret")).isEqualTo(Severity.LOW);
    assertThat(p.failOn("misconfiguration")).isEqualTo(Severity.HIGH);
    assertThat(p.ignoreUnfixed()).isTrue();
    assertThat(p.maxAdvisoryAge()).isEqualTo(Duration.ofDays(7));
    assertThat(p.exceptions()).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo("CVE-2021-44228");
      assertThat(e.expires()).hasToString("2026-12-31");
      assertThat(e.line()).isEqualTo(18);
    });
  }

  @Test
  void topLevelFailOnIsTheGlobalGate() {
    assertThat(Policy.parse("fail-on = \"medium\"\n").failOn("secret")).isEqualTo(Severity.MEDIUM);
    assertThat(Policy.parse("").failOn("secret")).isNull();
  }

  @Test
  void unknownKeysAreRejectedWithTheirLine() {
    assertThatThrownBy(() -> Policy.parse("[gate]\nfail-on = \"high\"\nfail_on = \"low\"\n"))
        .isInstanceOf(PolicyParseException.class).hasMessage("line 3: unknown key 'gate.fail_on'")
        .extracting(e -> ((PolicyParseException) e).line()).isEqualTo(3);
    assertThatThrownBy(() -> Policy.parse("\n\n[gates]\nfail-on = \"high\"\n"))
        .hasMessage("line 3: unknown key 'gates'");
    assertThatThrownBy(() -> Policy.parse("[[exception]]\nid = \"X\"\nreason = \"r\"\ncve = \"Y\"\n"))
        .hasMessage("line 4: unknown key 'exception.cve'");
    assertThatThrownBy(() -> Policy.parse("[secret]\nignore-unfixed = true\n"))
        .hasMessage("line 2: unknown key 'secret.ignore-unfixed'");
  }

  /** Fuzzing found this: tomlj throws TomlParseError for an invalid escape instead of listing the error. */
  @Test
  void invalidEscapeIsAPolicyParseExceptionNamingTheLine() {
    assertThatThrownBy(() -> Policy.parse("[gate]\n\nfail-on = \"\\E\"\n")).isInstanceOf(PolicyParseException.class)
        .hasMessageStartingWith("line 3: ").hasMessageContaining("escape");
  }

  @Test
  void syntaxAndValueErrorsNameTheLine() {
    assertThatThrownBy(() -> Policy.parse("[gate]\nfail-on = \n")).isInstanceOf(PolicyParseException.class)
        .hasMessageStartingWith("line 2: ");
    assertThatThrownBy(() -> Policy.parse("[gate]\n\nfail-on = \"severe\"\n"))
        .hasMessage("line 3: gate.fail-on must be one of critical, high, medium, low (was 'severe')");
    assertThatThrownBy(() -> Policy.parse("[gate]\nmax-advisory-age = \"soon\"\n")).hasMessageStartingWith("line 2: ");
    assertThatThrownBy(() -> Policy.parse("[[exception]]\nid = \"X\"\n"))
        .hasMessage("line 1: an exception needs a non-empty reason");
    assertThatThrownBy(() -> Policy.parse("x = 1\n[[exception]]\nreason = \"because\"\n"))
        .hasMessageStartingWith("line 1: unknown key 'x'");
    assertThatThrownBy(() -> Policy.parse("[[exception]]\nreason = \"because\"\n"))
        .hasMessageStartingWith("line 1: an exception needs at least one of");
    assertThatThrownBy(() -> Policy.parse("[gate.max-count]\nsevere = 1\n")).hasMessage(
        "line 2: unknown key 'gate.max-count.severe'");
  }

  @Test
  void globalGateFailsAtOrAboveItsSeverity() {
    Policy p = Policy.parse("[gate]\nfail-on = \"critical\"\n");
    PolicyDecision d = p.evaluate(result(LOG4J, UNFIXED, ROOT));
    assertThat(d.passed()).isFalse();
    assertThat(d.violations()).singleElement().satisfies(v -> {
      assertThat(v.rule()).isEqualTo("gate.fail-on");
      assertThat(v.finding()).isEqualTo(LOG4J);
      assertThat(v.reason()).isEqualTo("CRITICAL vulnerability CVE-2021-44228 in org.apache.logging.log4j:log4j-core"
          + " 2.14.1 at app/app.jar!/lib/log4j.jar: Log4Shell (fails at critical and above)");
    });
    assertThat(p.evaluate(result(UNFIXED, ROOT)).passed()).isTrue();
  }

  @Test
  void perKindGateOverridesTheGlobalOne() {
    Policy p = Policy.parse("fail-on = \"critical\"\n[misconfiguration]\nfail-on = \"medium\"\n");
    assertThat(p.evaluate(result(ROOT)).violations()).extracting(Violation::rule)
        .containsExactly("misconfiguration.fail-on");
    assertThat(p.evaluate(result(UNFIXED)).passed()).isTrue();
  }

  @Test
  void ignoreUnfixedSkipsVulnerabilitiesWithoutAFix() {
    Policy strict = Policy.parse("[vulnerability]\nfail-on = \"high\"\n");
    Policy lenient = Policy.parse("[vulnerability]\nfail-on = \"high\"\nignore-unfixed = true\n");
    assertThat(strict.evaluate(result(UNFIXED)).passed()).isFalse();
    assertThat(lenient.evaluate(result(UNFIXED)).passed()).isTrue();
    assertThat(lenient.evaluate(result(LOG4J)).passed()).isFalse();
  }

  @Test
  void maxCountPerSeverity() {
    Policy p = Policy.parse("[gate.max-count]\ncritical = 1\n");
    assertThat(p.evaluate(result(LOG4J)).passed()).isTrue();
    assertThat(p.evaluate(result(LOG4J, KEY_A)).violations()).extracting(Violation::rule, Violation::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("gate.max-count.critical",
            "2 critical findings, at most 1 allowed"));
  }

  @Test
  void bannedPackagesByPurlGlob() {
    Policy p = Policy.parse("[packages]\nbanned = [\"pkg:deb/debian/telnet\", \"pkg:maven/*/log4j-core@2.14.*\"]\n");
    ScanResult r = result(Map.of(), List.of(pkg("telnet", "pkg:deb/debian/telnet@0.17-44?arch=amd64"),
        pkg("log4j", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
        pkg("log4j-new", "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1"),
        pkg("telnetd", "pkg:deb/debian/telnetd@0.17-44?arch=amd64")));
    assertThat(p.evaluate(r).violations()).extracting(Violation::reason).containsExactlyInAnyOrder(
        "banned package pkg:deb/debian/telnet@0.17-44?arch=amd64 (matches pkg:deb/debian/telnet) at var/lib/dpkg/status",
        "banned package pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 (matches pkg:maven/*/log4j-core@2.14.*)"
            + " at var/lib/dpkg/status");
  }

  @Test
  void licenceDenyList() {
    Policy p = Policy.parse("[license]\ndeny = [\"GPL-3.0*\", \"AGPL-*\"]\n");
    ScanResult r = result(Map.of(), List.of(pkg("a", "pkg:deb/debian/a@1", "GPL-3.0-or-later"),
        pkg("b", "pkg:deb/debian/b@1", "MIT", "GPL-2.0")));
    assertThat(p.evaluate(r).violations()).extracting(Violation::rule, Violation::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple("license.deny",
            "package pkg:deb/debian/a@1 has denied licence GPL-3.0-or-later (matches GPL-3.0*)"));
  }

  @Test
  void requiredLabelsAndBannedBaseImage() {
    Policy p = Policy.parse("[image]\nrequired-labels = [\"org.opencontainers.image.source\", \"team\"]\n"
        + "banned-base = [\"docker.io/library/debian:9*\"]\n");
    ScanResult r = result(Map.of("team", "core", "org.opencontainers.image.base.name", "docker.io/library/debian:9.13"),
        List.of());
    assertThat(p.evaluate(r).violations()).extracting(Violation::reason).containsExactly(
        "banned base image docker.io/library/debian:9.13 (matches docker.io/library/debian:9*)",
        "missing required label org.opencontainers.image.source");
    ScanResult ok = result(Map.of("team", "core", "org.opencontainers.image.source", "https://x"), List.of());
    assertThat(p.evaluate(ok).passed()).isTrue();
  }

  @Test
  void builderMatchesTheFile() {
    Policy p = Policy.builder().failOn(Severity.HIGH).failOn("secret", Severity.CRITICAL).build();
    assertThat(p.evaluate(result(ROOT, UNFIXED)).violations()).extracting(Violation::finding).containsExactly(UNFIXED);
    assertThat(Policy.permissive().evaluate(result(LOG4J, KEY_A)).passed()).isTrue();
  }
}
