package dev.stowaway.core.image;

import dev.stowaway.api.image.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes and counts every byte read through it, so a caller can compare the content's digest with
 * the expected one once the stream has reached its end. {@link #skip} reads (and hashes) the
 * skipped bytes, so skipping cannot bypass verification.
 *
 * <p>Not thread-safe, like any stream. Closing it closes the wrapped stream.
 */
public final class VerifyingInputStream extends FilterInputStream {

  private final Digest expected;
  private final MessageDigest md;
  private long count;
  private boolean eof;

  /**
   * Wraps a stream.
   *
   * @param in the content; owned by this stream
   * @param expected the digest the content should have; its algorithm is used for hashing; not null
   */
  public VerifyingInputStream(InputStream in, Digest expected) {
    super(in);
    this.expected = expected;
    this.md = expected.newMessageDigest();
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      eof = true;
    } else {
      md.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) {
      eof = true;
    } else if (n > 0) {
      md.update(b, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
    long left = n;
    while (left > 0) {
      int r = read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        break;
      }
      left -= r;
    }
    return n - left;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  /** Reads the rest of the stream (hashing it) so that {@link #actual()} covers all of it. */
  public void drain() throws IOException {
    byte[] buf = new byte[64 * 1024];
    while (read(buf, 0, buf.length) >= 0) {
      // hashing happens in read
    }
  }

  /** Tells whether the wrapped stream has reported its end. */
  public boolean reachedEnd() {
    return eof;
  }

  /** Returns how many bytes were read so far. */
  public long count() {
    return count;
  }

  /** Returns the expected digest. */
  public Digest expected() {
    return expected;
  }

  /**
   * Returns the digest of the bytes read; call once, after the end was reached.
   *
   * @return the actual digest
   */
  public Digest actual() {
    return new Digest(expected.algorithm(), HexFormat.of().formatHex(md.digest()));
  }
}
