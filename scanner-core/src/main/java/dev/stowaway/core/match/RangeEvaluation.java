package dev.stowaway.core.match;

import java.util.Objects;

/**
 * The verdict of {@link OsvRangeEvaluator} for one version against one affected entry.
 *
 * @param verdict affected, not affected, or not decidable; never null
 * @param fixedVersion when affected: the first fixed version above the installed one, or null when no
 *     fix is known
 * @param reason why, in words (which range or listed version matched, or what could not be compared);
 *     never null
 */
public record RangeEvaluation(Verdict verdict, String fixedVersion, String reason) {
  /** Requires verdict and reason. */
  public RangeEvaluation {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(reason, "reason");
  }

  /** @return true if the verdict is {@link Verdict#AFFECTED} */
  public boolean affected() {
    return verdict == Verdict.AFFECTED;
  }

  /** An evaluation's outcome. */
  public enum Verdict {
    /** The version is inside a range or listed. */
    AFFECTED,
    /** The version is outside every evaluable range and not listed. */
    NOT_AFFECTED,
    /**
     * Nothing could be evaluated: no comparator for the scheme, an invalid version, or only GIT ranges.
     */
    UNDECIDED
  }
}
