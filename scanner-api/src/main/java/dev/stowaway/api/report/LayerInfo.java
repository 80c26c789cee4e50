package dev.stowaway.api.report;

import dev.stowaway.api.image.Digest;
import java.util.Objects;

/**
 * One layer as the report describes it.
 *
 * @param index position, 0 for the base
 * @param digest the blob digest; never null
 * @param diffId the diffID; never null
 * @param size the blob size, or -1 when unknown
 * @param createdBy the history command, or null
 */
public record LayerInfo(int index, Digest digest, Digest diffId, long size, String createdBy) {
  /** Requires both digests. */
  public LayerInfo {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(diffId, "diffId");
  }
}
