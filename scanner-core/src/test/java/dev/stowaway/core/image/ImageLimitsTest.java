package dev.stowaway.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.analysis.LimitExceededException;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.image.build.BuiltLayer;
import dev.stowaway.core.image.build.ImageBuilder;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.testing.HostileImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits enforced where images are read: decompression ratio and symlink hops. */
class ImageLimitsTest {

  @Test
  void limitsKeepTheFirstVersionsConstructorAndCheckEveryBound() {
    ScanLimits old = new ScanLimits(1, 2, 3, 4, 5, 6, 7);
    assertThat(old.maxNestedBytes()).isEqualTo(7);
    assertThat(old.maxSymlinkHops()).isEqualTo(ScanLimits.DEFAULT_MAX_SYMLINK_HOPS);
    assertThat(old.maxDecompressionRatio()).isEqualTo(ScanLimits.DEFAULT_MAX_DECOMPRESSION_RATIO);
    assertThat(ScanLimits.defaults().withMaxYamlDepth(3).maxYamlDepth()).isEqualTo(3);
    assertThat(ScanLimits.defaults().withMaxLayerBytes(9).withMaxEntriesPerLayer(8))
        .extracting(ScanLimits::maxLayerBytes, ScanLimits::maxEntriesPerLayer).containsExactly(9L, 8L);
    assertThatThrownBy(() -> ScanLimits.defaults().withMaxJsonDepth(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aGzipBombLayerFailsAtTheDecompressionRatioNamingTheLayerAndTheLimit() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(gz) {
          {
            def.setLevel(9);
          }
        };
        TarArchiveOutputStream tar = new TarArchiveOutputStream(z)) {
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      HostileImages.repeatedByteFile(tar, "zeros", 100L << 20, (byte) 0);
    }
    BuiltLayer real = ImageBuilder.create().layer(LayerBuilder.create().file("a", "a"), "x").build().builtLayers()
        .get(0);
    dev.stowaway.api.image.Layer bomb = new BlobLayer(Digest.sha256Of(gz.toByteArray()), Digest.sha256Of("unknown"),
        gz.size(), real.mediaType(), () -> new java.io.ByteArrayInputStream(gz.toByteArray()), "bomb");
    try (InputStream in = LayerStreams.openVerifiedTar(bomb, "layer 3 (bomb)", ScanLimits.defaults())) {
      byte[] buf = new byte[1 << 16];
      assertThatThrownBy(() -> {
        while (in.read(buf) >= 0) {
          // drain
        }
      }).isInstanceOf(LimitExceededException.class)
          .hasMessageContaining("layer 3 (bomb)").hasMessageContaining("limit maxDecompressionRatio");
    }
  }

  @Test
  void symlinkLoopsInADockerArchiveStopAtTheHopLimit(@TempDir Path dir) throws IOException {
    Path archive = dir.resolve("loop.tar");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
      HostileImages.link(tar, "manifest.json", "a", true);
      HostileImages.link(tar, "a", "b", true);
      HostileImages.link(tar, "b", "manifest.json", true);
    }
    assertThatThrownBy(() -> new DockerArchiveImageSource().open(archive.toString(), SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class).hasMessageContaining("manifest.json")
        .hasMessageContaining("limit maxSymlinkHops 16");
  }
}
