package dev.stowaway.core.policy;

import dev.stowaway.api.model.Finding;
import java.util.Objects;

/**
 * One reason a policy failed.
 *
 * @param rule the policy key that failed, such as {@code vulnerability.fail-on} or {@code packages.banned}
 * @param reason a sentence for humans naming what failed (id, package, path)
 * @param finding the finding that failed the rule, or null for rules about packages, labels or counts
 */
public record Violation(String rule, String reason, Finding finding) {
  /** Requires rule and reason. */
  public Violation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(reason, "reason");
  }
}
