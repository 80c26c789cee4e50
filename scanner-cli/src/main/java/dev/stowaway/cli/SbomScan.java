package dev.stowaway.cli;

import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.vuln.AdvisorySource;
import dev.stowaway.core.match.ResultRematcher;
import dev.stowaway.core.sbom.SbomReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** {@code scan sbom:FILE}: the SBOM's packages matched like an image's, without an image. */
final class SbomScan {
  private SbomScan() {}

  /**
   * Reads and matches an SBOM.
   *
   * @param file the CycloneDX or SPDX JSON file
   * @param advisories the advisory data, or null to report packages only
   * @param ignoreUnfixed as for scan
   * @return the result
   * @throws IOException if the file cannot be read or is not a supported SBOM
   */
  static ScanResult scan(Path file, AdvisorySource advisories, boolean ignoreUnfixed) throws IOException {
    ScanResult inventory = SbomReader.read(file, Instant.now());
    return advisories == null ? inventory : new ResultRematcher(advisories, ignoreUnfixed).rematch(inventory, Instant.now());
  }
}
