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
}
