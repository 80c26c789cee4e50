package dev.stowaway.core.image.registry;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.Layer;
import java.util.List;

/** An image whose manifest and config were pulled; its layers stream from the registry. Immutable, thread-safe. */
final class RegistryImage implements Image {

  private final String name;
  private final Digest manifestDigest;
  private final Digest configDigest;
  private final ImageConfig config;
  private final List<Layer> layers;

  RegistryImage(String name, Digest manifestDigest, Digest configDigest, ImageConfig config, List<Layer> layers) {
    this.name = name;
    this.manifestDigest = manifestDigest;
    this.configDigest = configDigest;
    this.config = config;
    this.layers = List.copyOf(layers);
  }

  @Override
  public String name() {
    return name;
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
    return layers;
  }

  @Override
  public String toString() {
    return name;
  }
}
