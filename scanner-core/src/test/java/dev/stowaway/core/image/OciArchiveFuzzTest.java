package dev.stowaway.core.image;

import dev.stowaway.api.image.ImageSource;

/** Fuzzes the OCI archive source: the outer tar, oci-layout, index.json, manifests, config, layer list. */
class OciArchiveFuzzTest extends DockerArchiveFuzzTest {
  @Override
  ImageSource source() {
    return new OciArchiveImageSource();
  }
}
