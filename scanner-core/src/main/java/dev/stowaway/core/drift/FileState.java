package dev.stowaway.core.drift;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.walk.EntryType;
import java.util.Objects;

/**
 * What one path of a file view is: enough to tell whether it changed, and nothing about time.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type {@link EntryType#FILE}, {@link EntryType#DIRECTORY}, {@link EntryType#SYMLINK} or
 *     {@link EntryType#OTHER} (devices, FIFOs); a hard link is resolved to the file it names; never null
 * @param mode the permission bits with setuid, setgid and sticky ({@code 07777})
 * @param uid the numeric owner
 * @param gid the numeric group
 * @param size the content size for files, else 0
 * @param sha256 the content digest for files, else null
 * @param linkTarget a symlink's target as stored, else null
 * @param layer the image layer that last wrote this path, or null (a root filesystem, an implied directory)
 * @param implied true for a directory no entry described, only implied by paths below it: its mode and
 *     owner are unknown and are not compared
 */
public record FileState(EntryType type, int mode, long uid, long gid, long size, Digest sha256, String linkTarget,
    LayerRef layer, boolean implied) {

  /** Requires a type and masks the mode to {@code 07777}. */
  public FileState {
    Objects.requireNonNull(type, "type");
    mode &= 07777;
  }

  /** Returns true for a regular file with an execute bit for anyone. */
  public boolean executable() {
    return type == EntryType.FILE && (mode & 0111) != 0;
  }

  /** Returns true for a regular file with the setuid or setgid bit. */
  public boolean setuidOrSetgid() {
    return type == EntryType.FILE && (mode & 06000) != 0;
  }

  /** Returns an implied directory (no entry of its own). */
  static FileState impliedDirectory() {
    return new FileState(EntryType.DIRECTORY, 0755, 0, 0, 0, null, null, null, true);
  }
}
