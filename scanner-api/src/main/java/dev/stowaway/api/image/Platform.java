package dev.stowaway.api.image;

import java.util.Objects;

/**
 * An OS/architecture pair with an optional variant, such as {@code linux/arm64/v8}.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param os the operating system, such as {@code linux}; never null
 * @param architecture the architecture in Go's naming, such as {@code amd64}; never null
 * @param variant the CPU variant such as {@code v8}, or {@code null} when none was given
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">OCI image index, platform</a>
 */
public record Platform(String os, String architecture, String variant) {

  /** {@code linux/amd64}, the platform chosen from an index when none is asked for. */
  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);

  /** Requires os and architecture; an empty variant becomes null. */
  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    if (variant != null && variant.isEmpty()) {
      variant = null;
    }
  }

  /**
   * Parses {@code os/arch[/variant]}.
   *
   * @param text the platform text; not null
   * @return the platform
   * @throws IllegalArgumentException if the text has fewer than two or more than three parts
   */
  public static Platform parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException("not a platform (expected os/arch[/variant]): " + text);
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
  }

  /**
   * Tells whether an image built for {@code candidate} satisfies a request for this platform: os and
   * architecture must be equal; a variant is compared only when both name one.
   *
   * @param candidate the platform an index entry declares; not null
   * @return true if it satisfies this request
   */
  public boolean accepts(Platform candidate) {
    return os.equals(candidate.os)
        && architecture.equals(candidate.architecture)
        && (variant == null || candidate.variant == null || variant.equals(candidate.variant));
  }

  /** Returns {@code os/arch[/variant]}. */
  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
