package dev.stowaway.core.image;

import dev.stowaway.api.image.Layer;
import dev.stowaway.api.image.LayerIntegrityException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** Placeholder until the image-source work lands: gzip or plain, diffID checked at EOF. */
public final class LayerStreams {
  private LayerStreams() {}

  /**
   * Opens a layer's uncompressed tar, verifying the diffID at end of stream.
   *
   * @param layer the layer
   * @param what how to name the layer in messages
   * @return the stream; the caller reads it to EOF and closes it
   * @throws IOException if the blob cannot be opened
   */
  public static InputStream openVerifiedTar(Layer layer, String what) throws IOException {
    BufferedInputStream blob = new BufferedInputStream(layer.openBlob(), 65536);
    blob.mark(2);
    int b1 = blob.read();
    int b2 = blob.read();
    blob.reset();
    InputStream plain = (b1 == 0x1f && b2 == 0x8b) ? new GZIPInputStream(blob, 65536) : blob;
    MessageDigest md = layer.diffId().newMessageDigest();
    return new DigestInputStream(plain, md) {
      private boolean checked;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0 && !checked) {
          checked = true;
          String hex = HexFormat.of().formatHex(md.digest());
          if (!hex.equals(layer.diffId().hex())) {
            throw new LayerIntegrityException(what + ": diffID mismatch");
          }
        }
        return n;
      }
    };
  }
}
