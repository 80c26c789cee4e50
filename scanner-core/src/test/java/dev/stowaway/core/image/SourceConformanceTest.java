package dev.stowaway.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.DockerArchiveStyle;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.testing.ImageConformance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The same built image, written in every format, opens to the same config, diffIDs and layers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SourceConformanceTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Compression.class)
  void everyFormatOpensToTheSameImage(Compression c) throws Exception {
    BuiltImage built = TestImages.sample(c);
    ImageWriters.writeOciLayout(built, tmp.resolve("layout"), "latest");
    ImageWriters.writeOciArchive(built, tmp.resolve("img.oci.tar"), "latest");
    List<String> specs = new ArrayList<>(List.of("oci:" + tmp.resolve("layout") + ":latest",
        "oci-archive:" + tmp.resolve("img.oci.tar"), tmp.resolve("layout").toString(),
        tmp.resolve("img.oci.tar").toString()));
    for (DockerArchiveStyle style : DockerArchiveStyle.values()) {
      Path tar = tmp.resolve("img-" + style + ".docker.tar");
      ImageWriters.writeDockerArchive(built, tar, "app:latest", style);
      specs.add("docker-archive:" + tar);
      specs.add(tar.toString());
    }
    ImageConformance.Result expected = ImageConformance.verify(built);
    for (String spec : specs) {
      try (Image img = ImageSources.open(spec, SourceOptions.defaults())) {
        assertThat(img.configDigest()).as(spec).isEqualTo(built.configDigest());
        assertThat(img.config()).as(spec).isEqualTo(built.config());
        assertThat(img.layers()).as(spec).hasSize(3);
        assertThat(img.layers()).extracting(l -> l.diffId()).as(spec)
            .containsExactlyElementsOf(built.config().diffIds());
        assertThat(img.layers()).extracting(l -> l.digest()).as(spec)
            .containsExactlyElementsOf(built.layers().stream().map(l -> l.digest()).toList());
        assertThat(ImageConformance.verify(img)).as(spec).isEqualTo(expected);
      }
    }
  }
}
