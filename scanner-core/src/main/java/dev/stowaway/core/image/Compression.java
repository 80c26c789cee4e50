package dev.stowaway.core.image;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A layer blob's compression, detected from its first bytes (never from the media type alone).
 *
 * <p>Stateless and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1952">RFC 1952, gzip</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8878">RFC 8878, Zstandard</a>
 */
public enum Compression {
  /** Uncompressed tar. */
  NONE("application/vnd.oci.image.layer.v1.tar"),
  /** gzip ({@code 1f 8b}). */
  GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
  /** Zstandard ({@code 28 b5 2f fd}). */
  ZSTD("application/vnd.oci.image.layer.v1.tar+zstd");

  /** How many leading bytes {@link #detect(byte[], int)} looks at. */
  public static final int MAGIC_LENGTH = 4;

  private final String ociLayerMediaType;

  Compression(String ociLayerMediaType) {
    this.ociLayerMediaType = ociLayerMediaType;
  }

  /** Returns the OCI layer media type for a blob compressed this way. */
  public String ociLayerMediaType() {
    return ociLayerMediaType;
  }

  /**
   * Detects the compression from a blob's first bytes.
   *
   * @param head the first bytes; not null
   * @param length how many of them are valid
   * @return the compression; {@link #NONE} when no known magic matches
   */
  public static Compression detect(byte[] head, int length) {
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }

  /**
   * Detects the compression of a stream without consuming it.
   *
   * @param in a stream that supports mark/reset; not closed
   * @return the compression
   * @throws IOException if reading fails
   */
  public static Compression detect(InputStream in) throws IOException {
    if (!in.markSupported()) {
      throw new IllegalArgumentException("detect needs a stream that supports mark/reset");
    }
    byte[] head = new byte[MAGIC_LENGTH];
    in.mark(MAGIC_LENGTH);
    int n = in.readNBytes(head, 0, MAGIC_LENGTH);
    in.reset();
    return detect(head, n);
  }

  /**
   * Wraps a compressed stream in a decompressor. gzip accepts concatenated members.
   *
   * @param in the compressed bytes; owned by the returned stream, which closes it
   * @return the decompressed bytes
   * @throws IOException if the header is unreadable
   */
  public InputStream decompress(InputStream in) throws IOException {
    switch (this) {
      case GZIP:
        return new GZIPInputStream(new AnswersAvailable(in), 64 * 1024);
      case ZSTD:
        ZstdInputStream z = new ZstdInputStream(in);
        // zstd-jni would otherwise wait for more input at a truncated frame's end; we want an error.
        z.setContinuous(false);
        return z;
      default:
        return in;
    }
  }

  /**
   * Compresses bytes in memory, deterministically (gzip with a zero mtime), for building images.
   *
   * @param data the uncompressed bytes; not null
   * @return the compressed bytes (the same array for {@link #NONE})
   */
  public byte[] compress(byte[] data) {
    if (this == NONE) {
      return data;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 2 + 64);
    try (OutputStream out = this == GZIP ? new GZIPOutputStream(bytes) : new ZstdOutputStream(bytes)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory compression cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * The JDK's gzip reader looks for a further member only when {@code available() > 0}; streams that
   * always answer 0 (sockets, some filters) would silently end a multi-member blob after its first
   * member. This wrapper answers by peeking one byte.
   */
  private static final class AnswersAvailable extends java.io.FilterInputStream {
    AnswersAvailable(InputStream in) {
      super(in.markSupported() ? in : new java.io.BufferedInputStream(in));
    }

    @Override
    public int available() throws IOException {
      int n = in.available();
      if (n > 0) {
        return n;
      }
      in.mark(1);
      int b = in.read();
      in.reset();
      return b < 0 ? 0 : 1;
    }
  }
}
