package dev.stowaway.core.image;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.ImageSource;
import dev.stowaway.api.image.SourceOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens an image from an OCI archive: a tar of an OCI image layout, read in place (never
 * extracted; a gzip-compressed tar is decompressed to a temporary file). Scheme
 * {@code oci-archive}; locator {@code PATH}, {@code PATH:TAG} or {@code PATH@sha256:…}.
 *
 * <p>Stateless and thread-safe.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI image layout</a>
 */
public final class OciArchiveImageSource implements ImageSource {

  /** Creates the source (used by {@link java.util.ServiceLoader}). */
  public OciArchiveImageSource() {}

  @Override
  public String scheme() {
    return "oci-archive";
  }

  @Override
  public boolean recognizes(String locator) {
    try {
      Set<String> names = TarArchive.names(Path.of(locator));
      return names.contains("oci-layout") && !names.contains("manifest.json");
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public Image open(String locator, SourceOptions options) throws IOException {
    Locator l = Locator.withTag(locator);
    TarArchive tar = TarArchive.open(l.path());
    try {
      if (!tar.fileNames().contains("oci-layout")) {
        throw new ImageFormatException(l.path() + ": not an OCI archive: no oci-layout entry"
            + (tar.fileNames().contains("manifest.json") ? " (it has manifest.json: use docker-archive:)" : ""));
      }
      return new OciLayoutReader(tar, options).read("oci-archive:" + locator, l.tag(), l.digest(), tar);
    } catch (IOException | RuntimeException e) {
      tar.close();
      throw e;
    }
  }
}
