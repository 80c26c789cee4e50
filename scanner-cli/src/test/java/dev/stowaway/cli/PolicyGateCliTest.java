package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI gate end to end: a vulnerable package in a scanned image fails a policy (exit 1, violation named on
 * stderr), an exception with a reason hides it (exit 0, still in the JSON as suppressed), --exit-code overrides,
 * a bad policy file is a usage error with its line number, and reports come in every format.
 */
class PolicyGateCliTest {

  @TempDir
  Path tmp;

  VulnerabilityScanTest fixture = new VulnerabilityScanTest();

  @BeforeEach
  void setUp() throws IOException {
    fixture.tmp = tmp;
    fixture.setUp();
  }

  String[] scan(String... extra) {
    String[] base = {"scan", "--cache-dir", fixture.db.toString()};
    String[] all = new String[base.length + extra.length + 1];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    all[all.length - 1] = "oci:" + fixture.layout;
    return all;
  }

  @Test
  void criticalVulnerabilityFailsThePolicyAndAnExceptionLetsItPass() throws IOException {
    Path policy = Files.writeString(tmp.resolve("stowaway.toml"), "fail-on = \"critical\"\n");
    CliRunner fail = CliRunner.run(scan("--policy", policy.toString(), "-f", "json"));
    assertThat(fail.exitCode()).isEqualTo(1);
    assertThat(fail.err()).contains("stowaway: policy:").contains("CVE-2099-0001");

    Files.writeString(policy, """
        fail-on = "critical"

        [[exception]]
        id = "CVE-2099-0001"
        reason = "curl is not reachable from the network in this service"
        expires = "2099-12-31"
        """);
    CliRunner pass = CliRunner.run(scan("--policy", policy.toString(), "-f", "json"));
    assertThat(pass.exitCode()).as(pass.err()).isZero();
    assertThat(pass.out()).contains("\"suppressed\" : true").contains("curl is not reachable");
  }

  @Test
  void exitCodeOverridesAFailedGate() throws IOException {
    Path policy = Files.writeString(tmp.resolve("p.toml"), "fail-on = \"low\"\n");
    assertThat(CliRunner.run(scan("--policy", policy.toString(), "--exit-code", "0")).exitCode()).isZero();
    assertThat(CliRunner.run(scan("--policy", policy.toString(), "--exit-code", "7")).exitCode()).isEqualTo(7);
  }

  @Test
  void badPolicyFileIsAUsageErrorWithItsLine() throws IOException {
    Path policy = Files.writeString(tmp.resolve("bad.toml"), "fail-on = \"high\"\nfail_on_typo = 1\n");
    CliRunner r = CliRunner.run(scan("--policy", policy.toString()));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("line 2");
  }

  @Test
  void everyReportFormatIsWritten() {
    for (String format : new String[] {"sarif", "cyclonedx", "junit"}) {
      CliRunner r = CliRunner.run(scan("-f", format));
      assertThat(r.exitCode()).as(format + ": " + r.err()).isZero();
      assertThat(r.out()).as(format).contains("CVE-2099-0001");
    }
    // SPDX 2.3 is a package SBOM: packages, no vulnerabilities.
    CliRunner spdx = CliRunner.run(scan("-f", "spdx-json"));
    assertThat(spdx.exitCode()).isZero();
    assertThat(spdx.out()).contains("\"SPDX-2.3\"").contains("pkg:deb/debian/libcurl4@");
  }

  @Test
  void junitWithAPolicyHasOneTestCasePerRule() throws IOException {
    Path policy = Files.writeString(tmp.resolve("j.toml"), "[gate]\nfail-on = \"critical\"\n"
        + "[packages]\nbanned = [\"pkg:npm/*\"]\n[image]\nrequired-labels = [\"maintainer\"]\n");
    CliRunner r = CliRunner.run(scan("--policy", policy.toString(), "-f", "junit"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("tests=\"3\" failures=\"2\"")
        .contains("name=\"gate.fail-on\">\n      <failure").contains("CVE-2099-0001")
        .contains("name=\"packages.banned pkg:npm/*\">\n      <system-out>")
        .contains("name=\"image.required-labels maintainer\">\n      <failure");
  }

  @Test
  void sbomWritesPackagesOnlyAndShowSuppressedListsHiddenFindings() throws IOException {
    CliRunner cdx = CliRunner.run("sbom", "oci:" + fixture.layout);
    assertThat(cdx.exitCode()).as(cdx.err()).isZero();
    assertThat(cdx.out()).contains("\"bomFormat\" : \"CycloneDX\"").contains("pkg:deb/debian/libcurl4@")
        .doesNotContain("CVE-2099");
    CliRunner spdx = CliRunner.run("sbom", "-f", "spdx", "oci:" + fixture.layout);
    assertThat(spdx.exitCode()).isZero();
    assertThat(spdx.out()).contains("SPDX-2.3");
    assertThat(CliRunner.run("sbom", "-f", "yaml", "oci:" + fixture.layout).exitCode()).isEqualTo(2);

    Path policy = Files.writeString(tmp.resolve("s.toml"),
        "[[exception]]\nid = \"CVE-2099-0001\"\nreason = \"accepted risk\"\n");
    String hidden = CliRunner.run(scan("--policy", policy.toString())).out();
    String shown = CliRunner.run(scan("--policy", policy.toString(), "--show-suppressed")).out();
    assertThat(hidden).doesNotContain("CVE-2099-0001");
    assertThat(shown).contains("CVE-2099-0001");
  }
}
