package dev.stowaway.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * One VEX statement, normalised from OpenVEX or CycloneDX VEX. Immutable.
 *
 * @param vulnerability the vulnerability id; never null
 * @param aliases other ids of the same vulnerability
 * @param products product purls the statement is about (subcomponents when given, else products); empty
 *     means every finding of the vulnerability
 * @param status the OpenVEX status; never null
 * @param justification the {@code not_affected} justification, or null
 * @param detail the impact or action statement, or null
 * @param images the {@code pkg:oci/...} image products whose subcomponents became {@code products}: when
 *     not empty, the statement applies only to a scanned image one of them names (by digest, see
 *     {@link VexDocument}); empty when the statement is not scoped to an image
 */
public record VexStatement(String vulnerability, List<String> aliases, List<String> products, Status status,
    String justification, String detail, List<String> images) {

  /**
   * Creates a statement not scoped to an image.
   *
   * @param vulnerability the vulnerability id; not null
   * @param aliases other ids
   * @param products product purls
   * @param status the status; not null
   * @param justification the justification, or null
   * @param detail the impact or action statement, or null
   */
  public VexStatement(String vulnerability, List<String> aliases, List<String> products, Status status,
      String justification, String detail) {
    this(vulnerability, aliases, products, status, justification, detail, List.of());
  }

  /** The OpenVEX statuses (CycloneDX analysis states are mapped onto them). */
  public enum Status {
    /** The product is not affected: the finding is hidden. */
    NOT_AFFECTED,
    /** The product contains a fix: the finding is hidden. */
    FIXED,
    /** The product is affected: recorded, not hidden. */
    AFFECTED,
    /** Not known yet: recorded, not hidden. */
    UNDER_INVESTIGATION;

    /** The status as written in OpenVEX, such as {@code not_affected}. */
    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Requires id and status; copies the lists. */
  public VexStatement {
    Objects.requireNonNull(vulnerability, "vulnerability");
    Objects.requireNonNull(status, "status");
    aliases = List.copyOf(aliases);
    products = List.copyOf(products);
    images = images == null ? List.of() : List.copyOf(images);
  }
}
