package dev.stowaway.core.match;

import dev.stowaway.api.model.Severity;
import java.util.Objects;

/**
 * A CVSS base score computed from a vector.
 *
 * @param version the CVSS version: {@code 2.0}, {@code 3.0}, {@code 3.1} or {@code 4.0}; never null
 * @param vector the vector as written in the record; never null
 * @param baseScore the base score, 0.0 to 10.0, one decimal
 * @param rating the specification's qualitative rating: {@code NONE}, {@code LOW}, {@code MEDIUM},
 *     {@code HIGH}, {@code CRITICAL} (v2 has no NONE or CRITICAL); never null
 */
public record CvssScore(String version, String vector, double baseScore, String rating) {
  /** Requires version, vector and rating. */
  public CvssScore {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(rating, "rating");
  }

  /**
   * Returns the rating as a finding severity; {@code NONE} (score 0.0) becomes {@link Severity#LOW}
   * since findings have no "none" level.
   *
   * @return the severity; never null
   */
  public Severity severity() {
    return rating.equals("NONE") ? Severity.LOW : Severity.valueOf(rating);
  }
}
