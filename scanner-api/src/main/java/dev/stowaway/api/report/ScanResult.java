package dev.stowaway.api.report;

import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one scan found, merged over the layers. Pure data: immutable, safe to share, and
 * buildable by hand (in policy unit tests, say).
 *
 * @param artifact what was scanned; never null
 * @param os the detected operating system, or null when none was found
 * @param packages the packages in the final filesystem, each with the layer that introduced it
 * @param findings the findings, including secrets in files that a later layer deleted
 * @param issues problems that did not stop the scan
 * @param analyzers the analyzers that ran, sorted by id
 * @param scannedAt when the scan finished; never null
 * @param suppressions suppressions attached to findings of this result (keys are elements of
 *     {@code findings}; a finding with an {@link Suppression#active() active} suppression is hidden by
 *     default but still reported); empty when no policy or VEX was applied. Added after schema 1 as an
 *     additive component: the seven-argument constructor still works and gives an empty map.
 */
public record ScanResult(
    ArtifactInfo artifact, OsRelease os, List<Package> packages, List<Finding> findings,
    List<AnalysisIssue> issues, List<AnalyzerInfo> analyzers, Instant scannedAt,
    Map<Finding, Suppression> suppressions) {
  /** Requires artifact and time; copies the lists. */
  public ScanResult {
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(scannedAt, "scannedAt");
    packages = List.copyOf(packages);
    findings = List.copyOf(findings);
    issues = List.copyOf(issues);
    analyzers = List.copyOf(analyzers);
    suppressions = suppressions == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(suppressions));
  }

  /**
   * Creates a result without suppressions (the original constructor).
   *
   * @param artifact what was scanned; never null
   * @param os the detected operating system, or null
   * @param packages the packages
   * @param findings the findings
   * @param issues problems that did not stop the scan
   * @param analyzers the analyzers that ran
   * @param scannedAt when the scan finished; never null
   */
  public ScanResult(ArtifactInfo artifact, OsRelease os, List<Package> packages, List<Finding> findings,
      List<AnalysisIssue> issues, List<AnalyzerInfo> analyzers, Instant scannedAt) {
    this(artifact, os, packages, findings, issues, analyzers, scannedAt, Map.of());
  }

  /**
   * Returns a copy with these suppressions instead of the current ones.
   *
   * @param newSuppressions the suppressions by finding; not null
   * @return the new result
   */
  public ScanResult withSuppressions(Map<Finding, Suppression> newSuppressions) {
    return new ScanResult(artifact, os, packages, findings, issues, analyzers, scannedAt, newSuppressions);
  }

  /**
   * Returns the suppression attached to a finding.
   *
   * @param finding a finding of this result
   * @return the suppression, or null when none
   */
  public Suppression suppression(Finding finding) {
    return suppressions.get(finding);
  }

  /**
   * Tells whether a finding is hidden by an active suppression.
   *
   * @param finding a finding of this result
   * @return true when an active suppression is attached
   */
  public boolean isSuppressed(Finding finding) {
    Suppression s = suppressions.get(finding);
    return s != null && s.active();
  }
}
