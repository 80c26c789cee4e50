package dev.stowaway.core.image;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.ImageFormatException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A locator split into a path and an optional reference suffix ({@code PATH:TAG},
 * {@code PATH@sha256:…}, {@code PATH:repo:tag}). When the whole locator exists as a file, it is the
 * path, so paths that contain colons still work.
 */
record Locator(Path path, String tag, Digest digest) {

  /** Splits {@code PATH[:TAG|@DIGEST]}, where TAG may not contain a slash. */
  static Locator withTag(String locator) throws ImageFormatException {
    if (locator.isEmpty()) {
      throw new ImageFormatException("empty image location");
    }
    if (Files.exists(Path.of(locator))) {
      return new Locator(Path.of(locator), null, null);
    }
    int at = locator.lastIndexOf('@');
    if (at > 0 && locator.startsWith("sha", at + 1)) {
      try {
        return new Locator(Path.of(locator.substring(0, at)), null, Digest.parse(locator.substring(at + 1)));
      } catch (IllegalArgumentException e) {
        throw new ImageFormatException(locator + ": " + e.getMessage());
      }
    }
    int colon = locator.lastIndexOf(':');
    if (colon > 0 && colon > locator.lastIndexOf('/') && colon < locator.length() - 1) {
      return new Locator(Path.of(locator.substring(0, colon)), locator.substring(colon + 1), null);
    }
    return new Locator(Path.of(locator), null, null);
  }

  /**
   * Splits {@code PATH[:repo[:tag]]} for docker-archive, where the reference itself may contain a
   * colon (a registry port) and slashes: the path is the longest prefix ending before a colon that
   * exists as a file.
   */
  static Locator withRepoTag(String locator) throws ImageFormatException {
    if (locator.isEmpty()) {
      throw new ImageFormatException("empty image location");
    }
    if (Files.exists(Path.of(locator))) {
      return new Locator(Path.of(locator), null, null);
    }
    for (int i = locator.indexOf(':'); i > 0; i = locator.indexOf(':', i + 1)) {
      Path p = Path.of(locator.substring(0, i));
      if (Files.isRegularFile(p) && i < locator.length() - 1) {
        return new Locator(p, locator.substring(i + 1), null);
      }
    }
    return new Locator(Path.of(locator), null, null);
  }
}
