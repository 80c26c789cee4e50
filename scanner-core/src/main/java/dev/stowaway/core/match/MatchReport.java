package dev.stowaway.core.match;

import dev.stowaway.api.model.VulnerabilityFinding;
import java.util.ArrayList;
import java.util.List;

/**
 * What matching a whole inventory produced ({@link VulnerabilityMatcher#matchInventory}).
 *
 * @param matches the vulnerabilities to report, in package order then by id; never null
 * @param suppressed upstream advisories held back because an OS package provides the package; never null
 */
public record MatchReport(List<VulnerabilityMatch> matches, List<Suppression> suppressed) {
  /** Copies the lists. */
  public MatchReport {
    matches = List.copyOf(matches);
    suppressed = List.copyOf(suppressed);
  }

  /**
   * Returns the report form of the matches.
   *
   * @return one finding per match; never null
   */
  public List<VulnerabilityFinding> findings() {
    List<VulnerabilityFinding> out = new ArrayList<>(matches.size());
    for (VulnerabilityMatch m : matches) {
      out.add(m.toFinding());
    }
    return out;
  }
}
