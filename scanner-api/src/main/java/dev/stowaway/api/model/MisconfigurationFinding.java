package dev.stowaway.api.model;

import java.util.Objects;

/**
 * A misconfiguration: of the image (root user, setuid file), of a Dockerfile or a Kubernetes manifest,
 * or a failed benchmark control.
 *
 * @param id the stable rule id; never null
 * @param severity the severity; never null
 * @param title a one-line title; never null
 * @param remediation what to change, or null
 * @param benchmark the benchmark control this maps to, such as {@code CIS-DI-0001}, or null
 * @param location where; may be null for image-wide findings
 * @param line the 1-based line, or 0
 */
public record MisconfigurationFinding(
    String id, Severity severity, String title, String remediation, String benchmark, Location location, int line)
    implements Finding {
  /** Requires id, severity and title. */
  public MisconfigurationFinding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
  }

  @Override
  public String kind() {
    return "misconfiguration";
  }

  // equals and hashCode are written out: the record's generated ones bootstrap through method handles on
  // first use, spinning classes at run time (JDK 17 class-data sharing keeps none of them), a few
  // milliseconds per record type in every scan's start-up. RecordMethodsTest checks every component counts.
  @Override
  public boolean equals(Object o) {
    return o instanceof MisconfigurationFinding m && line == m.line && id.equals(m.id) && severity == m.severity
        && title.equals(m.title) && Objects.equals(remediation, m.remediation)
        && Objects.equals(benchmark, m.benchmark) && Objects.equals(location, m.location);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, severity, title, remediation, benchmark, location, line);
  }
}
