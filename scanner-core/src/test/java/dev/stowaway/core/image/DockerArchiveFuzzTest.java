package dev.stowaway.core.image;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageSource;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the DockerArchive source: the outer tar (TarArchive), its index/manifest/config JSON and the layer list. */
class DockerArchiveFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    Path f = Files.createTempFile("fuzz", ".tar");
    try {
      Files.write(f, data);
      try (Image image = source().open(f.toString(), SourceOptions.defaults())) {
        image.config();
        for (Layer l : image.layers()) {
          try (InputStream in = l.openBlob()) {
            in.readNBytes(4096);
          }
        }
      }
    } finally {
      Files.delete(f);
    }
  }

  /** The source under test; {@link OciArchiveFuzzTest} swaps it. */
  ImageSource source() {
    return new DockerArchiveImageSource();
  }

  @Override
  protected Stream<Path> seeds() {
    return ImageArchiveSeeds.write(getClass().getSimpleName());
  }
}
