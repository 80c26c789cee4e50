package dev.stowaway.api.report;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.ImageConfig;
import java.util.List;
import java.util.Objects;

/**
 * What was scanned.
 *
 * @param name the image name; never null
 * @param manifestDigest the manifest digest, or null
 * @param configDigest the config digest, or null when the scan was not of an image
 * @param config the image config, or null when the scan was not of an image
 * @param layers the layers, base first
 */
public record ArtifactInfo(String name, Digest manifestDigest, Digest configDigest, ImageConfig config,
    List<LayerInfo> layers) {
  /** Requires a name; copies the layers. */
  public ArtifactInfo {
    Objects.requireNonNull(name, "name");
    layers = List.copyOf(layers);
  }
}
