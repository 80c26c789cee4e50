package dev.stowaway.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.Platform;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.json.JsonObject;
import dev.stowaway.core.testing.ImageConformance;
import dev.stowaway.core.testing.SharedTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real images from other projects' test data (../shared/testdata/fixtures/images, read in place):
 * every complete one opens and verifies; the deliberately cut-down ones fail with a format error.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RealImageFixturesTest {

  private static Path fixture(String relative) {
    return SharedTestData.testdata("fixtures/images").resolve(relative);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // path, expected kind (scheme picked by detection), layers, architecture
      "ggcr-hello-world-v25/hello-world-v25.tar, docker-archive, 1, arm64",
      "ggcr-oci-layout-one-image/layout, oci, 1, amd64",
      "ggcr-overwritten-file/overwritten_file.tar, docker-archive, 3, amd64",
      "ggcr-test-bundle/test_bundle.tar, docker-archive, 1, amd64",
      "ggcr-test-image-1/test_image_1.tar, docker-archive, 1, amd64",
      "ggcr-whiteout-image/whiteout_image.tar, docker-archive, 3, amd64",
      "snyk-containerd-alpine/alpine.tar, docker-archive, 1, amd64",
      "snyk-docker-busybox/busybox.tar, docker-archive, 1, amd64",
      "snyk-docker-oci-busybox.armv7/busybox.armv7.tar, docker-archive, 1, arm",
      "snyk-kaniko-kaniko-busybox/kaniko-busybox.tar, docker-archive, 1, amd64",
      "snyk-oci-busybox-1.31.1/busybox-1.31.1.tar, oci-archive, 1, amd64",
      "trivy-alpine-3.10-docker-save/alpine-310.tar.gz, docker-archive, 1, amd64",
      "trivy-alpine-3.11-docker-save/alpine-311.tar.gz, docker-archive, 1, amd64",
      "trivy-test-oci-layout/test.oci, oci, 1, amd64",
  })
  void completeImagesOpenAndVerify(String relative, String kind, int layers, String arch) throws Exception {
    Path path = fixture(relative);
    try (Image img = ImageSources.open(path.toString(), SourceOptions.defaults())) {
      assertThat(img.name()).isEqualTo(kind + ":" + path);
      assertThat(img.layers()).hasSize(layers);
      assertThat(img.config().architecture()).isEqualTo(arch);
      ImageConformance.Result r = ImageConformance.verify(img);
      assertThat(r.entries().stream().mapToInt(Integer::intValue).sum()).isPositive();
    }
  }

  @Test
  void trivyAlpine311MatchesItsExpectedMetadata() throws Exception {
    Path dir = fixture("trivy-alpine-3.11-docker-save");
    JsonObject expected = Json.parseObject(Files.readAllBytes(dir.resolve("expected.json")), "expected.json");
    try (Image img = ImageSources.open("docker-archive:" + dir.resolve("alpine-311.tar.gz") + ":alpine:3.11",
        SourceOptions.defaults())) {
      assertThat(img.layers()).extracting(l -> l.diffId().toString())
          .containsExactlyElementsOf(expected.strings("diffIds"));
      assertThat(img.config().architecture()).isEqualTo(expected.string("architecture"));
      assertThat(img.config().created()).isEqualTo(Instant.parse(expected.string("created")));
      // trivy strips Docker's "/bin/sh -c #(nop) " prefix; the config holds it
      assertThat(img.config().layerHistory().get(0).createdBy())
          .isEqualTo("/bin/sh -c #(nop) " + expected.string("layerCreatedBy"));
      ImageConformance.verify(img);
    }
  }

  @Test
  void bundleTagsSelectTheirImages() throws Exception {
    Path tar = fixture("ggcr-test-bundle/test_bundle.tar");
    try (Image one = ImageSources.open("docker-archive:" + tar + ":test_image_1", SourceOptions.defaults());
        Image two = ImageSources.open("docker-archive:" + tar + ":test_image_2", SourceOptions.defaults())) {
      assertThat(one.configDigest()).isEqualTo(Digest.sha256(
          "6e0b05049ed9c17d02e1a55e80d6599dbfcce7f4f4b022e3c673e685789c470e"));
      assertThat(two.configDigest()).isEqualTo(Digest.sha256(
          "930705ce23e3b6ed4c08746b6fe880089c864fbaf62482702ae3fdd66b8c7fe9"));
      ImageConformance.verify(one);
      ImageConformance.verify(two);
    }
  }

  @Test
  void kanikoArchiveWithGzipLayerAndDigestNamedConfig() throws Exception {
    Path tar = fixture("snyk-kaniko-kaniko-busybox/kaniko-busybox.tar");
    try (Image img = ImageSources.open(tar.toString(), SourceOptions.defaults())) {
      assertThat(img.configDigest()).isEqualTo(
          Digest.sha256("c5003bd0bae2d0bcb5419307c9cf54264a9e5783626caf218f8aa177173b7cf4"));
      assertThat(img.layers().get(0).diffId()).isEqualTo(
          Digest.sha256("2b299159176aca1d1237ec4955d09d1449646bef17befd28b3090e7450ddf6bc"));
      assertThat(img.layers().get(0).digest()).isNotEqualTo(img.layers().get(0).diffId());
      ImageConformance.verify(img);
    }
  }

  @Test
  void containerdExportAlsoOpensAsOciArchiveThroughADockerManifestList() throws Exception {
    Path tar = fixture("snyk-containerd-alpine/alpine.tar");
    try (Image img = ImageSources.open("oci-archive:" + tar + ":3.14", SourceOptions.defaults())) {
      assertThat(img.manifestDigest()).isEqualTo(
          Digest.sha256("c8844343d5ccbc9f24a7cca4bdcf5b2d43cde2c83d201b18365c99b1e5f24c80"));
      assertThat(img.configDigest()).isEqualTo(
          Digest.sha256("6dff1269bc79a7c9056a9e9fa9c04850e842b0124a9c73d089ae647b13b0187d"));
      ImageConformance.verify(img);
    }
  }

  @Test
  void armV7IndexNeedsTheArmPlatform() throws Exception {
    Path tar = fixture("snyk-docker-oci-busybox.armv7/busybox.armv7.tar");
    assertThatThrownBy(() -> ImageSources.open("oci-archive:" + tar, SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage(tar + ": index.json: no image for platform linux/amd64 (available: linux/arm/v7)");
    try (Image img = ImageSources.open("oci-archive:" + tar,
        SourceOptions.defaults().withPlatform(Platform.parse("linux/arm/v7")))) {
      assertThat(img.config().architecture()).isEqualTo("arm");
      ImageConformance.verify(img);
    }
  }

  @Test
  void deliberatelyCutDownFixturesFailWithFormatErrors() {
    // nginx: the collector kept 1 of the 3 layers the config lists
    Path nginx = fixture("snyk-docker-nginx/nginx.tar");
    assertThatThrownBy(() -> ImageSources.open(nginx.toString(), SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage(nginx + ": manifest.json: manifest lists 1 layers but the config's rootfs.diff_ids has 3");
    // alpine 3.12.0 OCI archive (gzip-compressed tar): the layer blob was cut to 6165 of 2797541 bytes
    Path alpine = fixture("snyk-oci-alpine-3.12.0/alpine-3.12.0.tar");
    assertThatThrownBy(() -> ImageSources.open(alpine.toString(), SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageContaining("layer 0 blob sha256:df20fa9351a15782c64e6dddb2d4a6f50bf6d3688060a34c4014b0d9a752eb4c"
            + " has 6165 bytes but the manifest says 2797541");
    // Docker 25's inner index.json lists no manifests ("manifests": null)
    Path v25 = fixture("ggcr-hello-world-v25/hello-world-v25.tar");
    assertThatThrownBy(() -> ImageSources.open("oci-archive:" + v25, SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class).hasMessage(v25 + ": index.json: lists no image manifests");
  }

  @Test
  void everyFixtureFolderIsCovered() throws Exception {
    try (var s = Files.list(SharedTestData.testdata("fixtures/images"))) {
      List<String> folders = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(folders).hasSize(16);
    }
  }
}
