package dev.stowaway.core.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Returns at most {@code chunk} bytes per read call (1 by default), to flush out parsers that assume a
 * read fills the buffer. Fails the test if the code under test closes it (streams handed to analyzers
 * belong to the caller).
 */
public final class ThrottledInputStream extends FilterInputStream {
  private final int chunk;
  private boolean closed;

  /** @param in the bytes @param chunk the most bytes one read returns */
  public ThrottledInputStream(InputStream in, int chunk) {
    super(in);
    this.chunk = chunk;
  }

  /** @param in the bytes, returned one byte per read */
  public ThrottledInputStream(InputStream in) {
    this(in, 1);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return super.read(b, off, Math.min(len, chunk));
  }

  @Override
  public long skip(long n) throws IOException {
    return super.skip(Math.min(n, chunk));
  }

  @Override
  public int available() {
    return 0;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** @return true if someone called close */
  public boolean wasClosed() {
    return closed;
  }
}
