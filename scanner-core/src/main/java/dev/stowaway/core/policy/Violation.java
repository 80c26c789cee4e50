package dev.stowaway.core.policy;

import dev.stowaway.api.model.Finding;
import java.util.Objects;

/**
 * One reason a policy failed.
 *
 * @param rule the policy key that failed, such as {@code vulnerability.fail-on} or {@code packages.banned}
 * @param reason a sentence for humans naming what failed (id, package, path)
 * @param finding the finding that failed the rule, or null for rules about packages, labels or counts
 * @param subject for keys that hold a list, the entry that failed (the purl or licence pattern, the
 *     label), as in {@link PolicyRule#subject()}; null for single-valued keys
 */
public record Violation(String rule, String reason, Finding finding, String subject) {
  /** Requires rule and reason. */
  public Violation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates a violation of a single-valued key.
   *
   * @param rule the policy key; not null
   * @param reason the sentence for humans; not null
   * @param finding the finding, or null
   */
  public Violation(String rule, String reason, Finding finding) {
    this(rule, reason, finding, null);
  }
}
