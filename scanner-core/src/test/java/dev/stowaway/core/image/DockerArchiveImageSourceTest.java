package dev.stowaway.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.DockerArchiveStyle;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.testing.ImageConformance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DockerArchiveImageSourceTest {

  @TempDir Path tmp;
  private final DockerArchiveImageSource source = new DockerArchiveImageSource();

  static java.util.stream.Stream<Arguments> stylesAndCompressions() {
    java.util.List<Arguments> out = new java.util.ArrayList<>();
    for (DockerArchiveStyle s : DockerArchiveStyle.values()) {
      for (Compression c : Compression.values()) {
        out.add(Arguments.of(s, c));
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("stylesAndCompressions")
  void opensEveryStyle(DockerArchiveStyle style, Compression c) throws Exception {
    BuiltImage built = TestImages.sample(c);
    Path tar = tmp.resolve("img.tar");
    ImageWriters.writeDockerArchive(built, tar, "app:1.0", style);
    assertThat(source.recognizes(tar.toString())).isTrue();
    try (Image img = source.open(tar.toString(), SourceOptions.defaults())) {
      assertThat(img.name()).isEqualTo("docker-archive:" + tar);
      assertThat(img.manifestDigest()).isNull();
      assertThat(img.configDigest()).isEqualTo(built.configDigest());
      assertThat(img.config()).isEqualTo(built.config());
      // the blob digest is the sha256 of the layer file as stored
      assertThat(img.layers()).extracting(l -> l.digest())
          .containsExactlyElementsOf(built.layers().stream().map(l -> l.digest()).toList());
      assertThat(ImageConformance.verify(img).entries()).containsExactly(3, 3, 1);
    }
  }

  @Test
  void repoTagSelectsTheImage() throws Exception {
    BuiltImage a = TestImages.sample(Compression.NONE);
    Path tar = tmp.resolve("img.tar");
    ImageWriters.writeDockerArchive(a, tar, "localhost:5000/corpus/app:latest", DockerArchiveStyle.CLASSIC);
    try (Image img = source.open(tar + ":localhost:5000/corpus/app:latest", SourceOptions.defaults())) {
      assertThat(img.configDigest()).isEqualTo(a.configDigest());
      assertThat(img.name()).isEqualTo("docker-archive:" + tar + ":localhost:5000/corpus/app:latest");
    }
    assertThatThrownBy(() -> source.open(tar + ":other:1", SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage(tar + ": manifest.json: no image tagged 'other:1' (tags: localhost:5000/corpus/app:latest)");
  }

  @Test
  void layerCountMustMatchTheConfig() throws Exception {
    BuiltImage built = TestImages.sample(Compression.NONE);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("config.json", built.configBytes());
    files.put("l1.tar", built.builtLayers().get(0).blob());
    files.put("manifest.json", "[{\"Config\":\"config.json\",\"Layers\":[\"l1.tar\"]}]".getBytes(StandardCharsets.UTF_8));
    Path tar = tmp.resolve("short.tar");
    TarTestFiles.tar(tar, files);
    assertThatThrownBy(() -> source.open(tar.toString(), SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage(tar + ": manifest.json: manifest lists 1 layers but the config's rootfs.diff_ids has 3");
  }

  @Test
  void uncompressedLayerDigestIsItsDiffId() throws Exception {
    BuiltImage built = TestImages.sample(Compression.NONE);
    Path tar = tmp.resolve("img.tar");
    ImageWriters.writeDockerArchive(built, tar, null, DockerArchiveStyle.SKOPEO_SYMLINKS);
    try (Image img = source.open(tar.toString(), SourceOptions.defaults())) {
      for (var l : img.layers()) {
        assertThat(l.digest()).isEqualTo(l.diffId());
      }
      assertThat(img.layers().get(0).digest()).isNotEqualTo(Digest.sha256Of(new byte[0]));
    }
  }

  @Test
  void hardLinksAndSymlinksBetweenEntriesAreFollowed() throws Exception {
    BuiltImage built = TestImages.sample(Compression.NONE);
    var layers = built.builtLayers();
    byte[] archive = dev.stowaway.core.image.build.LayerBuilder.create()
        .file("layers/one.tar", layers.get(0).blob(), 0444)
        .file("./layers/two.tar", layers.get(1).blob(), 0444)
        .file("three.tar", layers.get(2).blob(), 0444)
        .hardlink("a/layer.tar", "layers/one.tar")
        .symlink("b/layer.tar", "../layers/two.tar")
        .symlink("c/layer.tar", "/three.tar")
        .symlink("cfg.json", "deep/config")
        .file("deep/config", built.configBytes(), 0444)
        .file("manifest.json", ("[{\"Config\":\"cfg.json\",\"RepoTags\":[\"x:1\"],"
            + "\"Layers\":[\"a/layer.tar\",\"./b/layer.tar\",\"c/layer.tar\"]}]").getBytes(StandardCharsets.UTF_8), 0444)
        .toTar();
    Path tar = java.nio.file.Files.write(tmp.resolve("links.tar"), archive);
    try (Image img = source.open(tar.toString(), SourceOptions.defaults())) {
      assertThat(img.configDigest()).isEqualTo(built.configDigest());
      assertThat(img.layers()).extracting(l -> l.size())
          .containsExactly((long) layers.get(0).blob().length, (long) layers.get(1).blob().length,
              (long) layers.get(2).blob().length);
      ImageConformance.verify(img);
    }
  }

  @Test
  void symlinkLoopIsAFormatErrorNotAHang() throws Exception {
    BuiltImage built = TestImages.sample(Compression.NONE);
    byte[] archive = dev.stowaway.core.image.build.LayerBuilder.create()
        .file("c.json", built.configBytes(), 0444)
        .symlink("a/layer.tar", "../b/layer.tar")
        .symlink("b/layer.tar", "../a/layer.tar")
        .file("manifest.json", ("[{\"Config\":\"c.json\",\"Layers\":[\"a/layer.tar\",\"a/layer.tar\","
            + "\"a/layer.tar\"]}]").getBytes(StandardCharsets.UTF_8), 0444)
        .toTar();
    Path tar = java.nio.file.Files.write(tmp.resolve("loop.tar"), archive);
    assertThatThrownBy(() -> source.open(tar.toString(), SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage(tar + ": a/layer.tar: too many levels of links (limit maxSymlinkHops 16)");
  }

  @Test
  void manifestJsonLargerThanTheMetadataBoundIsRefused() throws Exception {
    Path tar = tmp.resolve("img.tar");
    ImageWriters.writeDockerArchive(TestImages.sample(Compression.NONE), tar, "a:b", DockerArchiveStyle.CLASSIC);
    assertThatThrownBy(() -> source.open(tar.toString(),
        new SourceOptions(dev.stowaway.api.image.Platform.LINUX_AMD64, 50)))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageStartingWith(tar + ": manifest.json: ").hasMessageEndingWith("metadata limit of 50 bytes");
  }
}
