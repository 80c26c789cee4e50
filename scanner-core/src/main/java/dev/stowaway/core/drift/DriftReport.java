package dev.stowaway.core.drift;

import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.ScanResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link DriftDetector} found: one finding per drifted path or package, and what could not be
 * compared.
 *
 * <p>Immutable and thread-safe.
 *
 * @param image the image's name; never null
 * @param rootfs the root filesystem's name ({@code rootfs:DIR}); never null
 * @param findings the drift, sorted by severity (worst first), then id and path; never null
 * @param issues files that could not be read or compared; never null
 * @param comparedPaths how many paths were compared (after exclusions)
 */
public record DriftReport(String image, String rootfs, List<MisconfigurationFinding> findings,
    List<AnalysisIssue> issues, long comparedPaths) {

  /** Requires names and copies the lists. */
  public DriftReport {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(rootfs, "rootfs");
    findings = List.copyOf(findings);
    issues = List.copyOf(issues);
  }

  /**
   * Tells whether some drift is at least this severe.
   *
   * @param threshold the severity; not null
   * @return true if a finding is as bad or worse
   */
  public boolean hasDriftAtLeast(Severity threshold) {
    return findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
  }

  /**
   * Returns the findings with the given id.
   *
   * @param id such as {@link DriftDetector#ADDED_EXECUTABLE}; not null
   * @return those findings, in report order
   */
  public List<MisconfigurationFinding> withId(String id) {
    return findings.stream().filter(f -> f.id().equals(id)).toList();
  }

  /**
   * Presents the report as a scan result of the root filesystem whose findings are the drift, so that
   * every reporter (table, JSON, SARIF) and severity gate works on it.
   *
   * @param artifact what to name as scanned (the image's info is a good choice); not null
   * @param at the time to stamp; not null
   * @return the result, with no packages
   */
  public ScanResult toScanResult(ArtifactInfo artifact, Instant at) {
    return new ScanResult(artifact, null, List.of(), List.<Finding>copyOf(findings), issues, List.of(), at);
  }
}
