package dev.stowaway.api.image;

import java.util.Objects;

/**
 * Options that steer how an {@link ImageSource} opens an image.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param platform the platform to pick from an index; never null (default {@link Platform#LINUX_AMD64})
 * @param maxMetadataBytes the largest manifest, index or config the source will read into memory
 */
public record SourceOptions(Platform platform, long maxMetadataBytes) {

  /** Default for {@link #maxMetadataBytes()}: {@value} bytes (8 MiB). */
  public static final long DEFAULT_MAX_METADATA_BYTES = 8L << 20;

  /** Requires a platform and a positive metadata bound. */
  public SourceOptions {
    Objects.requireNonNull(platform, "platform");
    if (maxMetadataBytes <= 0) {
      throw new IllegalArgumentException("maxMetadataBytes must be positive");
    }
  }

  /**
   * Returns the defaults: linux/amd64 and 8 MiB of metadata.
   *
   * @return default options
   */
  public static SourceOptions defaults() {
    return new SourceOptions(Platform.LINUX_AMD64, DEFAULT_MAX_METADATA_BYTES);
  }

  /**
   * Returns a copy that picks the given platform.
   *
   * @param p the platform; not null
   * @return new options
   */
  public SourceOptions withPlatform(Platform p) {
    return new SourceOptions(p, maxMetadataBytes);
  }
}
