package dev.stowaway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.testing.CountingImage;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layer cache on the real debian-app image ({@code ../shared/scripts/build-test-images.sh}): scanned twice,
 * the second scan reads no layer byte and gives the same JSON (secrets in deleted files, origin layers and
 * all). The same comparison against an uncached scan is {@link LayerCacheTest}'s, on built images.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CorpusLayerCacheTest {

  @TempDir
  Path tmp;

  @Test
  void debianAppScannedTwiceReadsNoLayerByteTheSecondTime() throws IOException {
    String app = "oci:" + SharedTestData.corpus().resolve("oci/debian-app");
    Scanner s = LayerCacheTest.scanner(LayerCacheTest.defaultAnalyzers())
        .layerCache(new FileLayerCache(tmp.resolve("layers"), FileLayerCache.DEFAULT_MAX_BYTES)).build();
    String cold;
    try (Image image = ImageSources.open(app, SourceOptions.defaults())) {
      CountingImage counted = new CountingImage(image);
      cold = LayerCacheTest.json(s.scan(counted));
      assertThat(counted.opens.get()).isEqualTo(6);
      assertThat(counted.bytes.get()).as("cold scan reads every layer").isGreaterThan(100_000_000L);
    }
    try (Image image = ImageSources.open(app, SourceOptions.defaults())) {
      CountingImage counted = new CountingImage(image);
      String warm = LayerCacheTest.json(s.scan(counted));
      assertThat(counted.opens.get()).as("warm scan opens no layer").isZero();
      assertThat(counted.bytes.get()).as("warm scan reads nothing").isZero();
      assertThat(warm).isEqualTo(cold);
    }
    // The report being compared holds the hard parts: a secret in a file a later layer deleted, the dpkg
    // inventory.
    assertThat(cold).contains("root/.aws/credentials", "\"removed\" : true", "\"Debian\"");
  }
}
