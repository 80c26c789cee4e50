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

  // equals and hashCode are written out: the record's generated ones bootstrap through method handles on
  // first use, spinning classes at run time (JDK 17 class-data sharing keeps none of them), a few
  // milliseconds per record type in every scan's start-up. RecordMethodsTest checks every component counts.
  @Override
  public boolean equals(Object o) {
    return o instanceof LayerRef r && index == r.index && diffId.equals(r.diffId);
  }

  @Override
  public int hashCode() {
    return 31 * index + diffId.hashCode();
  }
}
