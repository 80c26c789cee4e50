package dev.stowaway.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.Layer;
import dev.stowaway.core.image.LayerStreams;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Checks that an opened {@link Image} keeps its promises: as many layers as the config has diffIDs,
 * each layer's diffID equal to the config's, and every layer readable through
 * {@link LayerStreams#openVerifiedTar(Layer, String, boolean)} to its end with the full check (so both
 * digests are verified, unlike in a scan) as a tar.
 */
public final class ImageConformance {

  /** What reading the layers found. @param tarBytes uncompressed bytes per layer @param entries tar entries per layer */
  public record Result(List<Long> tarBytes, List<Integer> entries) {}

  private ImageConformance() {}

  /**
   * Verifies the image; throws what the layer reader throws on a mismatch.
   *
   * @param image the image; not closed here
   * @return per-layer counts
   * @throws IOException if a layer fails verification or cannot be read
   */
  public static Result verify(Image image) throws IOException {
    assertThat(image.layers()).as("layer count vs config diff_ids of %s", image.name())
        .hasSameSizeAs(image.config().diffIds());
    List<Long> bytes = new ArrayList<>();
    List<Integer> entries = new ArrayList<>();
    for (int i = 0; i < image.layers().size(); i++) {
      Layer layer = image.layers().get(i);
      assertThat(layer.diffId()).as("diffID of layer %d", i + 1).isEqualTo(image.config().diffIds().get(i));
      try (InputStream in = LayerStreams.openVerifiedTar(layer, "layer " + (i + 1) + " (" + layer.digest() + ")", true);
          CountingStream counting = new CountingStream(in)) {
        int n = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(counting);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
          n++;
          assertThat(e.getName()).isNotNull();
        }
        counting.transferTo(java.io.OutputStream.nullOutputStream());
        bytes.add(counting.count);
        entries.add(n);
      }
    }
    return new Result(bytes, entries);
  }

  private static final class CountingStream extends java.io.FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count += s;
      return s;
    }
  }
}
