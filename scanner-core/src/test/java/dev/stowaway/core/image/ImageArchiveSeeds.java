package dev.stowaway.core.image;

import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.DockerArchiveStyle;
import dev.stowaway.core.image.build.ImageBuilder;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.testing.GeneratedSeeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Small image archives (every docker-archive style and an OCI archive) as fuzz seeds. */
final class ImageArchiveSeeds {
  private ImageArchiveSeeds() {}

  static BuiltImage image() {
    return ImageBuilder.create().layer(LayerBuilder.create().file("etc/os-release", "ID=alpine\n"), "ADD a")
        .layer(LayerBuilder.create().whiteout("etc/os-release"), "RUN rm").build();
  }

  static Stream<Path> write(String name) {
    try {
      Path tmp = Files.createTempDirectory("seeds");
      Map<String, byte[]> s = new LinkedHashMap<>();
      for (DockerArchiveStyle style : DockerArchiveStyle.values()) {
        Path f = tmp.resolve(style + ".tar");
        ImageWriters.writeDockerArchive(image(), f, "fuzz:1", style);
        s.put("docker-" + style + ".tar", Files.readAllBytes(f));
      }
      Path oci = tmp.resolve("oci.tar");
      ImageWriters.writeOciArchive(image(), oci, "1");
      s.put("oci.tar", Files.readAllBytes(oci));
      try (Stream<Path> files = Files.list(tmp)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(tmp);
      return GeneratedSeeds.write(name, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
