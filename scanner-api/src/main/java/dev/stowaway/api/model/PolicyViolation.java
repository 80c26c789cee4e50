package dev.stowaway.api.model;

import java.util.Objects;

/**
 * A rule of an organisation's policy that the image breaks (a banned base image, a missing label).
 *
 * @param id the policy rule id; never null
 * @param severity the severity; never null
 * @param title a one-line title; never null
 * @param location where, or null for image-wide violations
 */
public record PolicyViolation(String id, Severity severity, String title, Location location) implements Finding {
  /** Requires id, severity and title. */
  public PolicyViolation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
  }

  @Override
  public String kind() {
    return "policy";
  }
}
