package dev.stowaway.core.policy;

import static dev.stowaway.core.policy.PolicyTest.KEY_A;
import static dev.stowaway.core.policy.PolicyTest.KEY_B;
import static dev.stowaway.core.policy.PolicyTest.LOG4J;
import static dev.stowaway.core.policy.PolicyTest.ROOT;
import static dev.stowaway.core.policy.PolicyTest.UNFIXED;
import static dev.stowaway.core.policy.PolicyTest.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExceptionRuleTest {
  static Clock at(String day) {
    return Clock.fixed(Instant.parse(day + "T12:00:00Z"), ZoneOffset.UTC);
  }

  private static final Policy LOG4J_UNTIL_2026 = Policy.parse("""
      [gate]
      fail-on = "critical"

      [[exception]]
      id = "CVE-2021-44228"
      reason = "mitigated: JVM runs with -Dlog4j2.formatMsgNoLookups=true"
      expires = 2026-12-31
      """);

  @Test
  void anExpiringExceptionHidesBeforeItsDateAndNotAfter() {
    ScanResult before = LOG4J_UNTIL_2026.applyExceptions(result(LOG4J), at("2026-12-31"));
    assertThat(before.isSuppressed(LOG4J)).isTrue();
    assertThat(before.suppression(LOG4J)).isEqualTo(new Suppression(Suppression.Kind.EXCEPTION,
        "mitigated: JVM runs with -Dlog4j2.formatMsgNoLookups=true", LocalDate.parse("2026-12-31"),
        "stowaway.toml:4", true));
    assertThat(LOG4J_UNTIL_2026.evaluate(before).passed()).isTrue();

    ScanResult after = LOG4J_UNTIL_2026.applyExceptions(result(LOG4J), at("2027-01-01"));
    assertThat(after.isSuppressed(LOG4J)).isFalse();
    assertThat(after.suppression(LOG4J).reason())
        .isEqualTo("exception expired on 2026-12-31: mitigated: JVM runs with -Dlog4j2.formatMsgNoLookups=true");
    assertThat(after.suppression(LOG4J).active()).isFalse();
    assertThat(LOG4J_UNTIL_2026.evaluate(after).violations()).extracting(Violation::finding).containsExactly(LOG4J);
  }

  @Test
  void expiredExceptionIsVisibleInTheJsonReport() throws IOException {
    ScanResult after = LOG4J_UNTIL_2026.applyExceptions(result(LOG4J), at("2027-01-01"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    dev.stowaway.core.report.Reporters.forFormat("json").write(after, out);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"suppressed\" : false")
        .contains("\"reason\" : \"exception expired on 2026-12-31: mitigated")
        .contains("\"active\" : false");
  }

  @Test
  void idAlsoMatchesAliases() {
    Policy p = Policy.parse("[[exception]]\nid = \"GHSA-jfh8-c2jp-5v3q\"\nreason = \"r\"\n");
    assertThat(p.applyExceptions(result(LOG4J, UNFIXED), at("2026-01-01")).suppressions()).containsOnlyKeys(LOG4J);
  }

  @Test
  void aFingerprintExceptionHidesOneSecretAndNotAnotherOfTheSameRule() {
    Policy p = Policy.parse("[[exception]]\nfingerprint = \"fp-a\"\nreason = \"test fixture key\"\n");
    ScanResult r = p.applyExceptions(result(KEY_A, KEY_B), at("2026-01-01"));
    assertThat(r.isSuppressed(KEY_A)).isTrue();
    assertThat(r.isSuppressed(KEY_B)).isFalse();
  }

  @Test
  void purlPathLayerAndKindCriteriaCombine() {
    assertThat(rule("purl = \"pkg:maven/org.apache.logging.log4j/log4j-core\"").matches(LOG4J)).isTrue();
    assertThat(rule("purl = \"pkg:deb/*\"").matches(LOG4J)).isFalse();
    assertThat(rule("path = \"/app/*.jar\"").matches(LOG4J)).isTrue();
    assertThat(rule("path = \"lib/log4j.jar\"").matches(LOG4J)).isTrue();
    assertThat(rule("path = \"root/*\"").matches(KEY_A)).isTrue();
    assertThat(rule("layer = 1").matches(LOG4J)).isTrue();
    assertThat(rule("layer = 0").matches(LOG4J)).isFalse();
    assertThat(rule("layer = 0").matches(ROOT)).isFalse();
    assertThat(rule("kind = \"secret\"\nlayer = 0").matches(KEY_A)).isTrue();
    assertThat(rule("kind = \"secret\"\nlayer = 0").matches(KEY_B)).isFalse();
    assertThat(rule("id = \"IMG-001\"\npath = \"config\"").matches(ROOT)).isTrue();
    assertThat(rule("fingerprint = \"fp-a\"").matches(LOG4J)).isFalse();
  }

  @Test
  void existingActiveSuppressionIsKept() {
    Suppression vex = new Suppression(Suppression.Kind.VEX, "not_affected", null, "vex", true);
    ScanResult r = result(LOG4J).withSuppressions(java.util.Map.of(LOG4J, vex));
    assertThat(LOG4J_UNTIL_2026.applyExceptions(r, at("2026-01-01")).suppression(LOG4J)).isEqualTo(vex);
  }

  private static ExceptionRule rule(String criteria) {
    return Policy.parse("[[exception]]\n" + criteria + "\nreason = \"r\"\n").exceptions().get(0);
  }
}
