package dev.stowaway.api.analysis;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.LayerRef;
import java.util.Objects;

/**
 * Which layer of which image is being analyzed.
 *
 * @param index the layer's position, 0 for the base layer
 * @param diffId the layer's diffID; never null
 * @param createdBy the history command that made the layer, or null
 */
public record LayerCoordinates(int index, Digest diffId, String createdBy) {
  /** Requires a diffID. */
  public LayerCoordinates {
    Objects.requireNonNull(diffId, "diffId");
  }

  /**
   * Returns the layer reference used in locations.
   *
   * @return the reference
   */
  public LayerRef ref() {
    return new LayerRef(index, diffId);
  }
}
