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
}
