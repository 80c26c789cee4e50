package dev.stowaway.api.model;

import java.util.Objects;

/**
 * A secret (key, token, password) in a file of a layer, in the image config or in its history.
 *
 * @param id the rule id, such as {@code aws-access-key-id}; never null
 * @param severity the severity; never null
 * @param title a one-line description; never null
 * @param location where it is; never null
 * @param line the 1-based line, or 0
 * @param redacted the match with its secret part masked, safe to print; never null
 * @param fingerprint a stable hash identifying this secret at this place, for exceptions; never null
 * @param removedIn the index of the layer that deletes or replaces the file, or null when it is still
 *     in the final filesystem
 * @param column the 1-based column (in bytes from the start of the line) where the match starts, or 0
 *     when unknown. Added after schema 1 as an additive component
 * @param entropy the Shannon entropy of the secret in bits per character, or 0 when unknown (it is never
 *     negative). Added after schema 1 as an additive component
 */
public record SecretFinding(
    String id, Severity severity, String title, Location location, int line, String redacted, String fingerprint,
    Integer removedIn, int column, double entropy) implements Finding {
  /** Requires every part but {@code removedIn}; a negative column or entropy becomes 0 (unknown). */
  public SecretFinding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(redacted, "redacted");
    Objects.requireNonNull(fingerprint, "fingerprint");
    column = Math.max(0, column);
    entropy = entropy > 0 ? entropy : 0;
  }

  /**
   * Creates a finding without column and entropy (the original constructor; both are 0, unknown).
   *
   * @param id the rule id; never null
   * @param severity the severity; never null
   * @param title a one-line description; never null
   * @param location where it is; never null
   * @param line the 1-based line, or 0
   * @param redacted the masked match; never null
   * @param fingerprint the stable hash; never null
   * @param removedIn the deleting layer's index, or null
   */
  public SecretFinding(String id, Severity severity, String title, Location location, int line, String redacted,
      String fingerprint, Integer removedIn) {
    this(id, severity, title, location, line, redacted, fingerprint, removedIn, 0, 0);
  }

  @Override
  public String kind() {
    return "secret";
  }

  @Override
  public boolean removed() {
    return removedIn != null;
  }

  /**
   * Returns a copy marked as deleted by a later layer.
   *
   * @param layerIndex the deleting layer
   * @return the copy
   */
  public SecretFinding removedBy(int layerIndex) {
    return new SecretFinding(id, severity, title, location, line, redacted, fingerprint, layerIndex, column, entropy);
  }
}
