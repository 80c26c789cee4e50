package dev.stowaway.api.image;

import java.io.IOException;
import java.io.InputStream;

/**
 * One layer of an image: a (possibly compressed) tar blob plus the digests that identify it.
 *
 * <p>Accessors are pure and cheap. Each {@link #openBlob()} call returns a new stream that the caller
 * owns and must close; a layer can therefore be read again, and by several threads at once.
 * Implementations must be thread-safe.
 */
public interface Layer {

  /**
   * Returns the digest of the blob as stored (compressed bytes), as named by the manifest.
   *
   * @return the blob digest; never null
   */
  Digest digest();

  /**
   * Returns the digest of the uncompressed tar, as named by the config's {@code rootfs.diff_ids}.
   *
   * @return the diffID; never null
   */
  Digest diffId();

  /**
   * Returns the size in bytes of the blob as stored, or -1 when unknown.
   *
   * @return the blob size
   */
  long size();

  /**
   * Returns the media type the manifest declares, or null when the source has none. The actual
   * compression is detected from the bytes, not from this value.
   *
   * @return the declared media type, or null
   */
  String mediaType();

  /**
   * Opens the blob as stored: compressed or not, and not verified. Callers that need verified,
   * decompressed tar bytes go through the core's layer reader, which checks {@link #digest()} and
   * {@link #diffId()} while streaming.
   *
   * @return a new stream positioned at the first byte of the blob; the caller closes it
   * @throws IOException if the blob cannot be opened (missing, unreadable)
   */
  InputStream openBlob() throws IOException;
}
