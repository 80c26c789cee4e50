package dev.stowaway.core.policy;

import java.util.Objects;

/**
 * One rule a policy checks: a key of the policy file, and for keys that hold a list, one entry of it
 * (each banned pattern, each required label is a rule of its own). Reports that list rules (JUnit: one
 * test case per rule) pair them with {@link Violation}s by key and subject. Immutable.
 *
 * @param key the policy key, such as {@code gate.fail-on}, {@code gate.max-count.high},
 *     {@code packages.banned} or {@code exception}; never null
 * @param subject the list entry (pattern, label, or for exceptions {@code stowaway.toml:LINE}), or null for
 *     single-valued keys
 * @param description what the rule requires, for people; never null
 */
public record PolicyRule(String key, String subject, String description) {
  /** Requires key and description. */
  public PolicyRule {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(description, "description");
  }

  /**
   * Tells whether a violation belongs to this rule.
   *
   * @param v the violation; not null
   * @return true when key and subject are the same
   */
  public boolean covers(Violation v) {
    return key.equals(v.rule()) && Objects.equals(subject, v.subject());
  }
}
