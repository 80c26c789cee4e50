package dev.stowaway.core.dos;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * An uncompressed layer holding one file of {@code size} zero bytes, generated on the fly so that no
 * test needs gigabytes of memory or disk.
 */
final class GeneratedTarLayer implements Layer {
  private final String name;
  private final long size;
  private final Digest diffId;

  GeneratedTarLayer(String name, long size) throws IOException {
    this.name = name;
    this.size = size;
    java.security.MessageDigest md = Digest.sha256Of(new byte[0]).newMessageDigest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = openBlob()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    this.diffId = Digest.sha256(HexFormat.of().formatHex(md.digest()));
  }

  @Override
  public Digest digest() {
    return diffId;
  }

  @Override
  public Digest diffId() {
    return diffId;
  }

  @Override
  public long size() {
    return 512 + size + 1024;
  }

  @Override
  public String mediaType() {
    return "application/vnd.oci.image.layer.v1.tar";
  }

  @Override
  public InputStream openBlob() {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(size);
    // A fixed time: the header must be identical on every open, or the diffID would change.
    e.setModTime(new java.util.Date(0));
    byte[] header = new byte[512];
    e.writeEntryHeader(header);
    long padded = (size + 511) / 512 * 512;
    long total = 512 + padded + 1024;
    return new InputStream() {
      long pos;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= total) {
          return -1;
        }
        int n = (int) Math.min(len, total - pos);
        if (pos < 512) {
          n = (int) Math.min(n, 512 - pos);
          System.arraycopy(header, (int) pos, b, off, n);
        } else {
          Arrays.fill(b, off, off + n, (byte) 0);
        }
        pos += n;
        return n;
      }
    };
  }
}
