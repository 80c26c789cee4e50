package dev.stowaway.core.image;

import dev.stowaway.api.image.ImageFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Named files of an image container (an OCI layout directory, a tar archive), addressed by
 * slash-separated relative paths such as {@code blobs/sha256/abc…}. Thread-safe: several streams
 * may be open at once, from several threads.
 */
interface BlobStore extends Closeable {

  /** Names a file for messages, e.g. {@code /images/app.tar!manifest.json}. */
  String describe(String path);

  /** Returns the file's size, or -1 when it does not exist (or is not a regular file). */
  long size(String path) throws IOException;

  /** Opens the file; the caller closes the stream. Throws ImageFormatException when missing. */
  InputStream open(String path) throws IOException;

  /**
   * Reads a whole metadata file, refusing more than {@code max} bytes.
   *
   * @throws ImageFormatException when missing or too large
   */
  default byte[] readMetadata(String path, long max) throws IOException {
    long size = size(path);
    if (size < 0) {
      throw new ImageFormatException(describe(path) + ": missing");
    }
    if (size > max) {
      throw new ImageFormatException(describe(path) + ": " + size + " bytes is more than the metadata limit of "
          + max + " bytes");
    }
    try (InputStream in = open(path)) {
      byte[] data = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
      if (data.length > max) {
        throw new ImageFormatException(describe(path) + ": more than the metadata limit of " + max + " bytes");
      }
      return data;
    }
  }
}
