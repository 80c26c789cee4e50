package dev.stowaway.api.image;

import java.io.IOException;

/**
 * A kind of place images come from (an OCI layout directory, a {@code docker save} archive, a
 * registry). Found with {@link java.util.ServiceLoader}; implementations are stateless singletons,
 * thread-safe, with a public no-argument constructor.
 *
 * <p>A locator is what follows the scheme prefix on the command line: for
 * {@code oci:/images/app:latest} the scheme is {@code oci} and the locator {@code /images/app:latest}.
 */
public interface ImageSource {

  /**
   * Returns the scheme prefix this source answers to, such as {@code docker-archive}.
   *
   * @return the scheme; never null, lower case, stable
   */
  String scheme();

  /**
   * Tells whether this source recognises an unprefixed locator (a bare path) as its own, by looking
   * at it cheaply (a directory with {@code oci-layout}, a tar whose names give it away). Used to
   * detect the kind of a bare path. Must not throw for input it does not recognise.
   *
   * @param locator a bare locator; not null
   * @return true if {@link #open} would treat it as this source's kind
   */
  boolean recognizes(String locator);

  /**
   * Opens an image: reads and checks the manifest and config, and returns an image whose layers can
   * be streamed.
   *
   * @param locator where the image is, in this source's syntax; not null
   * @param options platform choice and limits; not null
   * @return the opened image, which the caller closes
   * @throws ImageFormatException if the input is not a valid image of this kind (the message names
   *     the file and the problem)
   * @throws IOException if the input cannot be read
   */
  Image open(String locator, SourceOptions options) throws IOException;
}
