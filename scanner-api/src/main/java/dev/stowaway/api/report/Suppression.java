package dev.stowaway.api.report;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Why a finding is (or was meant to be) hidden: a policy exception, a VEX statement or a backport
 * explanation. Attached to findings through {@link ScanResult#suppressions()}; the finding itself stays
 * in the result so reports can show what was hidden and why. Immutable.
 *
 * @param kind what produced this; never null
 * @param reason the human explanation (exception reason, VEX status and justification); never null
 * @param expires the last day the suppression applies, or null when it does not expire
 * @param source where it came from, such as {@code stowaway.toml:12} or a VEX document id; may be null
 * @param active true when the finding is hidden; false for an expired exception or a VEX statement that
 *     does not clear the finding ({@code affected}, {@code under_investigation}), which are recorded only
 */
public record Suppression(Kind kind, String reason, LocalDate expires, String source, boolean active) {

  /** What produced a suppression. */
  public enum Kind {
    /** An {@code [[exception]]} in the policy file. */
    EXCEPTION,
    /** A VEX statement (OpenVEX or CycloneDX VEX). */
    VEX,
    /** A distribution backport explanation. */
    BACKPORT
  }

  /** Requires kind and reason. */
  public Suppression {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }
}
