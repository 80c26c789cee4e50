package dev.stowaway.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.Platform;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.testing.ImageConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OciLayoutImageSourceTest {

  @TempDir Path tmp;
  private final OciLayoutImageSource source = new OciLayoutImageSource();
  private static final Platform ARM64 = Platform.parse("linux/arm64");

  @ParameterizedTest
  @EnumSource(Compression.class)
  void opensAndVerifiesALayout(Compression c) throws Exception {
    BuiltImage built = TestImages.sample(c);
    Path dir = tmp.resolve("layout");
    ImageWriters.writeOciLayout(built, dir, "latest");
    assertThat(source.recognizes(dir.toString())).isTrue();
    try (Image img = source.open(dir.toString(), SourceOptions.defaults())) {
      assertThat(img.name()).isEqualTo("oci:" + dir);
      assertThat(img.manifestDigest()).isEqualTo(built.manifestDigest());
      assertThat(img.configDigest()).isEqualTo(built.configDigest());
      assertThat(img.config()).isEqualTo(built.config());
      assertThat(img.layers()).extracting(l -> l.digest()).containsExactlyElementsOf(
          built.layers().stream().map(l -> l.digest()).toList());
      assertThat(img.layers()).extracting(l -> l.mediaType()).containsOnly(c.ociLayerMediaType());
      assertThat(ImageConformance.verify(img).entries()).containsExactly(3, 3, 1);
    }
  }

  @Test
  void tagAndDigestSelectAnImage() throws Exception {
    BuiltImage built = TestImages.sample(Compression.GZIP);
    Path dir = tmp.resolve("l");
    ImageWriters.writeOciLayout(built, dir, "v1");
    try (Image img = source.open(dir + ":v1", SourceOptions.defaults())) {
      assertThat(img.name()).isEqualTo("oci:" + dir + ":v1");
      assertThat(img.configDigest()).isEqualTo(built.configDigest());
    }
    try (Image img = source.open(dir + "@" + built.manifestDigest(), SourceOptions.defaults())) {
      assertThat(img.manifestDigest()).isEqualTo(built.manifestDigest());
    }
    assertThatThrownBy(() -> source.open(dir + ":v2", SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage(dir.resolve("index.json") + ": no image tagged 'v2' (tags: v1)");
  }

  @Test
  void pathWithAColonIsUsedWholeWhenItExists() throws Exception {
    Path dir = tmp.resolve("odd:name");
    ImageWriters.writeOciLayout(TestImages.sample(Compression.NONE), dir, null);
    try (Image img = source.open(dir.toString(), SourceOptions.defaults())) {
      assertThat(img.layers()).hasSize(3);
    }
  }

  @Test
  void multiPlatformIndexPicksAmd64ByDefaultAndArm64WhenAsked() throws Exception {
    BuiltImage amd = TestImages.sample(Compression.GZIP);
    BuiltImage arm = TestImages.sample(Compression.ZSTD, ARM64);
    for (boolean nested : new boolean[] {false, true}) {
      Path dir = tmp.resolve("multi-" + nested);
      ImageWriters.writeMultiPlatformOciLayout(List.of(arm, amd), dir, "latest", nested);
      try (Image img = source.open(dir.toString(), SourceOptions.defaults())) {
        assertThat(img.manifestDigest()).isEqualTo(amd.manifestDigest());
        assertThat(img.config().architecture()).isEqualTo("amd64");
        ImageConformance.verify(img);
      }
      try (Image img = source.open(dir + ":latest", SourceOptions.defaults().withPlatform(ARM64))) {
        assertThat(img.manifestDigest()).isEqualTo(arm.manifestDigest());
        assertThat(img.config().architecture()).isEqualTo("arm64");
        ImageConformance.verify(img);
      }
      assertThatThrownBy(() -> source.open(dir.toString(),
          SourceOptions.defaults().withPlatform(Platform.parse("linux/s390x"))))
          .isInstanceOf(ImageFormatException.class)
          .hasMessageContaining("no image for platform linux/s390x (available: linux/arm64, linux/amd64)");
    }
  }

  @Test
  void singleManifestWithoutPlatformIsTakenWhateverIsAsked() throws Exception {
    Path dir = tmp.resolve("arm");
    ImageWriters.writeOciLayout(TestImages.sample(Compression.GZIP, ARM64), dir, null);
    try (Image img = source.open(dir.toString(), SourceOptions.defaults())) {
      assertThat(img.config().architecture()).isEqualTo("arm64");
    }
  }

  @Test
  void manifestNamingAMissingBlobIsAFormatError() throws Exception {
    BuiltImage built = TestImages.sample(Compression.GZIP);
    Path dir = tmp.resolve("l");
    ImageWriters.writeOciLayout(built, dir, null);
    var missing = built.layers().get(1).digest();
    Files.delete(dir.resolve("blobs/sha256/" + missing.hex()));
    assertThatThrownBy(() -> source.open(dir.toString(), SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage(dir.resolve("blobs/sha256/" + built.manifestDigest().hex()) + ": layer 1 blob " + missing
            + " is missing (" + dir.resolve("blobs/sha256/" + missing.hex()) + ")");
  }

  @Test
  void configDigestThatLiesIsAFormatError() throws Exception {
    BuiltImage built = TestImages.sample(Compression.GZIP);
    Path dir = tmp.resolve("l");
    ImageWriters.writeOciLayout(built, dir, null);
    Path config = dir.resolve("blobs/sha256/" + built.configDigest().hex());
    byte[] bytes = Files.readAllBytes(config);
    bytes[bytes.length - 2] = ' ';
    Files.write(config, bytes);
    assertThatThrownBy(() -> source.open(dir.toString(), SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageStartingWith(config + ": config digest mismatch: descriptor says " + built.configDigest());
  }

  @Test
  void metadataLargerThanTheBoundIsRefused() throws Exception {
    Path dir = tmp.resolve("l");
    ImageWriters.writeOciLayout(TestImages.sample(Compression.GZIP), dir, null);
    assertThatThrownBy(() -> source.open(dir.toString(), new SourceOptions(Platform.LINUX_AMD64, 100)))
        .isInstanceOf(ImageFormatException.class).hasMessageContaining("metadata limit of 100 bytes");
  }

  @Test
  void directoryWithoutOciLayoutIsNotRecognized() throws Exception {
    Files.createDirectories(tmp.resolve("empty"));
    assertThat(source.recognizes(tmp.resolve("empty").toString())).isFalse();
    assertThat(source.recognizes(tmp.resolve("nope").toString())).isFalse();
    assertThatThrownBy(() -> source.open(tmp.resolve("empty").toString(), SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class).hasMessageContaining("no oci-layout file");
  }
}
