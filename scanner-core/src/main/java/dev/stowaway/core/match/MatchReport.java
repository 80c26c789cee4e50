package dev.stowaway.core.match;

import dev.stowaway.api.model.VulnerabilityFinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * Returns the held-back upstream advisories in report form: each as the finding it would have been,
   * with an active {@link dev.stowaway.api.report.Suppression.Kind#BACKPORT BACKPORT} suppression whose
   * reason is the explanation and whose source names the distro data that decided instead. A scan keeps
   * them in its result (hidden by default), so reports can say why an upstream advisory was not reported.
   *
   * @return finding to suppression, in match order; never null
   */
  public Map<VulnerabilityFinding, dev.stowaway.api.report.Suppression> backports() {
    Map<VulnerabilityFinding, dev.stowaway.api.report.Suppression> out = new LinkedHashMap<>();
    for (Suppression s : suppressed) {
      out.put(s.match().toFinding(), new dev.stowaway.api.report.Suppression(
          dev.stowaway.api.report.Suppression.Kind.BACKPORT, s.explanation(), null,
          s.owner().ecosystem() + " advisories for " + s.owner().name() + " " + s.owner().version(), true));
    }
    return out;
  }
}
