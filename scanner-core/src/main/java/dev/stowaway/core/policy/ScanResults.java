package dev.stowaway.core.policy;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.ScanResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link ScanResult}s by hand, so a team can unit-test its policy without an image:
 * {@code ScanResults.builder().os("debian", "12").pkg(...).vulnerability("CVE-1", Severity.HIGH, purl, fix).build()}.
 */
public final class ScanResults {
  private ScanResults() {}

  /**
   * Starts a result for an image named {@code test-image}, scanned at the epoch.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A mutable builder; not thread-safe. */
  public static final class Builder {
    private String name = "test-image";
    private OsRelease os;
    private final List<Package> packages = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Instant scannedAt = Instant.EPOCH;

    private Builder() {}

    /**
     * Sets the image name.
     *
     * @param v the name
     * @return this
     */
    public Builder name(String v) {
      name = v;
      return this;
    }

    /**
     * Sets the operating system.
     *
     * @param id the os-release ID, such as {@code debian}
     * @param versionId the VERSION_ID, such as {@code 12}
     * @return this
     */
    public Builder os(String id, String versionId) {
      os = new OsRelease(id, versionId, versionId, null, id, id + " " + versionId, List.of());
      return this;
    }

    /**
     * Adds an image label.
     *
     * @param key the label key
     * @param value the value
     * @return this
     */
    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    /**
     * Adds a package.
     *
     * @param p the package
     * @return this
     */
    public Builder pkg(Package p) {
      packages.add(p);
      return this;
    }

    /**
     * Adds a package at {@code /} given by its purl and licences.
     *
     * @param ecosystem the ecosystem, such as {@code Debian:12}
     * @param name the name
     * @param version the version
     * @param purl the purl
     * @param licenses its licences
     * @return this
     */
    public Builder pkg(String ecosystem, String name, String version, String purl, String... licenses) {
      return pkg(Package.builder(ecosystem, name, version).purl(purl).licenses(List.of(licenses))
          .location(new Location(null, "/", null)).build());
    }

    /**
     * Adds a vulnerability finding.
     *
     * @param id the vulnerability id
     * @param severity the severity
     * @param purl the affected package's purl
     * @param fixedVersion the fixed version, or null when unfixed
     * @return this
     */
    public Builder vulnerability(String id, Severity severity, String purl, String fixedVersion) {
      return finding(new VulnerabilityFinding(id, List.of(), severity, id, purl, purl, null, fixedVersion,
          new Location(null, "/", null)));
    }

    /**
     * Adds any finding.
     *
     * @param f the finding
     * @return this
     */
    public Builder finding(Finding f) {
      findings.add(f);
      return this;
    }

    /**
     * Sets the scan time.
     *
     * @param v the time
     * @return this
     */
    public Builder scannedAt(Instant v) {
      scannedAt = v;
      return this;
    }

    /**
     * Builds the result.
     *
     * @return the immutable result
     */
    public ScanResult build() {
      ImageConfig config = new ImageConfig("linux", "amd64", null, null, List.of(), List.of(), labels, List.of(),
          List.of(), null, List.of(), List.of(), List.of());
      return new ScanResult(new ArtifactInfo(name, null, Digest.sha256Of(name), config, List.of()), os, packages,
          findings, List.of(), List.of(), scannedAt);
    }
  }
}
