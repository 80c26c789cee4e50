package dev.stowaway.api.model;

import dev.stowaway.api.image.Digest;
import java.util.Objects;

/**
 * Names one layer of the scanned image.
 *
 * @param index the layer's position, 0 for the base layer
 * @param diffId the layer's diffID; never null
 */
public record LayerRef(int index, Digest diffId) {
  /** Requires a non-negative index and a diffID. */
  public LayerRef {
    Objects.requireNonNull(diffId, "diffId");
    if (index < 0) {
      throw new IllegalArgumentException("negative layer index");
    }
  }
}
