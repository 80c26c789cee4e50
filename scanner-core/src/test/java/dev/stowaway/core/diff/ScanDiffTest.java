package dev.stowaway.core.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.api.report.ScanResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScanDiffTest {

  static final Digest BASE = Digest.sha256Of("base");

  /** Base layer with bash; a second layer installing openssl and zlib at the given versions. */
  static ScanResult build(String openssl, String zlib, Instant at, Finding... findings) {
    Digest top = Digest.sha256Of("top-" + openssl + zlib);
    List<Package> packages = new ArrayList<>();
    packages.add(Package.builder("Debian:12", "bash", "5.2").purl("pkg:deb/debian/bash@5.2")
        .location(new Location(new LayerRef(0, BASE), "var/lib/dpkg/status", null)).build());
    if (openssl != null) {
      packages.add(Package.builder("Debian:12", "openssl", openssl).purl("pkg:deb/debian/openssl@" + openssl)
          .location(new Location(new LayerRef(1, top), "var/lib/dpkg/status", null)).build());
    }
    if (zlib != null) {
      packages.add(Package.builder("Debian:12", "zlib1g", zlib).purl("pkg:deb/debian/zlib1g@" + zlib)
          .location(new Location(new LayerRef(1, top), "var/lib/dpkg/status", null)).build());
    }
    return new ScanResult(new ArtifactInfo("app:" + at.getEpochSecond(), null, null, null,
        List.of(new LayerInfo(0, Digest.sha256Of("b0"), BASE, 1, "debootstrap"),
            new LayerInfo(1, Digest.sha256Of("b1" + openssl + zlib), top, 1, "RUN apt-get install openssl zlib1g"))),
        null, packages, List.of(findings), List.of(), List.of(), at);
  }

  static VulnerabilityFinding vuln(String id, String pkg, String version, ScanResult in) {
    Package p = in.packages().stream().filter(x -> x.name().equals(pkg)).findFirst().orElseThrow();
    return new VulnerabilityFinding(id, List.of(), Severity.HIGH, id, "pkg:deb/debian/" + pkg + "@" + version, pkg,
        version, null, p.location());
  }

  @Test
  void newFixedAndUnchangedFindingsWithTheIntroducingLayer() {
    Instant t1 = Instant.parse("2026-01-01T00:00:00Z");
    Instant t2 = Instant.parse("2026-02-01T00:00:00Z");
    ScanResult a0 = build("3.0.1", "1.2.13", t1);
    ScanResult a = build("3.0.1", "1.2.13", t1, vuln("CVE-1", "openssl", "3.0.1", a0), vuln("CVE-2", "zlib1g", "1.2.13", a0));
    ScanResult b0 = build("3.0.2", "1.3", t2);
    // CVE-1 still affects the upgraded openssl (unchanged), CVE-2 fixed by the zlib upgrade, CVE-3 new
    ScanResult b = build("3.0.2", "1.3", t2, vuln("CVE-1", "openssl", "3.0.2", b0), vuln("CVE-3", "openssl", "3.0.2", b0));
    ScanDiff d = ScanDiff.compare(a, b, ScanDiff.FirstSeen.none());
    assertThat(d.newFindings()).extracting(n -> n.finding().id()).containsExactly("CVE-3");
    assertThat(d.newFindings().get(0).layer().index()).isEqualTo(1);
    assertThat(d.newFindings().get(0).layer().createdBy()).isEqualTo("RUN apt-get install openssl zlib1g");
    assertThat(d.newFindings().get(0).firstSeen()).isEqualTo(t2);
    assertThat(d.fixedFindings()).extracting(Finding::id).containsExactly("CVE-2");
    assertThat(d.unchangedFindings()).extracting(Finding::id).containsExactly("CVE-1");
    assertThat(d.changedPackages()).extracting(c -> c.name() + " " + c.beforeVersions() + " -> " + c.afterVersions())
        .containsExactly("openssl [3.0.1] -> [3.0.2]", "zlib1g [1.2.13] -> [1.3]");
    assertThat(d.addedPackages()).isEmpty();
    assertThat(d.removedPackages()).isEmpty();
  }

  @Test
  void packagesAddedAndRemovedAndFirstSeenFromHistory() {
    Instant t1 = Instant.parse("2026-01-01T00:00:00Z");
    Instant t0 = Instant.parse("2025-06-01T00:00:00Z");
    ScanResult a = build("3.0.1", null, t1);
    ScanResult b0 = build(null, "1.3", t1.plusSeconds(60));
    ScanResult b = build(null, "1.3", t1.plusSeconds(60), vuln("CVE-9", "zlib1g", "1.3", b0));
    ScanDiff d = ScanDiff.compare(a, b, key -> key.equals("vulnerability|CVE-9|pkg:deb/debian/zlib1g") ? t0 : null);
    assertThat(d.addedPackages()).extracting(Package::name).containsExactly("zlib1g");
    assertThat(d.removedPackages()).extracting(Package::name).containsExactly("openssl");
    assertThat(d.newFindings().get(0).firstSeen()).isEqualTo(t0);
  }

  @Test
  void keysLeaveOutWhatChangesFromBuildToBuild() {
    Location l = new Location(new LayerRef(0, BASE), "etc/app.conf", null);
    assertThat(ScanDiff.findingKey(new SecretFinding("aws", Severity.HIGH, "t", l, 3, "AKIA***", "fp9", null)))
        .isEqualTo("secret|aws|fp9");
    assertThat(ScanDiff.findingKey(new MisconfigurationFinding("IMG-001", Severity.HIGH, "root", null, null,
        new Location(null, "config", null), 0))).isEqualTo("misconfiguration|IMG-001|config");
    assertThat(ScanDiff.versionless("pkg:deb/debian/curl@7.88?arch=amd64#x")).isEqualTo("pkg:deb/debian/curl");
    assertThat(ScanDiff.versionless("pkg:npm/%40s/n")).isEqualTo("pkg:npm/%40s/n");
  }

  @Test
  void comparingAResultWithItselfChangesNothing() {
    ScanResult a0 = build("3.0.1", "1.2.13", Instant.EPOCH);
    ScanResult a = build("3.0.1", "1.2.13", Instant.EPOCH, vuln("CVE-1", "openssl", "3.0.1", a0));
    ScanDiff d = ScanDiff.compare(a, a, ScanDiff.FirstSeen.none());
    assertThat(d.newFindings()).isEmpty();
    assertThat(d.fixedFindings()).isEmpty();
    assertThat(d.unchangedFindings()).hasSize(1);
    assertThat(d.changedPackages()).isEmpty();
    assertThat(Map.of("added", d.addedPackages(), "removed", d.removedPackages())).allSatisfy((k, v) -> assertThat(v).isEmpty());
  }
}
