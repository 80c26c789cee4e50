package dev.stowaway.core.match;

import java.util.Objects;

/**
 * Why one record did or did not match one package ({@link VulnerabilityMatcher#explain}).
 *
 * @param advisoryId the record id; never null
 * @param ecosystem the ecosystem of the record's entry; never null
 * @param packageName the name looked up; never null
 * @param version the version evaluated; never null
 * @param scheme the version scheme used, or null if none is known for the ecosystem
 * @param verdict {@code AFFECTED}, {@code NOT_AFFECTED}, {@code UNDECIDED} or {@code WITHDRAWN}; never null
 * @param reason the detail; never null
 */
public record MatchExplanation(
    String advisoryId, String ecosystem, String packageName, String version, String scheme, String verdict,
    String reason) {
  /** Requires the non-null parts. */
  public MatchExplanation {
    Objects.requireNonNull(advisoryId, "advisoryId");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(reason, "reason");
  }
}
