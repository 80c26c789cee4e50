package dev.stowaway.cli;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A layer of {@code files} empty files ({@code usr/share/doc/pNNNN/fNNNN}), generated as an uncompressed
 * ustar stream on every {@link #openBlob()}: nothing of it is held in memory or on disk. The digest is
 * computed by one generating pass at construction.
 *
 * @see <a href="https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_06">ustar</a>
 */
final class TinyFilesLayer implements Layer {
  private final int files;
  private final Digest digest;

  TinyFilesLayer(int files) throws IOException {
    this.files = files;
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = openBlob()) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    this.digest = new Digest("sha256", HexFormat.of().formatHex(md.digest()));
  }

  @Override
  public Digest digest() {
    return digest;
  }

  @Override
  public Digest diffId() {
    return digest;
  }

  @Override
  public long size() {
    return (files + 2L) * 512;
  }

  @Override
  public String mediaType() {
    return "application/vnd.oci.image.layer.v1.tar";
  }

  @Override
  public InputStream openBlob() {
    return new InputStream() {
      private final byte[] block = new byte[512];
      private int next;
      private int pos = 512;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos == 512) {
          if (next >= files + 2) {
            return -1;
          }
          java.util.Arrays.fill(block, (byte) 0);
          if (next < files) {
            header(String.format("usr/share/doc/p%04d/f%04d", next / 1000, next % 1000));
          }
          next++;
          pos = 0;
        }
        int n = Math.min(len, 512 - pos);
        System.arraycopy(block, pos, b, off, n);
        pos += n;
        return n;
      }

      private void header(String name) {
        put(name, 0, 100);
        put("0000644", 100, 8);
        put("0000000", 108, 8);
        put("0000000", 116, 8);
        put("00000000000", 124, 12);
        put("14000000000", 136, 12);
        java.util.Arrays.fill(block, 148, 156, (byte) ' ');
        block[156] = '0';
        put("ustar", 257, 6);
        put("00", 263, 2);
        int sum = 0;
        for (byte x : block) {
          sum += x & 0xff;
        }
        put(String.format("%06o", sum), 148, 7);
        block[155] = ' ';
      }

      private void put(String s, int at, int max) {
        byte[] v = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, block, at, Math.min(v.length, max));
      }
    };
  }
}
