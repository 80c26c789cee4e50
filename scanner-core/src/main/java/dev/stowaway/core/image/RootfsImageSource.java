package dev.stowaway.core.image;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.ImageSource;
import dev.stowaway.api.image.SourceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens a root filesystem directory as an image: a running container's root ({@code /proc/PID/root}),
 * an exported container, an unpacked image. Scheme {@code rootfs}; the locator is the directory. Bare
 * directories are not recognised (a directory is an OCI layout or nothing), so the prefix is required.
 *
 * <p>The image has one synthetic layer whose tar stream is generated from the directory while it is
 * read (see {@link RootfsImage}): nothing is copied. Virtual and volatile trees are left out,
 * by default {@link #DEFAULT_EXCLUDED}.
 *
 * <p>Immutable and thread-safe. The no-argument constructor (used by {@link java.util.ServiceLoader})
 * excludes the defaults.
 */
public final class RootfsImageSource implements ImageSource {

  /** The scheme, {@value}. */
  public static final String SCHEME = "rootfs";

  /** Paths left out by default: kernel and device trees, and runtime scratch space. */
  public static final Set<String> DEFAULT_EXCLUDED = Set.of("proc", "sys", "dev", "run", "tmp");

  private final Set<String> excluded;

  /** Creates the source excluding {@link #DEFAULT_EXCLUDED} (used by {@link java.util.ServiceLoader}). */
  public RootfsImageSource() {
    this(DEFAULT_EXCLUDED);
  }

  /**
   * Creates the source with its own excluded paths.
   *
   * @param excluded paths relative to the root ({@code /proc} and {@code proc/} both mean {@code proc})
   *     left out with everything below them; not null, possibly empty
   * @throws IllegalArgumentException if a path is empty or climbs out with {@code ..}
   */
  public RootfsImageSource(Set<String> excluded) {
    this.excluded = normalizeExcluded(excluded);
  }

  /**
   * Normalises excluded paths: no leading or trailing {@code /}, no {@code .} segments.
   *
   * @param paths the paths as given; not null
   * @return the normalised, sorted, unmodifiable set
   * @throws IllegalArgumentException if a path is empty, the root itself, or contains {@code ..}
   */
  public static Set<String> normalizeExcluded(Set<String> paths) {
    Set<String> out = new TreeSet<>();
    for (String p : paths) {
      StringBuilder sb = new StringBuilder();
      for (String seg : p.split("/")) {
        if (seg.isEmpty() || seg.equals(".")) {
          continue;
        }
        if (seg.equals("..")) {
          throw new IllegalArgumentException("excluded path may not contain '..': " + p);
        }
        sb.append(sb.length() == 0 ? "" : "/").append(seg);
      }
      if (sb.length() == 0) {
        throw new IllegalArgumentException("excluded path names the whole root: '" + p + "'");
      }
      out.add(sb.toString());
    }
    return java.util.Collections.unmodifiableSet(out);
  }

  /**
   * Returns the excluded paths.
   *
   * @return normalised relative paths; never null
   */
  public Set<String> excluded() {
    return excluded;
  }

  @Override
  public String scheme() {
    return SCHEME;
  }

  /** Always false: a bare directory is not taken for a root filesystem; use {@code rootfs:DIR}. */
  @Override
  public boolean recognizes(String locator) {
    return false;
  }

  @Override
  public Image open(String locator, SourceOptions options) throws IOException {
    Path dir;
    try {
      dir = Path.of(locator.isEmpty() ? "." : locator);
    } catch (InvalidPathException e) {
      throw new ImageFormatException(locator + ": not a valid path: " + e.getReason());
    }
    if (!Files.exists(dir)) {
      throw new NoSuchFileException(dir.toString());
    }
    if (!Files.isDirectory(dir)) {
      throw new ImageFormatException(dir + ": not a directory (rootfs: takes a root filesystem directory)");
    }
    // The root may itself be a symlink (/proc/PID/root is one); below it nothing is followed.
    Path real = dir.toRealPath();
    if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new ImageFormatException(dir + ": not a directory");
    }
    return new RootfsImage(dir, real, excluded);
  }

  @Override
  public String toString() {
    return "RootfsImageSource[excluded=" + excluded + "]";
  }
}
