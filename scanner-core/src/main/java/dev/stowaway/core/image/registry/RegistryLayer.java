package dev.stowaway.core.image.registry;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Layer;
import java.io.IOException;
import java.io.InputStream;

/** A layer whose blob is streamed from a registry on every {@link #openBlob()}. Immutable and thread-safe. */
final class RegistryLayer implements Layer {

  private final RegistryClient client;
  private final Digest digest;
  private final Digest diffId;
  private final long size;
  private final String mediaType;

  RegistryLayer(RegistryClient client, Digest digest, Digest diffId, long size, String mediaType) {
    this.client = client;
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

  /** Connects to the registry and returns the blob's bytes; waits for a free connection permit. */
  @Override
  public InputStream openBlob() throws IOException {
    return new RegistryBlobStream(client, digest, size).connect();
  }

  @Override
  public String toString() {
    return "layer " + digest + " (" + client.registry() + "/" + client.repository() + ")";
  }
}
