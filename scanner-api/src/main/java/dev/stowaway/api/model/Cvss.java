package dev.stowaway.api.model;

import java.util.Objects;

/**
 * The CVSS score a vulnerability finding's severity was rated by: the vector from the advisory and its
 * base score as the FIRST specification of that version computes it. Immutable and thread-safe.
 *
 * @param version the CVSS version: {@code 2.0}, {@code 3.0}, {@code 3.1} or {@code 4.0}; never null
 * @param vector the vector as the advisory writes it, such as {@code CVSS:3.1/AV:N/AC:L/...}; never null
 * @param baseScore the score, 0.0 to 10.0 with one decimal (for v4.0: the score of the vector as written,
 *     threat and environmental metrics included when the advisory gives them)
 * @param source the id of the advisory record the vector came from, such as {@code GHSA-jfh8-c2jp-5v3q};
 *     may be null when unknown
 */
public record Cvss(String version, String vector, double baseScore, String source) {
  /** Requires version and vector and a score from 0 to 10. */
  public Cvss {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(vector, "vector");
    if (!(baseScore >= 0 && baseScore <= 10)) {
      throw new IllegalArgumentException("CVSS base score out of range: " + baseScore);
    }
  }

  // equals and hashCode are written out: the record's generated ones bootstrap through method handles on
  // first use, spinning classes at run time (JDK 17 class-data sharing keeps none of them), a few
  // milliseconds per record type in every scan's start-up. RecordMethodsTest checks every component counts.
  @Override
  public boolean equals(Object o) {
    return o instanceof Cvss c && version.equals(c.version) && vector.equals(c.vector)
        && Double.compare(baseScore, c.baseScore) == 0 && Objects.equals(source, c.source);
  }

  @Override
  public int hashCode() {
    return ((31 * version.hashCode() + vector.hashCode()) * 31 + Double.hashCode(baseScore)) * 31
        + Objects.hashCode(source);
  }
}
