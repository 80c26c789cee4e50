package dev.stowaway.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.image.LayerIntegrityException;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.testing.ThrottledInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LayerStreamsTest {

  /** A layer over bytes with whatever digests the test claims; optionally throttled to 1 byte per read. */
  record TestLayer(byte[] blob, Digest digest, Digest diffId, long size, boolean throttled) implements Layer {
    TestLayer(byte[] blob, Digest digest, Digest diffId) {
      this(blob, digest, diffId, blob.length, false);
    }

    @Override
    public String mediaType() {
      return null;
    }

    @Override
    public InputStream openBlob() {
      InputStream in = new ByteArrayInputStream(blob);
      return throttled ? new ThrottledInputStream(in, 7) : in;
    }
  }

  private static byte[] tar() {
    byte[] big = new byte[300_000];
    new Random(42).nextBytes(big);
    return LayerBuilder.create().dir("etc").file("etc/hostname", "box\n").file("data.bin", big, 0644).toTar();
  }

  private static byte[] readAll(Layer layer) throws IOException {
    try (InputStream in = LayerStreams.openVerifiedTar(layer, "layer 1 (" + layer.digest().shortHex() + ")")) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void detectsCompressionFromBytesAndVerifiesBothDigests(Compression c) throws Exception {
    byte[] tar = tar();
    byte[] blob = c.compress(tar);
    assertThat(Compression.detect(blob, blob.length)).isEqualTo(c);
    assertThat(readAll(new TestLayer(blob, Digest.sha256Of(blob), Digest.sha256Of(tar)))).isEqualTo(tar);
    // also through a stream that returns few bytes per read
    assertThat(readAll(new TestLayer(blob, Digest.sha256Of(blob), Digest.sha256Of(tar), blob.length, true)))
        .isEqualTo(tar);
  }

  @Test
  void concatenatedGzipMembersAreOneStream() throws Exception {
    // small members, so the first one arrives in one read and ends exactly at a read boundary
    byte[] tar = LayerBuilder.create().file("a.txt", "a".repeat(5000)).file("b.txt", "b".repeat(5000)).toTar();
    int half = tar.length / 2;
    byte[] a = Compression.GZIP.compress(Arrays.copyOfRange(tar, 0, half));
    byte[] b = Compression.GZIP.compress(Arrays.copyOfRange(tar, half, tar.length));
    byte[] blob = new byte[a.length + b.length];
    System.arraycopy(a, 0, blob, 0, a.length);
    System.arraycopy(b, 0, blob, a.length, b.length);
    assertThat(readAll(new TestLayer(blob, Digest.sha256Of(blob), Digest.sha256Of(tar)))).isEqualTo(tar);
    // also from a stream that never reports available bytes (as sockets may)
    assertThat(readAll(new Layer() {
      @Override
      public Digest digest() {
        return Digest.sha256Of(blob);
      }

      @Override
      public Digest diffId() {
        return Digest.sha256Of(tar);
      }

      @Override
      public long size() {
        return blob.length;
      }

      @Override
      public String mediaType() {
        return null;
      }

      @Override
      public InputStream openBlob() {
        return new java.io.FilterInputStream(new ThrottledInputStream(new ByteArrayInputStream(blob), a.length)) {
          @Override
          public int available() {
            return 0;
          }
        };
      }
    })).isEqualTo(tar);
  }

  @Test
  void blobDigestThatLiesFailsAtTheEnd() {
    byte[] tar = tar();
    byte[] blob = Compression.GZIP.compress(tar);
    Digest lie = Digest.sha256Of("something else");
    assertThatThrownBy(() -> readAll(new TestLayer(blob, lie, Digest.sha256Of(tar))))
        .isInstanceOf(LayerIntegrityException.class)
        .hasMessage("layer 1 (" + lie.shortHex() + "): blob digest mismatch: manifest says " + lie
            + ", content is " + Digest.sha256Of(blob));
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
  void diffIdThatLiesFailsAtTheEndWhenTheFullCheckIsAskedFor(Compression c) {
    byte[] tar = tar();
    byte[] blob = c.compress(tar);
    Digest lie = Digest.sha256Of("other tar");
    assertThatThrownBy(() -> {
      try (InputStream in = LayerStreams.openVerifiedTar(new TestLayer(blob, Digest.sha256Of(blob), lie), "l", true)) {
        in.readAllBytes();
      }
    }).isInstanceOf(LayerIntegrityException.class)
        .hasMessageEndingWith("diffID mismatch: config says " + lie + ", content is " + Digest.sha256Of(tar));
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
  void compressedLayerIsTrustedByItsBlobDigestAloneByDefault(Compression c) throws Exception {
    // The decision documented on LayerStreams: the verified blob digest vouches for the tar bytes; the
    // config's diffID is not hashed a second time (it costs as much CPU as inflating).
    byte[] tar = tar();
    byte[] blob = c.compress(tar);
    Digest lie = Digest.sha256Of("other tar");
    assertThat(readAll(new TestLayer(blob, Digest.sha256Of(blob), lie))).isEqualTo(tar);
    byte[] flipped = blob.clone();
    flipped[flipped.length / 2] ^= 1;
    assertThatThrownBy(() -> readAll(new TestLayer(flipped, Digest.sha256Of(blob), Digest.sha256Of(tar))))
        .isInstanceOf(LayerIntegrityException.class);
  }

  @Test
  void uncompressedLayerWithADifferentDigestChecksBoth() {
    byte[] tar = tar();
    Digest lie = Digest.sha256Of("x");
    assertThatThrownBy(() -> readAll(new TestLayer(tar, Digest.sha256Of(tar), lie)))
        .isInstanceOf(LayerIntegrityException.class).hasMessageContaining("diffID mismatch");
    assertThatThrownBy(() -> readAll(new TestLayer(tar, lie, Digest.sha256Of(tar))))
        .isInstanceOf(LayerIntegrityException.class).hasMessageContaining("blob digest mismatch");
  }

  @Test
  void uncompressedLayerWhoseDigestIsItsDiffIdIsStillChecked() {
    byte[] tar = tar();
    Digest lie = Digest.sha256Of("x");
    assertThatThrownBy(() -> readAll(new TestLayer(tar, lie, lie)))
        .isInstanceOf(LayerIntegrityException.class).hasMessageContaining("diffID mismatch");
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
  void truncatedCompressedDataIsAnIntegrityErrorNamingTheLayer(Compression c) {
    byte[] tar = tar();
    byte[] full = c.compress(tar);
    byte[] cut = Arrays.copyOf(full, full.length / 2);
    assertThatThrownBy(() -> readAll(new TestLayer(cut, Digest.sha256Of(cut), Digest.sha256Of(tar))))
        .isInstanceOf(LayerIntegrityException.class)
        .hasMessageStartingWith("layer 1 (")
        .hasMessageContaining("corrupt or truncated " + c.name().toLowerCase())
        .hasMessageNotContaining("\n");
  }

  @Test
  void corruptGzipIsAnIntegrityError() {
    byte[] tar = tar();
    byte[] blob = Compression.GZIP.compress(tar);
    for (int i = 100; i < 400; i++) {
      blob[i] ^= 0x5a;
    }
    assertThatThrownBy(() -> readAll(new TestLayer(blob, Digest.sha256Of(blob), Digest.sha256Of(tar))))
        .isInstanceOf(LayerIntegrityException.class);
  }

  @Test
  void blobSizeThatLiesIsAnIntegrityError() {
    byte[] tar = tar();
    byte[] blob = Compression.GZIP.compress(tar);
    assertThatThrownBy(() -> readAll(
        new TestLayer(blob, Digest.sha256Of(blob), Digest.sha256Of(tar), blob.length + 1, false)))
        .isInstanceOf(LayerIntegrityException.class).hasMessageContaining("blob size mismatch");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void skippingDoesNotBypassVerification(boolean checkDiffId) {
    byte[] tar = tar();
    byte[] blob = Compression.GZIP.compress(tar);
    Digest lie = Digest.sha256Of("x");
    Layer layer = checkDiffId ? new TestLayer(blob, Digest.sha256Of(blob), lie)
        : new TestLayer(blob, lie, Digest.sha256Of(tar));
    assertThatThrownBy(() -> {
      try (InputStream in = LayerStreams.openVerifiedTar(layer, "l", checkDiffId)) {
        while (in.skip(1 << 20) > 0 || in.read() >= 0) {
          // skip to the end
        }
      }
    }).isInstanceOf(LayerIntegrityException.class)
        .hasMessageContaining(checkDiffId ? "diffID mismatch" : "blob digest mismatch");
  }

  @Test
  void skipReturnsWhatItSkippedAndTheRestReads() throws Exception {
    byte[] tar = tar();
    byte[] blob = Compression.GZIP.compress(tar);
    try (InputStream in = LayerStreams.openVerifiedTar(new TestLayer(blob, Digest.sha256Of(blob),
        Digest.sha256Of(tar)), "l")) {
      assertThat(in.skip(1000)).isEqualTo(1000);
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(tar, 1000, tar.length));
      assertThat(in.skip(10)).isZero();
    }
  }
}
