package dev.stowaway.api.walk;

import java.time.Instant;
import java.util.Objects;

/**
 * The metadata of one tar entry in a layer. The content is handed to analyzers separately, as a stream
 * whose lifetime is the call.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param path the normalised path: relative to the root, no leading {@code /} or {@code ./}, no
 *     trailing {@code /}, no {@code .} or {@code ..} segments; never null
 * @param type the entry type; never null
 * @param size the content size in bytes (0 for anything but files)
 * @param mode the permission and special bits ({@code 07777} part of the tar mode)
 * @param uid the owner's numeric user id
 * @param gid the owner's numeric group id
 * @param linkTarget for links the target (a hard link's target is a normalised path); null otherwise
 * @param modified the modification time; never null
 */
public record LayerEntry(
    String path, EntryType type, long size, int mode, long uid, long gid, String linkTarget, Instant modified) {

  /** Set-user-id bit of {@link #mode()}. */
  public static final int SETUID = 04000;
  /** Set-group-id bit of {@link #mode()}. */
  public static final int SETGID = 02000;
  /** Write permission for others in {@link #mode()}. */
  public static final int OTHERS_WRITE = 0002;

  /** Requires path, type and time; size must not be negative. */
  public LayerEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(modified, "modified");
    if (size < 0) {
      throw new IllegalArgumentException("negative size for " + path);
    }
  }

  /**
   * Convenience for tests and analyzers: a regular file with mode 0644, owned by root, at the epoch.
   *
   * @param path normalised path
   * @param size content size
   * @return the entry
   */
  public static LayerEntry file(String path, long size) {
    return new LayerEntry(path, EntryType.FILE, size, 0644, 0, 0, null, Instant.EPOCH);
  }

  /**
   * Returns the last path segment.
   *
   * @return the base name; never null
   */
  public String basename() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
