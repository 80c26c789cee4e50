package dev.stowaway.core.image;

import com.github.luben.zstd.ZstdIOException;
import dev.stowaway.api.analysis.LimitExceededException;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.image.LayerIntegrityException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * Opens a layer as verified, uncompressed tar bytes: the compression is detected from the blob's
 * magic bytes and the blob bytes (below the decompressor) are checked against {@link Layer#digest()}.
 * The checks run when the returned stream reaches its end; corrupt or truncated compressed data fails
 * at once.
 *
 * <p>Which digests are hashed. An uncompressed blob is hashed once and checked against both its digest
 * and its diffID. For a compressed blob, {@link #openVerifiedTar(Layer, String)} checks the blob digest
 * only, as containerd's content store and Trivy do: the manifest (itself content-addressed) names that
 * digest, and the tar is a deterministic function of the verified compressed bytes, so hashing the
 * uncompressed stream a second time adds no integrity for the bytes the analyzers read. It only checks
 * the config's claim about them, and costs about as much CPU as inflating (SHA-256 runs at ~180 MB/s on a
 * core without SHA extensions, and the tar is 2-3 times the blob). Whoever uses the diffID as an identity
 * of content (a layer cache) must therefore also key on the verified blob digest, or ask for the full
 * check with {@link #openVerifiedTar(Layer, String, boolean)}.
 *
 * <p>Stateless and thread-safe; each returned stream is for one thread.
 */
public final class LayerStreams {

  /** Uncompressed bytes below which the decompression ratio is not checked. */
  static final long RATIO_FLOOR = 64L << 20;

  private LayerStreams() {}

  /**
   * Opens a layer's tar bytes, verified while streaming: the blob digest always, the diffID too when the
   * blob is uncompressed (see the class comment). The caller must read the stream to its end for the
   * verification to happen (the layer walker drains it) and must close it.
   *
   * @param layer the layer; not null
   * @param what how to name the layer in messages, such as {@code layer 2 (sha256:abcd…)}; not null
   * @return the uncompressed tar bytes; reading past the end throws {@link LayerIntegrityException}
   *     when a digest does not match, or when the compressed data is corrupt or truncated
   * @throws IOException if the blob cannot be opened or its first bytes cannot be read
   */
  public static InputStream openVerifiedTar(Layer layer, String what) throws IOException {
    return openVerifiedTar(layer, what, false, ScanLimits.defaults());
  }

  /**
   * Opens a layer's tar bytes as {@link #openVerifiedTar(Layer, String)} does, optionally hashing the
   * uncompressed bytes of a compressed blob as well to check the config's diffID.
   *
   * @param layer the layer; not null
   * @param what how to name the layer in messages, such as {@code layer 2 (sha256:abcd…)}; not null
   * @param checkDiffId whether to check the diffID of a compressed blob too (an uncompressed blob's is
   *     always checked, at no extra cost)
   * @return the uncompressed tar bytes; reading past the end throws {@link LayerIntegrityException}
   *     when a digest does not match, or when the compressed data is corrupt or truncated
   * @throws IOException if the blob cannot be opened or its first bytes cannot be read
   */
  public static InputStream openVerifiedTar(Layer layer, String what, boolean checkDiffId) throws IOException {
    return openVerifiedTar(layer, what, checkDiffId, ScanLimits.defaults());
  }

  /**
   * Opens a layer's tar bytes as {@link #openVerifiedTar(Layer, String)} does, and also enforces
   * {@link ScanLimits#maxDecompressionRatio()}: once 64 MiB have come out of the decompressor, a read that
   * takes the layer over that ratio throws {@link LimitExceededException} (a decompression bomb).
   *
   * @param layer the layer; not null
   * @param what how to name the layer in messages; not null
   * @param limits the limits; not null
   * @return the uncompressed tar bytes
   * @throws IOException if the blob cannot be opened or its first bytes cannot be read
   */
  public static InputStream openVerifiedTar(Layer layer, String what, ScanLimits limits) throws IOException {
    return openVerifiedTar(layer, what, false, limits);
  }

  /**
   * Opens a layer's tar bytes, verified while streaming (the diffID of a compressed blob only when asked),
   * with the decompression ratio limited. The caller must read the stream to its end for the verification
   * to happen and must close it.
   *
   * @param layer the layer; not null
   * @param what how to name the layer in messages; not null
   * @param checkDiffId whether to check the diffID of a compressed blob too
   * @param limits the limits; not null
   * @return the uncompressed tar bytes
   * @throws IOException if the blob cannot be opened or its first bytes cannot be read
   */
  public static InputStream openVerifiedTar(Layer layer, String what, boolean checkDiffId, ScanLimits limits)
      throws IOException {
    if (!isContentAddressed(layer)) {
      // A root filesystem's tar is generated from the directory: there is no digest to check it against.
      return layer.openBlob();
    }
    InputStream raw = layer.openBlob();
    try {
      VerifyingInputStream blob = new VerifyingInputStream(raw, layer.digest());
      BufferedInputStream buffered = new BufferedInputStream(blob, 64 * 1024);
      Compression compression = Compression.detect(buffered);
      InputStream tar;
      try {
        tar = compression.decompress(buffered);
      } catch (IOException e) {
        throw corrupt(what, compression, e);
      }
      VerifyingInputStream tarCheck;
      boolean blobCheck;
      if (compression == Compression.NONE && layer.digest().equals(layer.diffId())) {
        // docker-archive and uncompressed OCI layers: one hash serves both checks.
        tarCheck = new VerifyingInputStream(tar, layer.diffId());
        blobCheck = false;
      } else if (compression == Compression.NONE || checkDiffId) {
        tarCheck = new VerifyingInputStream(tar, layer.diffId());
        blobCheck = true;
      } else {
        tarCheck = null;
        blobCheck = true;
      }
      return new VerifiedTar(tarCheck == null ? tar : tarCheck, tarCheck, blob, blobCheck, layer, what,
          compression, limits.maxDecompressionRatio());
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * Tells whether a layer's digests really identify its bytes. False only for the synthetic layer of a
   * root filesystem directory ({@link RootfsImage}), whose made-up diffID must never key a cache and
   * whose stream is not verified.
   *
   * @param layer the layer; not null
   * @return true for layers read from images
   */
  public static boolean isContentAddressed(Layer layer) {
    return !(layer instanceof RootfsImage.RootfsLayer);
  }

  private static LayerIntegrityException corrupt(String what, Compression c, IOException e) {
    if (e instanceof LayerIntegrityException) {
      return (LayerIntegrityException) e;
    }
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new LayerIntegrityException(what + ": corrupt or truncated " + c.name().toLowerCase(java.util.Locale.ROOT)
        + " data: " + detail.replaceAll("\\s+", " "), e);
  }

  private static boolean isCorruption(IOException e) {
    return e instanceof EOFException || e instanceof ZipException || e instanceof ZstdIOException
        || (e.getClass().getName().startsWith("com.github.luben.zstd"));
  }

  /** The tar stream: maps decompressor failures to integrity errors and checks digests at the end. */
  private static final class VerifiedTar extends FilterInputStream {
    /** The decompressed stream, hashed or not. */
    private final InputStream tar;
    /** The hashing view of {@code tar}, or null when the diffID is not checked. */
    private final VerifyingInputStream tarCheck;
    private final VerifyingInputStream blob;
    private final boolean blobCheck;
    private final Layer layer;
    private final String what;
    private final Compression compression;
    private final long maxRatio;
    private long out;
    private boolean checked;
    private boolean ended;
    private IOException failure;
    private byte[] skipBuffer;

    VerifiedTar(InputStream tar, VerifyingInputStream tarCheck, VerifyingInputStream blob, boolean blobCheck,
        Layer layer, String what, Compression compression, long maxRatio) {
      super(tar);
      this.maxRatio = maxRatio;
      this.tar = tar;
      this.tarCheck = tarCheck;
      this.blob = blob;
      this.blobCheck = blobCheck;
      this.layer = layer;
      this.what = what;
      this.compression = compression;
    }

    @Override
    public int read() throws IOException {
      int b;
      try {
        b = tar.read();
      } catch (IOException e) {
        throw map(e);
      }
      if (b < 0) {
        ended = true;
        check();
      } else {
        countOut(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = tar.read(b, off, len);
      } catch (IOException e) {
        throw map(e);
      }
      if (n < 0) {
        ended = true;
        check();
      } else {
        countOut(n);
      }
      return n;
    }

    private long skipByReading(long n) throws IOException {
      if (skipBuffer == null) {
        skipBuffer = new byte[(int) Math.min(64 * 1024, Math.max(n, 1))];
      }
      long left = n;
      while (left > 0) {
        int r = tar.read(skipBuffer, 0, (int) Math.min(skipBuffer.length, left));
        if (r < 0) {
          ended = true;
          break;
        }
        left -= r;
      }
      return n - left;
    }

    /** Checks the decompression ratio; only after {@link #RATIO_FLOOR} bytes, so small layers of zeros pass. */
    private void countOut(long n) throws LimitExceededException {
      out += n;
      if (compression != Compression.NONE && out > RATIO_FLOOR && out / Math.max(1, blob.count()) > maxRatio) {
        throw new LimitExceededException(what + ": " + out + " uncompressed bytes from " + blob.count()
            + " compressed bytes, more than " + maxRatio + " to 1 (limit maxDecompressionRatio)");
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        // Skip by reading: every byte must pass through the digests.
        long s = skipByReading(n);
        if (s < n && ended) {
          check();
        }
        countOut(s);
        return s;
      } catch (LayerIntegrityException | LimitExceededException e) {
        throw e;
      } catch (IOException e) {
        throw map(e);
      }
    }

    @Override
    public int available() throws IOException {
      try {
        return tar.available();
      } catch (IOException e) {
        throw map(e);
      }
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

    private IOException map(IOException e) {
      if (e instanceof ImageFormatException) {
        return e;
      }
      if (compression != Compression.NONE && isCorruption(e)) {
        return corrupt(what, compression, e);
      }
      return e;
    }

    private void check() throws IOException {
      if (failure != null) {
        throw failure;
      }
      if (checked) {
        return;
      }
      checked = true;
      try {
        verify();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    private void verify() throws IOException {
      if (blobCheck) {
        // The decompressor may stop before the blob's end (gzip padding); the blob digest covers every byte.
        try {
          blob.drain();
        } catch (IOException e) {
          throw map(e);
        }
        if (layer.size() >= 0 && blob.count() != layer.size()) {
          throw new LayerIntegrityException(what + ": blob size mismatch: manifest says " + layer.size()
              + " bytes, blob has " + blob.count());
        }
        var actual = blob.actual();
        if (!actual.equals(layer.digest())) {
          throw new LayerIntegrityException(what + ": blob digest mismatch: manifest says " + layer.digest()
              + ", content is " + actual);
        }
      }
      if (tarCheck == null) {
        return;
      }
      var actual = tarCheck.actual();
      if (!actual.equals(layer.diffId())) {
        throw new LayerIntegrityException(what + ": diffID mismatch: config says " + layer.diffId()
            + ", content is " + actual);
      }
    }
  }
}
