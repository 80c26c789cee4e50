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
 */
public record SecretFinding(
    String id, Severity severity, String title, Location location, int line, String redacted, String fingerprint,
    Integer removedIn) implements Finding {
  /** Requires every part but {@code removedIn}. */
  public SecretFinding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(redacted, "redacted");
    Objects.requireNonNull(fingerprint, "fingerprint");
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
    return new SecretFinding(id, severity, title, location, line, redacted, fingerprint, layerIndex);
  }
}
