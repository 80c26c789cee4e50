package dev.stowaway.core.image;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.Layer;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** An image opened from a {@link BlobStore}; closing it closes the store. Thread-safe. */
final class StoredImage implements Image {

  private final String name;
  private final Digest manifestDigest;
  private final Digest configDigest;
  private final ImageConfig config;
  private final List<Layer> layers;
  private final Closeable resources;

  private StoredImage(String name, Digest manifestDigest, Digest configDigest, ImageConfig config,
      List<Layer> layers, Closeable resources) {
    this.name = name;
    this.manifestDigest = manifestDigest;
    this.configDigest = configDigest;
    this.config = config;
    this.layers = List.copyOf(layers);
    this.resources = resources;
  }

  /**
   * Creates the image after checking that the layers line up with the config's diffIDs.
   *
   * @param where names the manifest for messages
   */
  static StoredImage create(String name, String where, Digest manifestDigest, Digest configDigest,
      ImageConfig config, List<Layer> layers, Closeable resources) throws ImageFormatException {
    checkLayers(where, config, layers.size());
    return new StoredImage(name, manifestDigest, configDigest, config, layers, resources);
  }

  static void checkLayers(String where, ImageConfig config, int layerCount) throws ImageFormatException {
    if (layerCount != config.diffIds().size()) {
      throw new ImageFormatException(where + ": manifest lists " + layerCount + " layers but the config's "
          + "rootfs.diff_ids has " + config.diffIds().size());
    }
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
  public void close() throws IOException {
    resources.close();
  }

  @Override
  public String toString() {
    return name;
  }
}
