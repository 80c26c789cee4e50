package dev.stowaway.api.model;

import java.util.Objects;

/**
 * A package carries a licence that needs attention.
 *
 * @param id the licence id, such as {@code GPL-3.0-only}; never null
 * @param severity the severity; never null
 * @param title a one-line title; never null
 * @param purl the package's purl, or null
 * @param location where the package was found; may be null
 */
public record LicenseFinding(String id, Severity severity, String title, String purl, Location location)
    implements Finding {
  /** Requires id, severity and title. */
  public LicenseFinding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
  }

  @Override
  public String kind() {
    return "license";
  }
}
