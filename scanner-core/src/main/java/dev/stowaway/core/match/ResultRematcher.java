package dev.stowaway.core.match;

import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.api.vuln.AdvisorySource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Matches the package inventory of an existing result against advisory data again, without the image:
 * for re-scanning stored snapshots when new advisories arrive, and for scanning SBOMs. The vulnerability
 * findings are replaced; every other finding, the packages, layers and issues are kept as they are.
 *
 * <p>Immutable and thread-safe when the advisory source is.
 */
public final class ResultRematcher {

  private final VulnerabilityMatcher matcher;
  private final boolean ignoreUnfixed;

  /**
   * Creates a rematcher.
   *
   * @param advisories the advisory data; not null
   * @param ignoreUnfixed true to leave out vulnerabilities without a known fix, as a scan would
   */
  public ResultRematcher(AdvisorySource advisories, boolean ignoreUnfixed) {
    this.matcher = new VulnerabilityMatcher(Objects.requireNonNull(advisories, "advisories"));
    this.ignoreUnfixed = ignoreUnfixed;
  }

  /**
   * Re-matches a result. Suppressions of kept (non-vulnerability) findings are kept; policies and VEX
   * are for the caller to apply again to the new vulnerability findings.
   *
   * @param result the result whose packages to match; not null
   * @param at the time of the new result; not null
   * @return a new result with fresh vulnerability findings (after the kept findings, in package order);
   *     never null
   */
  public ScanResult rematch(ScanResult result, Instant at) {
    List<Finding> findings = new ArrayList<>();
    Map<Finding, Suppression> suppressions = new LinkedHashMap<>();
    for (Finding f : result.findings()) {
      if (!(f instanceof VulnerabilityFinding)) {
        findings.add(f);
        Suppression s = result.suppression(f);
        if (s != null) {
          suppressions.put(f, s);
        }
      }
    }
    for (VulnerabilityFinding v : matcher.matchInventory(result.packages()).findings()) {
      if (!ignoreUnfixed || v.fixedVersion() != null) {
        findings.add(v);
      }
    }
    // reporters sort; this package does not depend on the core's ResultOrder (the core depends on it)
    return new ScanResult(result.artifact(), result.os(), result.packages(), findings, result.issues(),
        result.analyzers(), at, suppressions);
  }
}
