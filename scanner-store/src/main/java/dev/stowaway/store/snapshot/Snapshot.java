package dev.stowaway.store.snapshot;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.Severity;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One recorded scan, as {@link SnapshotStore#history} lists it (the full result is
 * {@link SnapshotStore#load}). Immutable.
 *
 * @param id the store's id for it, increasing in recording order
 * @param name the scanned image as named in the result, such as {@code registry.example/app:1.2}; never null
 * @param repository the image name without tag or digest (see {@link SnapshotStore#repositoryOf}); never null
 * @param tag the tag, or null when the name has none
 * @param manifestDigest the manifest digest, or null
 * @param configDigest the config digest, or null (SBOM scans)
 * @param scannedAt when the scan (or re-match) finished; never null
 * @param scannerVersion the Stowaway version that recorded it; never null
 * @param advisoryDataAt when the advisory data used was imported (the oldest import among the image's
 *     ecosystems), or null when vulnerabilities were not matched
 * @param origin how it was made; never null
 * @param basedOn for a re-scan, the snapshot whose inventory was re-matched; else null
 * @param counts findings per severity that are still in the image and not suppressed; every severity present
 * @param suppressed how many findings an active suppression hides
 */
public record Snapshot(
    long id, String name, String repository, String tag, Digest manifestDigest, Digest configDigest,
    Instant scannedAt, String scannerVersion, Instant advisoryDataAt, Origin origin, Long basedOn,
    Map<Severity, Integer> counts, int suppressed) {

  /** How a snapshot was made. */
  public enum Origin {
    /** A scan of an image (or a root filesystem). */
    SCAN,
    /** A re-match of a stored inventory against newer advisory data, without the image. */
    RESCAN,
    /** A scan of an SBOM document. */
    SBOM
  }

  /** Requires name, repository, time, version and origin; fills missing severities with 0. */
  public Snapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(scannedAt, "scannedAt");
    Objects.requireNonNull(scannerVersion, "scannerVersion");
    Objects.requireNonNull(origin, "origin");
    EnumMap<Severity, Integer> all = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      all.put(s, counts.getOrDefault(s, 0));
    }
    counts = Collections.unmodifiableMap(all);
  }

  /**
   * Returns the count of one severity.
   *
   * @param severity the severity; not null
   * @return the number of unsuppressed findings of it
   */
  public int count(Severity severity) {
    return counts.get(severity);
  }
}
