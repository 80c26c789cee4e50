package dev.stowaway.api.model;

/**
 * A problem worth reporting. The family is sealed so reporters and policies can switch over it
 * exhaustively; each kind adds its own facts.
 */
public sealed interface Finding
    permits VulnerabilityFinding, SecretFinding, MisconfigurationFinding, LicenseFinding, PolicyViolation {

  /**
   * Returns the kind as written in reports: {@code vulnerability}, {@code secret},
   * {@code misconfiguration}, {@code license} or {@code policy}.
   *
   * @return the kind; never null
   */
  String kind();

  /**
   * Returns the stable id: an advisory id, a rule id.
   *
   * @return the id; never null
   */
  String id();

  /**
   * Returns the severity.
   *
   * @return the severity; never null
   */
  Severity severity();

  /**
   * Returns a one-line title.
   *
   * @return the title; never null
   */
  String title();

  /**
   * Returns where it was found, or null for findings about the image as a whole.
   *
   * @return the location, or null
   */
  Location location();

  /**
   * Returns the 1-based line in the file, or 0 when not applicable.
   *
   * @return the line
   */
  default int line() {
    return 0;
  }

  /**
   * Returns the purl of the package concerned, or null.
   *
   * @return the purl, or null
   */
  default String purl() {
    return null;
  }

  /**
   * Returns true if the file holding this finding is deleted or replaced in a later layer (the bytes
   * are still in the image).
   *
   * @return whether the finding's file is gone from the final filesystem
   */
  default boolean removed() {
    return false;
  }
}
