package dev.stowaway.core.image;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Layer;
import java.io.IOException;
import java.io.InputStream;

/** A layer whose blob is a file in a {@link BlobStore}. Immutable and thread-safe. */
final class StoredLayer implements Layer {

  private final BlobStore store;
  private final String path;
  private final Digest digest;
  private final Digest diffId;
  private final long size;
  private final String mediaType;

  StoredLayer(BlobStore store, String path, Digest digest, Digest diffId, long size, String mediaType) {
    this.store = store;
    this.path = path;
    this.digest = digest;
    this.diffId = diffId;
    this.size = size;
    this.mediaType = mediaType;
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
    return store.open(path);
  }

  @Override
  public String toString() {
    return "layer " + digest + " (" + store.describe(path) + ")";
  }
}
