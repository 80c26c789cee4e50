package dev.stowaway.core.image.build;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.image.Platform;
import java.util.List;

/**
 * An image built in memory by {@link ImageBuilder}: OCI manifest and config bytes plus the layer
 * blobs. Usable directly as an {@link Image} and writable in every format by {@link ImageWriters}.
 *
 * <p>Immutable and thread-safe. Byte-array accessors return copies.
 */
public final class BuiltImage implements Image {

  private final byte[] configBytes;
  private final byte[] manifestBytes;
  private final ImageConfig config;
  private final List<BuiltLayer> layers;
  private final Platform platform;
  private final Digest configDigest;
  private final Digest manifestDigest;

  BuiltImage(byte[] configBytes, byte[] manifestBytes, ImageConfig config, List<BuiltLayer> layers,
      Platform platform) {
    this.configBytes = configBytes;
    this.manifestBytes = manifestBytes;
    this.config = config;
    this.layers = List.copyOf(layers);
    this.platform = platform;
    this.configDigest = Digest.sha256Of(configBytes);
    this.manifestDigest = Digest.sha256Of(manifestBytes);
  }

  /** Returns {@code built:} and the short manifest digest. */
  @Override
  public String name() {
    return "built:" + manifestDigest.shortHex();
  }

  @Override
  public Digest manifestDigest() {
    return manifestDigest;
  }

  @Override
  public Digest configDigest() {
    return configDigest;
  }

  @Override
  public ImageConfig config() {
    return config;
  }

  @Override
  public List<Layer> layers() {
    return List.copyOf(layers);
  }

  /** Returns the layers with their in-memory blobs, base first. */
  public List<BuiltLayer> builtLayers() {
    return layers;
  }

  /** Returns the platform the config declares. */
  public Platform platform() {
    return platform;
  }

  /** Returns a copy of the config JSON bytes. */
  public byte[] configBytes() {
    return configBytes.clone();
  }

  /** Returns a copy of the OCI manifest JSON bytes. */
  public byte[] manifestBytes() {
    return manifestBytes.clone();
  }
}
