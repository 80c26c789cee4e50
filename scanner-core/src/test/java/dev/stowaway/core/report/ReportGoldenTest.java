package dev.stowaway.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.HistoryEntry;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Cvss;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.AnalyzerInfo;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.api.report.ScanResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reports compared byte for byte with golden files in src/test/resources/golden. After an intended
 * change, regenerate them with {@code -Dstowaway.updateGolden=true} and review the diff.
 */
class ReportGoldenTest {

  static ScanResult sample(boolean shuffled) {
    Digest d0 = Digest.sha256Of("layer0");
    Digest d1 = Digest.sha256Of("layer1");
    LayerRef l0 = new LayerRef(0, d0);
    LayerRef l1 = new LayerRef(1, d1);
    ImageConfig config = new ImageConfig("linux", "amd64", Instant.parse("2024-01-01T00:00:00Z"), null,
        List.of("PATH=/usr/bin"), List.of("22/tcp"), Map.of("b", "2", "a", "1"), List.of(), List.of("bash"), "/app",
        List.of(), List.of(new HistoryEntry(null, "debootstrap", null, false),
            new HistoryEntry(null, "ENV X=1", null, true), new HistoryEntry(null, "apt-get install curl", null, false)),
        List.of(d0, d1));
    List<Package> packages = new ArrayList<>(List.of(
        Package.builder("Debian:12", "curl", "7.88.1-10+deb12u5").purl("pkg:deb/debian/curl@7.88.1-10+deb12u5?arch=amd64&distro=debian-12")
            .source("curl", "7.88.1-10+deb12u5").arch("amd64").licenses(List.of("curl"))
            .location(new Location(l1, "var/lib/dpkg/status", null)).build(),
        Package.builder("Debian:12", "bash", "5.2.15-2+b2").purl("pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12")
            .source("bash", "5.2.15-2").arch("amd64").location(new Location(l0, "var/lib/dpkg/status", null)).build(),
        Package.builder("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1")
            .purl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").property("identifiedBy", "pom.properties")
            .location(new Location(l1, "app/app.jar", "BOOT-INF/lib/log4j-core-2.14.1.jar")).build()));
    List<dev.stowaway.api.model.Finding> findings = new ArrayList<>(List.of(
        new VulnerabilityFinding("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), Severity.CRITICAL,
            "Log4Shell: remote code execution via JNDI lookups", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
            "org.apache.logging.log4j:log4j-core", "2.14.1", "2.15.0",
            new Location(l1, "app/app.jar", "BOOT-INF/lib/log4j-core-2.14.1.jar"),
            new Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, "GHSA-jfh8-c2jp-5v3q"), null),
        // a CVSS v4.0 rating with the distro's own rating beside it
        new VulnerabilityFinding("CVE-2024-2398", List.of("DEBIAN-CVE-2024-2398"), Severity.HIGH,
            "curl: HTTP/2 push headers memory leak", "pkg:deb/debian/curl@7.88.1-10+deb12u5?arch=amd64&distro=debian-12",
            "curl", "7.88.1-10+deb12u5", null, new Location(l1, "var/lib/dpkg/status", null),
            new Cvss("4.0", "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N", 8.3, "CVE-2024-2398"),
            "unimportant"),
        new SecretFinding("aws-access-key-id", Severity.CRITICAL, "AWS access key ID",
            new Location(l0, "root/.aws/credentials", null), 2, "AKIA************", "fp1", 1, 19, 3.6841),
        new MisconfigurationFinding("IMG-001", Severity.HIGH, "Image runs as root", "Add a USER instruction",
            "CIS-DI-0001", new Location(null, "config", null), 0)));
    List<AnalysisIssue> issues = new ArrayList<>(List.of(
        new AnalysisIssue("walker", null, "entry name escapes the image root, skipped: ../x"),
        new AnalysisIssue("dpkg", new Location(l0, "var/lib/dpkg/status", null), "stanza without Package")));
    if (shuffled) {
      Collections.reverse(packages);
      Collections.reverse(findings);
      Collections.reverse(issues);
    }
    return new ScanResult(
        new ArtifactInfo("oci:/images/demo:latest", Digest.sha256Of("manifest"), Digest.sha256Of("config"), config,
            List.of(new LayerInfo(0, Digest.sha256Of("blob0"), d0, 1234, "debootstrap"),
                new LayerInfo(1, Digest.sha256Of("blob1"), d1, 5678, "apt-get install curl"))),
        new OsRelease("debian", "12", "12 (bookworm)", "bookworm", "Debian GNU/Linux",
            "Debian GNU/Linux 12 (bookworm)", List.of()),
        packages, findings, issues, List.of(new AnalyzerInfo("dpkg", "1"), new AnalyzerInfo("os-release", "1")),
        Instant.parse("2026-01-02T03:04:05Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "table", "sarif", "cyclonedx", "spdx-json", "junit"})
  void matchesGoldenFile(String format) throws IOException {
    String actual = render(format, sample(false));
    Path golden = Path.of("src/test/resources/golden/report." + format);
    if (Boolean.getBoolean("stowaway.updateGolden")) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "table", "sarif", "cyclonedx", "spdx-json", "junit"})
  void suppressedMatchesGoldenFile(String format) throws IOException {
    String actual = render(format, ReportSchemaTest.sampleWithSuppression());
    Path golden = Path.of("src/test/resources/golden/report-suppressed." + format);
    if (Boolean.getBoolean("stowaway.updateGolden")) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "table", "sarif", "cyclonedx", "spdx-json", "junit"})
  void outputDoesNotDependOnInputOrder(String format) throws IOException {
    assertThat(render(format, sample(true))).isEqualTo(render(format, sample(false)));
  }

  static String render(String format, ScanResult r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Reporters.forFormat(format).write(r, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
