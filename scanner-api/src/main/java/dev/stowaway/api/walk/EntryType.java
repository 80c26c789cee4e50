package dev.stowaway.api.walk;

/** The kind of a tar entry in a layer. */
public enum EntryType {
  /** A regular file with content. */
  FILE,
  /** A directory. */
  DIRECTORY,
  /** A symbolic link; {@link LayerEntry#linkTarget()} holds the target as written in the tar. */
  SYMLINK,
  /** A hard link to an earlier entry; {@link LayerEntry#linkTarget()} holds that entry's normalised path. */
  HARDLINK,
  /** Anything else: devices, FIFOs. */
  OTHER
}
