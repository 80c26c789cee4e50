package dev.stowaway.api.image;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * One platform's image, opened from an {@link ImageSource}: its manifest and config are already
 * read and checked when the image is returned, so accessors do no I/O.
 *
 * <p>Implementations are thread-safe; {@link #close()} releases files the source keeps open (an
 * archive, a temporary download) and must be called once scanning is done.
 */
public interface Image extends Closeable {

  /**
   * Returns a human-readable name of the image, such as the reference or the path it was opened
   * from ({@code docker.io/library/alpine:3.20}, {@code oci:/images/app:latest}).
   *
   * @return the name; never null
   */
  String name();

  /**
   * Returns the digest of the manifest bytes, or null when the source has no manifest blob (a
   * classic docker-archive has only {@code manifest.json}).
   *
   * @return the manifest digest, or null
   */
  Digest manifestDigest();

  /**
   * Returns the digest of the config blob.
   *
   * @return the config digest; never null
   */
  Digest configDigest();

  /**
   * Returns the parsed config.
   *
   * @return the config; never null
   */
  ImageConfig config();

  /**
   * Returns the layers, base first. The i-th layer's {@link Layer#diffId()} equals the config's
   * i-th diffID; sources check this when they open the image.
   *
   * @return the layers; never null, possibly empty, unmodifiable
   */
  List<Layer> layers();

  /**
   * Releases resources held by this image. Streams already opened from layers stay usable until
   * they are closed. The default does nothing.
   *
   * @throws IOException if releasing fails
   */
  @Override
  default void close() throws IOException {}
}
