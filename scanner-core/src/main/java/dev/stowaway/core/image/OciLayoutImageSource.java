package dev.stowaway.core.image;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.ImageSource;
import dev.stowaway.api.image.SourceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens an image from an OCI image layout directory. Scheme {@code oci}; locator {@code DIR},
 * {@code DIR:TAG} (matched against the {@code org.opencontainers.image.ref.name} annotation) or
 * {@code DIR@sha256:…}. Indexes (also nested ones) pick the platform from {@link SourceOptions}.
 *
 * <p>Stateless and thread-safe.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI image layout</a>
 */
public final class OciLayoutImageSource implements ImageSource {

  /** Creates the source (used by {@link java.util.ServiceLoader}). */
  public OciLayoutImageSource() {}

  @Override
  public String scheme() {
    return "oci";
  }

  @Override
  public boolean recognizes(String locator) {
    try {
      Path p = Path.of(locator);
      return Files.isDirectory(p) && Files.isRegularFile(p.resolve("oci-layout"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public Image open(String locator, SourceOptions options) throws IOException {
    Locator l = Locator.withTag(locator);
    Inputs.requireExists(l.path());
    if (!Files.isDirectory(l.path())) {
      throw new ImageFormatException(l.path() + ": not a directory; an OCI layout is a directory with oci-layout"
          + " (use oci-archive: for a tar)");
    }
    if (!Files.isRegularFile(l.path().resolve("oci-layout"))) {
      throw new ImageFormatException(l.path() + ": not a container image: directory has no oci-layout file");
    }
    DirectoryBlobStore store = new DirectoryBlobStore(l.path());
    return new OciLayoutReader(store, options).read("oci:" + locator, l.tag(), l.digest(), store);
  }
}
