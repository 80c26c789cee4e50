package dev.stowaway.core.image;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A layer described by its manifest descriptor (digest, size, media type) and config diffID, whose blob
 * comes from some store: a file in a layout or archive, or a registry. Every source builds these; only the
 * way the blob is opened differs.
 *
 * <p>Immutable and thread-safe as long as the opener is.
 */
public final class BlobLayer implements Layer {

  /** Opens a new stream over the blob as stored; the caller closes it. */
  @FunctionalInterface
  public interface Opener {
    /**
     * Opens the blob.
     *
     * @return a new stream positioned at the first byte
     * @throws IOException if the blob cannot be opened
     */
    InputStream open() throws IOException;
  }

  private final Digest digest;
  private final Digest diffId;
  private final long size;
  private final String mediaType;
  private final Opener opener;
  private final String where;

  /**
   * Creates the layer.
   *
   * @param digest the blob digest; not null
   * @param diffId the diffID from the config; not null
   * @param size the blob size, or -1 when unknown
   * @param mediaType the declared media type, or null
   * @param opener opens the blob; not null
   * @param where names where the blob is, for messages (a file, a registry repository); not null
   */
  public BlobLayer(Digest digest, Digest diffId, long size, String mediaType, Opener opener, String where) {
    this.digest = Objects.requireNonNull(digest, "digest");
    this.diffId = Objects.requireNonNull(diffId, "diffId");
    this.size = size;
    this.mediaType = mediaType;
    this.opener = Objects.requireNonNull(opener, "opener");
    this.where = Objects.requireNonNull(where, "where");
  }

  @Override
  public Digest digest() {
    return digest;
  }

  @Override
  public Digest diffId() {
    return diffId;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public String mediaType() {
    return mediaType;
  }

  @Override
  public InputStream openBlob() throws IOException {
    return opener.open();
  }

  @Override
  public String toString() {
    return "layer " + digest + " (" + where + ")";
  }
}
