package dev.stowaway.core.policy;

import java.util.List;

/**
 * The outcome of {@link Policy#evaluate}: pass when there is no violation. Immutable.
 *
 * @param violations the violations in a stable order; empty when the policy passes
 */
public record PolicyDecision(List<Violation> violations) {
  /** Copies the list. */
  public PolicyDecision {
    violations = List.copyOf(violations);
  }

  /**
   * Tells whether the policy passed.
   *
   * @return true when there are no violations
   */
  public boolean passed() {
    return violations.isEmpty();
  }
}
