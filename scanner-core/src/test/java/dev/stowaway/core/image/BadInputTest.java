package dev.stowaway.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.LayerIntegrityException;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.DockerArchiveStyle;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.testing.ImageConformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of broken input gives an ImageFormatException with one line naming the file, never a hang. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadInputTest {

  @TempDir Path tmp;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Opens the spec and reads every layer, as a scan would. */
  private static void openAndRead(String spec) throws IOException {
    try (Image img = ImageSources.open(spec, SourceOptions.defaults())) {
      ImageConformance.verify(img);
    }
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(String spec) {
    return assertThatThrownBy(() -> openAndRead(spec)).isInstanceOf(ImageFormatException.class)
        .hasMessageNotContaining("\n");
  }

  private static byte[] layerTar() {
    byte[] data = new byte[200_000];
    new Random(7).nextBytes(data);
    return LayerBuilder.create().file("etc/os-release", "ID=alpine\n").file("blob.bin", data, 0644).toTar();
  }

  /** An OCI layout written by hand, so descriptors can claim anything. */
  private Path layout(String name, byte[] config, Digest claimedLayer, byte[] layerBlob) throws IOException {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.write(dir.resolve("oci-layout"), b("{\"imageLayoutVersion\":\"1.0.0\"}"));
    Digest configDigest = Digest.sha256Of(config);
    Files.write(dir.resolve("blobs/sha256/" + configDigest.hex()), config);
    Files.write(dir.resolve("blobs/sha256/" + claimedLayer.hex()), layerBlob);
    byte[] manifest = b("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
        + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
        + "\"digest\":\"" + claimedLayer + "\",\"size\":" + layerBlob.length + "}]}");
    Digest manifestDigest = Digest.sha256Of(manifest);
    Files.write(dir.resolve("blobs/sha256/" + manifestDigest.hex()), manifest);
    Files.write(dir.resolve("index.json"), b("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest + "\",\"size\":"
        + manifest.length + "}]}"));
    return dir;
  }

  private static byte[] config(Digest diffId) {
    return b("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
        + diffId + "\"]}}");
  }

  @Test
  void truncatedGzipLayer() throws Exception {
    byte[] tar = layerTar();
    byte[] gz = Compression.GZIP.compress(tar);
    byte[] cut = Arrays.copyOf(gz, gz.length - 5000);
    Path dir = layout("truncated", config(Digest.sha256Of(tar)), Digest.sha256Of(cut), cut);
    assertFails("oci:" + dir).isInstanceOf(LayerIntegrityException.class)
        .hasMessageStartingWith("layer 1 (" + Digest.sha256Of(cut) + "): corrupt or truncated gzip data");
  }

  @Test
  void truncatedGzipLayerInADockerArchive() throws Exception {
    byte[] tar = layerTar();
    byte[] gz = Compression.GZIP.compress(tar);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("config.json", config(Digest.sha256Of(tar)));
    files.put("abc/layer.tar", Arrays.copyOf(gz, gz.length / 3));
    files.put("manifest.json", b("[{\"Config\":\"config.json\",\"RepoTags\":null,\"Layers\":[\"abc/layer.tar\"]}]"));
    Path file = tmp.resolve("trunc.docker.tar");
    TarTestFiles.tar(file, files);
    assertFails(file.toString()).isInstanceOf(LayerIntegrityException.class)
        .hasMessageContaining("corrupt or truncated gzip data");
  }

  @Test
  void blobWhoseDigestLies() throws Exception {
    byte[] tar = layerTar();
    byte[] gz = Compression.GZIP.compress(tar);
    Digest lie = Digest.sha256Of("not this blob");
    Path dir = layout("lie", config(Digest.sha256Of(tar)), lie, gz);
    assertFails(dir.toString()).isInstanceOf(LayerIntegrityException.class)
        .hasMessage("layer 1 (" + lie + "): blob digest mismatch: manifest says " + lie + ", content is "
            + Digest.sha256Of(gz));
  }

  @Test
  void diffIdThatLies() throws Exception {
    byte[] tar = layerTar();
    byte[] gz = Compression.GZIP.compress(tar);
    Digest lie = Digest.sha256Of("not this tar");
    Path dir = layout("difflie", config(lie), Digest.sha256Of(gz), gz);
    assertFails(dir.toString()).isInstanceOf(LayerIntegrityException.class)
        .hasMessageEndingWith("diffID mismatch: config says " + lie + ", content is " + Digest.sha256Of(tar));
  }

  @Test
  void manifestNamingAMissingBlob() throws Exception {
    byte[] tar = layerTar();
    byte[] gz = Compression.GZIP.compress(tar);
    Path dir = layout("missing", config(Digest.sha256Of(tar)), Digest.sha256Of(gz), gz);
    Files.delete(dir.resolve("blobs/sha256/" + Digest.sha256Of(gz).hex()));
    assertFails(dir.toString()).hasMessageContaining("layer 0 blob " + Digest.sha256Of(gz) + " is missing");

    BuiltImage built = TestImages.sample(Compression.GZIP);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("c.json", built.configBytes());
    files.put("manifest.json", b("[{\"Config\":\"c.json\",\"Layers\":[\"a/layer.tar\",\"b/layer.tar\",\"c/layer.tar\"]}]"));
    Path file = tmp.resolve("missing.tar");
    TarTestFiles.tar(file, files);
    assertFails(file.toString()).hasMessage(file + ": manifest.json: layer 0 a/layer.tar is missing from the archive");
  }

  @Test
  void tarThatIsNoImage() throws Exception {
    Path file = tmp.resolve("plain.tar");
    TarTestFiles.tar(file, Map.of("hello.txt", b("hi")));
    assertFails(file.toString()).hasMessage(file + ": not a container image: no manifest.json or oci-layout");
    assertFails("docker-archive:" + file).hasMessage(file + ": not a container image: no manifest.json or oci-layout");
    Path junk = tmp.resolve("junk.bin");
    Files.write(junk, b("this is not a tar at all"));
    assertFails(junk.toString()).hasMessage(junk + ": not a container image: no manifest.json or oci-layout");
    assertFails("docker-archive:" + junk).hasMessageStartingWith(junk.toString());
  }

  @Test
  void emptyFile() throws Exception {
    Path file = tmp.resolve("empty.tar");
    Files.write(file, new byte[0]);
    assertFails(file.toString()).hasMessage(file + ": empty file, not an image");
    assertFails("docker-archive:" + file).hasMessage(file + ": empty file, not an image");
    assertFails("oci-archive:" + file).hasMessage(file + ": empty file, not an image");
  }

  @Test
  void missingPathAndUnknownScheme() {
    Path nope = tmp.resolve("nope.tar");
    assertFails(nope.toString()).hasMessage(nope + ": no such file or directory");
    assertFails("docker-archive:" + nope).hasMessage(nope + ": no such file or directory");
    assertFails("oci:" + nope).hasMessage(nope + ": no such file or directory");
    assertFails("nosuch://alpine").hasMessage(
        "nosuch://alpine: unknown image scheme 'nosuch' (known: docker-archive, oci, oci-archive, registry, rootfs)");
    assertFails("").hasMessage("no image given");
  }

  @Test
  void manifestJsonWithWrongTypes() throws Exception {
    BuiltImage built = TestImages.sample(Compression.NONE);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("c.json", built.configBytes());
    files.put("manifest.json", b("[{\"Config\":\"c.json\",\"Layers\":\"a/layer.tar\"}]"));
    Path file = tmp.resolve("types.tar");
    TarTestFiles.tar(file, files);
    assertFails(file.toString())
        .hasMessage(file + ": manifest.json [0]: field Layers must be an array, found a string");
    files.put("manifest.json", b("{\"Config\":\"c.json\"}"));
    TarTestFiles.tar(file, files);
    assertFails(file.toString()).hasMessage(file + ": manifest.json: expected a JSON array, found an object");
  }

  @Test
  void configThatIsNotJson() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("c.json", b("<html>not json</html>"));
    files.put("manifest.json", b("[{\"Config\":\"c.json\",\"Layers\":[]}]"));
    Path file = tmp.resolve("cfg.tar");
    TarTestFiles.tar(file, files);
    assertFails(file.toString()).hasMessageStartingWith(file + ": c.json: not JSON:");
  }

  @Test
  void truncatedArchiveFailsWithoutHanging() throws Exception {
    BuiltImage built = TestImages.sample(Compression.GZIP);
    Path full = tmp.resolve("full.tar");
    ImageWriters.writeDockerArchive(built, full, null, DockerArchiveStyle.CLASSIC);
    byte[] bytes = Files.readAllBytes(full);
    Path cut = tmp.resolve("cut.tar");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> openAndRead("docker-archive:" + cut)).isInstanceOf(ImageFormatException.class);
  }

  @Test
  void messagesNameTheImageFile() throws Exception {
    Path dir = tmp.resolve("layout");
    ImageWriters.writeOciLayout(TestImages.sample(Compression.GZIP), dir, null);
    Files.write(dir.resolve("index.json"), b("{\"manifests\":{}}"));
    assertFails(dir.toString()).hasMessage(dir.resolve("index.json") + ": field manifests must be an array, found an object");
    assertThat(dir.resolve("oci-layout")).exists();
  }

  @Test
  void archiveWithTooManyEntriesIsRefusedBeforeIndexing() throws Exception {
    Path file = tmp.resolve("many.tar");
    try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file));
        var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
      for (int i = 0; i <= TarArchive.MAX_ENTRIES; i++) {
        var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("f" + i);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
    }
    assertFails("docker-archive:" + file)
        .hasMessage(file + ": more than " + TarArchive.MAX_ENTRIES + " tar entries, not an image archive");
  }
}
