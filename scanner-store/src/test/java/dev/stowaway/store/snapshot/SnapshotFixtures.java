package dev.stowaway.store.snapshot;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.AnalyzerInfo;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.api.report.ScanResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small hand-built scan results for the snapshot tests. */
final class SnapshotFixtures {
  private SnapshotFixtures() {}

  static final Digest BASE = Digest.sha256Of("base-layer");

  /** An image with a base layer and an "apt-get install" layer holding {@code openssl} at a version. */
  static ScanResult image(String name, String opensslVersion, Instant at, Finding... findings) {
    Digest app = Digest.sha256Of("app-layer-" + opensslVersion);
    LayerRef l0 = new LayerRef(0, BASE);
    LayerRef l1 = new LayerRef(1, app);
    List<Package> packages = new ArrayList<>();
    packages.add(Package.builder("Debian:12", "bash", "5.2.15-2+b2").purl("pkg:deb/debian/bash@5.2.15-2%2Bb2")
        .location(new Location(l0, "var/lib/dpkg/status", null)).installedFiles(List.of("/bin/bash")).build());
    packages.add(Package.builder("Debian:12", "openssl", opensslVersion)
        .purl("pkg:deb/debian/openssl@" + opensslVersion + "?distro=debian-12")
        .location(new Location(l1, "var/lib/dpkg/status", null))
        .installedFiles(List.of("/usr/bin/openssl", "/usr/lib/ssl/openssl.cnf")).build());
    return new ScanResult(
        new ArtifactInfo(name, Digest.sha256Of("manifest-" + opensslVersion), Digest.sha256Of("config-" + opensslVersion),
            null, List.of(new LayerInfo(0, Digest.sha256Of("blob-base"), BASE, 100, "debootstrap"),
                new LayerInfo(1, Digest.sha256Of("blob-" + opensslVersion), app, 200,
                    "RUN apt-get install openssl=" + opensslVersion))),
        new OsRelease("debian", "12", null, "bookworm", null, null, List.of()),
        packages, List.of(findings), List.of(), List.of(new AnalyzerInfo("dpkg", "1")), at);
  }

  static VulnerabilityFinding opensslVuln(String id, String version, Severity severity) {
    return new VulnerabilityFinding(id, List.of(), severity, id + " in openssl",
        "pkg:deb/debian/openssl@" + version + "?distro=debian-12", "openssl", version, null,
        new Location(new LayerRef(1, Digest.sha256Of("app-layer-" + version)), "var/lib/dpkg/status", null));
  }
}
