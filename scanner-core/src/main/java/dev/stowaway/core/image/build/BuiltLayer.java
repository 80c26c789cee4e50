package dev.stowaway.core.image.build;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Layer;
import dev.stowaway.core.image.Compression;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * A layer held in memory by a {@link BuiltImage}: the blob as stored (compressed or not) and its
 * digests. Immutable and thread-safe; {@link #blob()} returns the internal array, which callers must
 * not modify.
 */
public final class BuiltLayer implements Layer {

  private final byte[] blob;
  private final Digest digest;
  private final Digest diffId;
  private final Compression compression;

  BuiltLayer(byte[] tar, Compression compression) {
    this.compression = compression;
    this.blob = compression.compress(tar);
    this.digest = Digest.sha256Of(blob);
    this.diffId = Digest.sha256Of(tar);
  }

  /** Returns the blob bytes as stored (the internal array; do not modify). */
  public byte[] blob() {
    return blob;
  }

  /** Returns how the blob is compressed. */
  public Compression compression() {
    return compression;
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
    return blob.length;
  }

  @Override
  public String mediaType() {
    return compression.ociLayerMediaType();
  }

  @Override
  public InputStream openBlob() {
    return new ByteArrayInputStream(blob);
  }
}
