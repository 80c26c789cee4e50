package dev.stowaway.core.image;

import dev.stowaway.api.image.ImageFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on user-given paths that every source makes, with the messages users see. */
final class Inputs {

  private Inputs() {}

  static void requireExists(Path p) throws ImageFormatException {
    if (!Files.exists(p)) {
      throw new ImageFormatException(p + ": no such file or directory");
    }
    if (!Files.isReadable(p)) {
      throw new ImageFormatException(p + ": not readable");
    }
  }

  static void requireNonEmptyFile(Path p) throws IOException {
    requireExists(p);
    if (Files.isDirectory(p)) {
      throw new ImageFormatException(p + ": is a directory, expected an image archive");
    }
    if (Files.size(p) == 0) {
      throw new ImageFormatException(p + ": empty file, not an image");
    }
  }

  static boolean isGzip(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      byte[] head = in.readNBytes(Compression.MAGIC_LENGTH);
      return Compression.detect(head, head.length) == Compression.GZIP;
    }
  }
}
