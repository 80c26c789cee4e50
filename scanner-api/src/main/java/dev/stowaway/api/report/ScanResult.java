package dev.stowaway.api.report;

import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import java.time.Instant;
import java.util.List;
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
 */
public record ScanResult(
    ArtifactInfo artifact, OsRelease os, List<Package> packages, List<Finding> findings,
    List<AnalysisIssue> issues, List<AnalyzerInfo> analyzers, Instant scannedAt) {
  /** Requires artifact and time; copies the lists. */
  public ScanResult {
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(scannedAt, "scannedAt");
    packages = List.copyOf(packages);
    findings = List.copyOf(findings);
    issues = List.copyOf(issues);
    analyzers = List.copyOf(analyzers);
  }
}
