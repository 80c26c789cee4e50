package dev.stowaway.core.policy;

import static dev.stowaway.core.policy.ExceptionRuleTest.at;
import static dev.stowaway.core.policy.PolicyTest.LOG4J;
import static dev.stowaway.core.policy.PolicyTest.ROOT;
import static dev.stowaway.core.policy.PolicyTest.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.vuln.AdvisorySource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyGateTest {

  @Test
  void failsWithViolationsNamingLog4jThenPassesWithAnException(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("stowaway.toml");
    Files.writeString(file, "[gate]\nfail-on = \"critical\"\n");
    PolicyGate.GateResult failing = PolicyGate.check(Policy.load(file), result(LOG4J, ROOT), at("2026-06-01"));
    assertThat(failing.exitCode()).isEqualTo(1);
    assertThat(failing.exitCode(0)).isZero();
    assertThat(failing.exitCode(null)).isEqualTo(1);
    assertThat(failing.violations()).singleElement().satisfies(v -> assertThat(v.reason()).contains("log4j"));

    Files.writeString(file, "[gate]\nfail-on = \"critical\"\n\n[[exception]]\nid = \"CVE-2021-44228\"\n"
        + "reason = \"mitigated: JVM runs with -Dlog4j2.formatMsgNoLookups=true\"\nexpires = 2026-12-31\n");
    PolicyGate.GateResult passing = PolicyGate.check(Policy.load(file), result(LOG4J, ROOT), at("2026-06-01"));
    assertThat(passing.exitCode()).isZero();
    assertThat(passing.exitCode(7)).isZero();
    assertThat(passing.violations()).isEmpty();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    dev.stowaway.core.report.Reporters.forFormat("json").write(passing.result(), out);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"suppressed\" : true")
        .contains("\"reason\" : \"mitigated: JVM runs with -Dlog4j2.formatMsgNoLookups=true\"");
  }

  @Test
  void vexIsAppliedBeforeTheGate() {
    VexDocument vex = new VexDocument("v", List.of(new VexStatement("CVE-2021-44228", List.of(), List.of(),
        VexStatement.Status.NOT_AFFECTED, "vulnerable_code_not_present", null)));
    Policy p = Policy.parse("fail-on = \"critical\"\n");
    assertThat(PolicyGate.check(p, List.of(vex), result(LOG4J), at("2026-06-01")).exitCode()).isZero();
    assertThat(PolicyGate.check(p, result(LOG4J), at("2026-06-01")).exitCode()).isEqualTo(1);
  }

  @Test
  void staleAdvisoryDataFailsTheGateNamingTheEcosystem() {
    Policy p = Policy.parse("[gate]\nmax-db-age = \"24h\"\n");
    ScanResult r = ScanResults.builder().pkg("Debian:12", "bash", "5.2.15-2", "pkg:deb/debian/bash@5.2.15-2")
        .pkg("npm", "lodash", "4.17.15", "pkg:npm/lodash@4.17.15")
        .pkg("Maven", "g:a", "1.0", "pkg:maven/g/a@1.0").build();
    java.time.Clock clock = at("2026-06-01");
    java.time.Instant now = clock.instant();
    List<AdvisorySource.EcosystemData> status = List.of(
        new AdvisorySource.EcosystemData("Debian", "mirror", now.minus(java.time.Duration.ofHours(50)), 10),
        new AdvisorySource.EcosystemData("npm", "mirror", now.minus(java.time.Duration.ofHours(2)), 10),
        new AdvisorySource.EcosystemData("PyPI", "mirror", now.minus(java.time.Duration.ofDays(30)), 10));
    PolicyGate.GateResult g = PolicyGate.check(p, List.of(), r, clock, status);
    assertThat(g.exitCode()).isEqualTo(1);
    assertThat(g.violations()).extracting(Violation::rule).containsOnly("gate.max-advisory-age");
    assertThat(g.violations()).extracting(Violation::reason).containsExactly(
        "vulnerability data for Debian is 50h old (imported 2026-05-30T10:00:00Z), more than the 24h the policy"
            + " allows; run 'stowaway db update'",
        "no vulnerability data for Maven (the policy allows data at most 24h old); run 'stowaway db update'");
    // PyPI is stale but nothing in the image is from PyPI; without a database status nothing is checked
    assertThat(PolicyGate.check(p, List.of(), r, clock, null).exitCode()).isZero();
    assertThat(PolicyGate.check(Policy.permissive(), List.of(), r, clock, List.of()).exitCode()).isZero();
  }

  @Test
  void permissivePolicyAlwaysPasses() {
    assertThat(PolicyGate.check(Policy.permissive(), result(LOG4J, ROOT), at("2026-06-01")).exitCode()).isZero();
  }
}
