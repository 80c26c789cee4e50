package dev.stowaway.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.model.Severity;
import dev.stowaway.api.report.ScanResult;
import org.junit.jupiter.api.Test;

/** The in-process policy test a team would write, using the builder instead of an image. */
class ScanResultsTest {
  @Test
  void teamPolicyFailsOnAFixableHighAndPassesUnfixedOnes() {
    Policy policy = Policy.parse("""
        [vulnerability]
        fail-on = "high"
        ignore-unfixed = true
        [license]
        deny = ["AGPL-*"]
        [image]
        required-labels = ["team"]
        """);
    ScanResult ok = ScanResults.builder().os("debian", "12").label("team", "payments")
        .pkg("Debian:12", "zlib1g", "1.2.13", "pkg:deb/debian/zlib1g@1.2.13", "Zlib")
        .vulnerability("CVE-2023-0001", Severity.HIGH, "pkg:deb/debian/zlib1g@1.2.13", null).build();
    assertThat(policy.evaluate(ok).passed()).isTrue();
    ScanResult bad = ScanResults.builder().pkg("npm", "x", "1", "pkg:npm/x@1", "AGPL-3.0")
        .vulnerability("CVE-2023-0002", Severity.CRITICAL, "pkg:npm/x@1", "2").build();
    assertThat(policy.evaluate(bad).violations()).extracting(Violation::rule)
        .containsExactly("vulnerability.fail-on", "license.deny", "image.required-labels");
    assertThat(ok.os().id()).isEqualTo("debian");
  }
}
