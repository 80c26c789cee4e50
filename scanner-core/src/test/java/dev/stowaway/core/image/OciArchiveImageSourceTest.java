package dev.stowaway.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.DockerArchiveStyle;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.testing.ImageConformance;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OciArchiveImageSourceTest {

  @TempDir Path tmp;
  private final OciArchiveImageSource source = new OciArchiveImageSource();

  @ParameterizedTest
  @EnumSource(Compression.class)
  void opensAndVerifiesAnArchive(Compression c) throws Exception {
    BuiltImage built = TestImages.sample(c);
    Path tar = tmp.resolve("img.oci.tar");
    ImageWriters.writeOciArchive(built, tar, "latest");
    assertThat(source.recognizes(tar.toString())).isTrue();
    assertThat(new DockerArchiveImageSource().recognizes(tar.toString())).isFalse();
    try (Image img = source.open(tar + ":latest", SourceOptions.defaults())) {
      assertThat(img.name()).isEqualTo("oci-archive:" + tar + ":latest");
      assertThat(img.manifestDigest()).isEqualTo(built.manifestDigest());
      assertThat(img.configDigest()).isEqualTo(built.configDigest());
      assertThat(ImageConformance.verify(img).entries()).containsExactly(3, 3, 1);
    }
  }

  @Test
  void layersCanBeReadInParallel() throws Exception {
    BuiltImage built = TestImages.sample(Compression.GZIP);
    Path tar = tmp.resolve("img.oci.tar");
    ImageWriters.writeOciArchive(built, tar, null);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (Image img = source.open(tar.toString(), SourceOptions.defaults())) {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (Layer l : img.layers()) {
          results.add(pool.submit(() -> {
            try (InputStream in = LayerStreams.openVerifiedTar(l, "layer")) {
              return in.readAllBytes();
            }
          }));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        byte[] tarBytes = results.get(i).get(30, TimeUnit.SECONDS);
        assertThat(dev.stowaway.api.image.Digest.sha256Of(tarBytes))
            .isEqualTo(img.layers().get(i % 3).diffId());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void gzipCompressedArchiveIsReadThroughATemporaryFileDeletedOnClose() throws Exception {
    BuiltImage built = TestImages.sample(Compression.NONE);
    Path tar = tmp.resolve("img.oci.tar");
    ImageWriters.writeOciArchive(built, tar, null);
    Path gz = tmp.resolve("img.oci.tar.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(tar, out);
    }
    assertThat(source.recognizes(gz.toString())).isTrue();
    long before = countTempTars();
    try (Image img = source.open(gz.toString(), SourceOptions.defaults())) {
      ImageConformance.verify(img);
      assertThat(countTempTars()).isEqualTo(before + 1);
    }
    assertThat(countTempTars()).isEqualTo(before);
  }

  private static long countTempTars() throws Exception {
    try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("stowaway-")
          && p.getFileName().toString().endsWith(".tar")).count();
    }
  }

  @Test
  void dockerArchiveIsNotAnOciArchive() throws Exception {
    Path tar = tmp.resolve("d.tar");
    ImageWriters.writeDockerArchive(TestImages.sample(Compression.GZIP), tar, "a:b", DockerArchiveStyle.OCI_INSIDE);
    assertThat(source.recognizes(tar.toString())).isFalse();
    Path classic = tmp.resolve("c.tar");
    ImageWriters.writeDockerArchive(TestImages.sample(Compression.GZIP), classic, "a:b", DockerArchiveStyle.CLASSIC);
    assertThatThrownBy(() -> source.open(classic.toString(), SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage(classic + ": not an OCI archive: no oci-layout entry (it has manifest.json: use docker-archive:)");
  }

  @Test
  void manifestNamingAMissingBlobIsAFormatError() throws Exception {
    BuiltImage built = TestImages.sample(Compression.GZIP);
    Path dir = tmp.resolve("layout");
    ImageWriters.writeOciLayout(built, dir, null);
    Files.delete(dir.resolve("blobs/sha256/" + built.configDigest().hex()));
    Path tar = tmp.resolve("broken.tar");
    TarTestFiles.tarDirectory(dir, tar);
    assertThatThrownBy(() -> source.open(tar.toString(), SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage(tar + ": blobs/sha256/" + built.manifestDigest().hex() + ": names config blob "
            + built.configDigest() + " which is missing (" + tar + ": blobs/sha256/" + built.configDigest().hex()
            + ")");
  }

  @Test
  void entryNamesWithADotSlashPrefixAreFound() throws Exception {
    BuiltImage built = TestImages.sample(Compression.ZSTD);
    Path dir = tmp.resolve("layout");
    ImageWriters.writeOciLayout(built, dir, "v1");
    Path tar = tmp.resolve("dot.tar");
    TarTestFiles.tarDirectory(dir, tar, "./");
    assertThat(source.recognizes(tar.toString())).isTrue();
    try (Image img = ImageSources.open(tar + ":v1", SourceOptions.defaults())) {
      assertThat(img.name()).isEqualTo("oci-archive:" + tar + ":v1");
      assertThat(img.manifestDigest()).isEqualTo(built.manifestDigest());
      ImageConformance.verify(img);
    }
  }
}
