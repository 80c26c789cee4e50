package dev.stowaway.core.image.build;

/** The layouts of {@code docker save} output that {@link ImageWriters#writeDockerArchive} can produce. */
public enum DockerArchiveStyle {
  /** {@code manifest.json} first, config {@code <hex>.json}, layers as {@code <id>/layer.tar}. */
  CLASSIC,
  /** Like {@link #CLASSIC} but {@code manifest.json} is the last entry, as real {@code docker save} writes it. */
  CLASSIC_MANIFEST_LAST,
  /** skopeo's form: top-level {@code <hex>.tar} layers and {@code <id>/layer.tar} symlinks to them. */
  SKOPEO_SYMLINKS,
  /** Docker 25+: an OCI layout ({@code oci-layout}, {@code index.json}, {@code blobs/}) plus {@code manifest.json}. */
  OCI_INSIDE
}
