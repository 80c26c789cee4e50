package dev.stowaway.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options history, diff and rescan share (a picocli mixin): where the store is, and table or JSON. */
final class SnapshotOptions {

  @Option(names = {"-f", "--format"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Folder of the snapshot store and vulnerability database (default: $STOWAWAY_CACHE_DIR or ~/.cache/stowaway).")
  Path cacheDir;

  /** @throws IllegalArgumentException for a format other than table or json */
  void validate() {
    if (!format.equals("table") && !format.equals("json")) {
      throw new IllegalArgumentException("unknown format '" + format + "' (use table or json)");
    }
  }

  boolean json() {
    return format.equals("json");
  }

  /** The cache directory: --cache-dir, else the default. */
  Path dir() {
    return DbCommand.cacheDir(cacheDir);
  }
}
