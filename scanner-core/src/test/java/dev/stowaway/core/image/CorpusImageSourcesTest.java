package dev.stowaway.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.json.JsonObject;
import dev.stowaway.core.testing.ImageConformance;
import dev.stowaway.core.testing.SharedTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real image corpus (../shared/scripts/build-test-images.sh): every image opens in every form
 * (OCI layout, docker-archive, OCI archive, the zstd variant), with the layer count, diffIDs and
 * config that {@code expected/<name>.json} records, and every layer verifies when read to its end.
 * {@code large} is checked only when it was built.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class CorpusImageSourcesTest {

  static Stream<Arguments> forms() throws Exception {
    Path corpus = SharedTestData.corpus();
    List<Arguments> out = new ArrayList<>();
    for (String name : List.of("debian-base", "debian-app", "large")) {
      if (!Files.exists(corpus.resolve("expected/" + name + ".json"))) {
        continue; // large is built only with --large
      }
      out.add(Arguments.of(name, name, "oci:" + corpus.resolve("oci/" + name) + ":latest", Compression.GZIP));
      out.add(Arguments.of(name, name, "docker-archive:" + corpus.resolve(name + ".docker.tar"), Compression.NONE));
      out.add(Arguments.of(name, name, "oci-archive:" + corpus.resolve(name + ".oci.tar"), Compression.GZIP));
      // bare paths: the kind is detected
      out.add(Arguments.of(name, name, corpus.resolve(name + ".docker.tar").toString(), Compression.NONE));
    }
    if (Files.isDirectory(corpus.resolve("oci/debian-app-zstd"))) {
      // the zstd variant has no expected file of its own: recompression keeps debian-app's diffIDs
      out.add(Arguments.of("debian-app-zstd", "debian-app", "oci:" + corpus.resolve("oci/debian-app-zstd"),
          Compression.ZSTD));
      out.add(Arguments.of("debian-app-zstd", "debian-app", corpus.resolve("debian-app-zstd.oci.tar").toString(),
          Compression.ZSTD));
    }
    Assumptions.assumeFalse(out.isEmpty(), "corpus has no images yet");
    return out.stream();
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("forms")
  void opensWithExpectedLayersAndVerifies(String image, String expectedName, String spec, Compression compression)
      throws Exception {
    Path corpus = SharedTestData.corpus();
    JsonObject expected = Json.parseObject(
        Files.readAllBytes(corpus.resolve("expected/" + expectedName + ".json")), expectedName + ".json");
    List<JsonObject> layers = expected.objects("layers");
    try (Image img = ImageSources.open(spec, SourceOptions.defaults())) {
      assertThat(img.layers()).hasSize(layers.size());
      for (int i = 0; i < layers.size(); i++) {
        Layer l = img.layers().get(i);
        Digest diffId = Digest.parse(layers.get(i).requireString("diff_id"));
        assertThat(l.diffId()).as("layer %d diffID", i + 1).isEqualTo(diffId);
        if (compression == Compression.NONE) {
          assertThat(l.digest()).as("uncompressed layer digest").isEqualTo(diffId);
        } else if (image.equals(expectedName)) {
          assertThat(l.digest()).as("layer %d digest", i + 1)
              .isEqualTo(Digest.parse(layers.get(i).requireString("digest")));
          assertThat(l.size()).isEqualTo(layers.get(i).longValue("size"));
        }
        try (var in = l.openBlob()) {
          byte[] head = in.readNBytes(Compression.MAGIC_LENGTH);
          assertThat(Compression.detect(head, head.length)).isEqualTo(compression);
        }
      }
      JsonObject config = expected.object("config");
      if (config != null) {
        JsonObject ports = config.object("ExposedPorts");
        assertThat(img.config().exposedPorts()).containsExactlyElementsOf(
            ports == null ? List.of() : List.copyOf(ports.keys()));
        assertThat(img.config().cmd()).isEqualTo(config.strings("Cmd"));
        assertThat(img.config().env()).isEqualTo(config.strings("Env"));
        assertThat(img.config().labels()).isEqualTo(config.stringMap("Labels"));
        assertThat(img.config().workingDir()).isEqualTo(config.string("WorkingDir"));
        assertThat(img.config().user()).isNull();
      }
      assertThat(img.config().layerHistory()).hasSize(layers.size());
      for (int i = 0; i < layers.size(); i++) {
        assertThat(img.config().layerHistory().get(i).createdBy())
            .isEqualTo(layers.get(i).string("created_by"));
      }
      ImageConformance.verify(img);
    }
  }
}
