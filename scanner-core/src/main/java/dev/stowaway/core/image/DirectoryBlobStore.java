package dev.stowaway.core.image;

import dev.stowaway.api.image.ImageFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Files of a directory (an OCI image layout); paths may not leave it. */
final class DirectoryBlobStore implements BlobStore {

  private final Path root;

  DirectoryBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  private Path resolve(String path) throws ImageFormatException {
    Path p = root.resolve(path).normalize();
    if (!p.startsWith(root) || path.startsWith("/")) {
      throw new ImageFormatException(root + ": path leaves the layout: " + path);
    }
    return p;
  }

  @Override
  public String describe(String path) {
    return root.resolve(path).toString();
  }

  @Override
  public long size(String path) throws IOException {
    Path p = resolve(path);
    return Files.isRegularFile(p) ? Files.size(p) : -1;
  }

  @Override
  public InputStream open(String path) throws IOException {
    Path p = resolve(path);
    if (!Files.isRegularFile(p, new LinkOption[0])) {
      throw new ImageFormatException(describe(path) + ": missing");
    }
    try {
      return Files.newInputStream(p);
    } catch (NoSuchFileException e) {
      throw new ImageFormatException(describe(path) + ": missing", e);
    }
  }

  @Override
  public void close() {}
}
