package dev.stowaway.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.ImageSource;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.DockerArchiveStyle;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.image.registry.RegistryImageSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ImageSourcesTest {

  @TempDir Path tmp;

  @Test
  void sourcesAreRegisteredWithServiceLoader() {
    assertThat(ServiceLoader.load(ImageSource.class).stream().map(p -> p.type().getName()))
        .containsExactlyInAnyOrder(DockerArchiveImageSource.class.getName(), OciArchiveImageSource.class.getName(),
            OciLayoutImageSource.class.getName(), RegistryImageSource.class.getName(),
            RootfsImageSource.class.getName());
    assertThat(ImageSources.sources(getClass().getClassLoader())).extracting(ImageSource::scheme)
        .containsExactly("docker-archive", "oci", "oci-archive", "registry", "rootfs");
  }

  @Test
  void recognizesOnlyItsOwnKind() throws Exception {
    BuiltImage built = TestImages.sample(Compression.GZIP);
    Path layout = tmp.resolve("layout");
    Path ociTar = tmp.resolve("o.tar");
    Path dockerTar = tmp.resolve("d.tar");
    Path docker25 = tmp.resolve("d25.tar");
    ImageWriters.writeOciLayout(built, layout, null);
    ImageWriters.writeOciArchive(built, ociTar, null);
    ImageWriters.writeDockerArchive(built, dockerTar, null, DockerArchiveStyle.CLASSIC_MANIFEST_LAST);
    ImageWriters.writeDockerArchive(built, docker25, null, DockerArchiveStyle.OCI_INSIDE);
    Path text = Files.writeString(tmp.resolve("t.txt"), "hello");
    ImageSource oci = new OciLayoutImageSource();
    ImageSource ociArchive = new OciArchiveImageSource();
    ImageSource docker = new DockerArchiveImageSource();
    assertThat(oci.recognizes(layout.toString())).isTrue();
    assertThat(ociArchive.recognizes(layout.toString())).isFalse();
    assertThat(docker.recognizes(layout.toString())).isFalse();
    assertThat(oci.recognizes(ociTar.toString())).isFalse();
    assertThat(ociArchive.recognizes(ociTar.toString())).isTrue();
    assertThat(docker.recognizes(ociTar.toString())).isFalse();
    assertThat(docker.recognizes(dockerTar.toString())).isTrue();
    assertThat(docker.recognizes(docker25.toString())).isTrue();
    assertThat(ociArchive.recognizes(docker25.toString())).isFalse();
    for (ImageSource s : new ImageSource[] {oci, ociArchive, docker}) {
      assertThat(s.recognizes(text.toString())).isFalse();
      assertThat(s.recognizes(tmp.resolve("missing").toString())).isFalse();
      assertThat(s.recognizes("\0bad")).isFalse();
    }
  }

  @Test
  void barePathWithTagIsDetectedFromItsPathPart() throws Exception {
    BuiltImage built = TestImages.sample(Compression.GZIP);
    Path layout = tmp.resolve("layout");
    ImageWriters.writeOciLayout(built, layout, "v2");
    try (Image img = ImageSources.open(layout + ":v2", SourceOptions.defaults())) {
      assertThat(img.name()).isEqualTo("oci:" + layout + ":v2");
      assertThat(img.configDigest()).isEqualTo(built.configDigest());
    }
    Path docker = tmp.resolve("d.tar");
    ImageWriters.writeDockerArchive(built, docker, "repo/app:v2", DockerArchiveStyle.CLASSIC);
    try (Image img = ImageSources.open(docker + ":repo/app:v2", SourceOptions.defaults())) {
      assertThat(img.name()).isEqualTo("docker-archive:" + docker + ":repo/app:v2");
    }
  }

  @Test
  void aWholePathWithColonsWinsOverSchemeParsing() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("oci:weird"));
    Path tar = dir.resolve("img.tar");
    ImageWriters.writeDockerArchive(TestImages.sample(Compression.NONE), tar, null, DockerArchiveStyle.CLASSIC);
    try (Image img = ImageSources.open(tar.toString(), SourceOptions.defaults())) {
      assertThat(img.name()).isEqualTo("docker-archive:" + tar);
    }
  }

  @Test
  void directoryThatIsNoImage() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("plain"));
    assertThatThrownBy(() -> ImageSources.open(dir.toString(), SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage(dir + ": not a container image: directory has no oci-layout file");
  }
}
