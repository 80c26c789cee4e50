package dev.stowaway.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.ScanResult;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * How a team unit-tests its own rules in-process, in milliseconds: a {@link ScanResult} is plain data,
 * so a rule is a function of it, and a test builds the result it wants to judge by hand.
 */
class PolicyAsUnitTestExample {

  /** Our (example) rule: no secret may ship in an image, not even one deleted by a later layer. */
  static final Predicate<ScanResult> NO_SECRETS_EVEN_DELETED =
      r -> r.findings().stream().noneMatch(f -> f instanceof SecretFinding);

  /** Our (example) rule: nothing HIGH or worse that is still in the final filesystem. */
  static final Predicate<ScanResult> NOTHING_HIGH_VISIBLE =
      r -> r.findings().stream().noneMatch(f -> !f.removed() && f.severity().atLeast(Severity.HIGH));

  static ScanResult resultWith(Finding... findings) {
    return new ScanResult(new ArtifactInfo("test", null, null, null, List.of()), null, List.of(),
        List.of(findings), List.of(), List.of(), Instant.EPOCH);
  }

  @Test
  void deletedSecretStillFailsTheSecretRuleButNotTheVisibilityRule() {
    Location creds = new Location(new dev.stowaway.api.model.LayerRef(2, Digest.sha256Of("l2")),
        "root/.aws/credentials", null);
    ScanResult r = resultWith(new SecretFinding("aws-access-key-id", Severity.CRITICAL, "AWS key", creds, 2,
        "AKIA****", "fp", 3));
    assertThat(NO_SECRETS_EVEN_DELETED.test(r)).isFalse();
    assertThat(NOTHING_HIGH_VISIBLE.test(r)).isTrue();
  }

  @Test
  void mediumMisconfigurationPassesBoth() {
    ScanResult r = resultWith(new MisconfigurationFinding("EX-ENV-001", Severity.MEDIUM, ".env shipped", null, null,
        new Location(null, "app/.env", null), 0));
    assertThat(NO_SECRETS_EVEN_DELETED.test(r)).isTrue();
    assertThat(NOTHING_HIGH_VISIBLE.test(r)).isTrue();
  }
}
