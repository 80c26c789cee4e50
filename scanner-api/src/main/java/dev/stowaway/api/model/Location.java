package dev.stowaway.api.model;

import java.util.Objects;

/**
 * Where something was found: a layer, a normalised path in it, and optionally a path inside a nested
 * archive at that path ({@code BOOT-INF/lib/x.jar!META-INF/maven/g/a/pom.properties}).
 *
 * @param layer the layer, or null for things not found in a layer (the image config, a Dockerfile)
 * @param path the normalised path (or {@code config}/{@code history} for image-config findings); never null
 * @param nestedPath the path inside nested archives, {@code !}-separated, or null
 */
public record Location(LayerRef layer, String path, String nestedPath) {
  /** Requires a path. */
  public Location {
    Objects.requireNonNull(path, "path");
  }

  /**
   * Returns a copy in another layer.
   *
   * @param other the layer, or null
   * @return the new location
   */
  public Location withLayer(LayerRef other) {
    return new Location(other, path, nestedPath);
  }

  // equals and hashCode are written out: the record's generated ones bootstrap through method handles on
  // first use, spinning classes at run time (JDK 17 class-data sharing keeps none of them), a few
  // milliseconds per record type in every scan's start-up. RecordMethodsTest checks every component counts.
  @Override
  public boolean equals(Object o) {
    return o instanceof Location l && path.equals(l.path) && Objects.equals(layer, l.layer)
        && Objects.equals(nestedPath, l.nestedPath);
  }

  @Override
  public int hashCode() {
    return (31 * Objects.hashCode(layer) + path.hashCode()) * 31 + Objects.hashCode(nestedPath);
  }
}
