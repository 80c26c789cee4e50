package dev.stowaway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.Cvss;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.LicenseFinding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.PolicyViolation;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every part of every finding kind survives the cache. The cache writes findings field by field, so a field
 * added to an api record and forgotten here would silently vanish from warm scans (it happened once: a
 * secret's column and entropy); the component counts below make such an addition fail this test first.
 */
class EntryCodecTest {

  private static final LayerRef SELF = new LayerRef(2, Digest.sha256("a".repeat(64)));
  private static final LayerRef OTHER = new LayerRef(0, Digest.sha256("b".repeat(64)));

  @Test
  void everyFieldOfEveryFindingKindRoundTrips() throws Exception {
    LayerPart.Analysis a = new LayerPart.Analysis();
    a.findings.add(new VulnerabilityFinding("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), Severity.CRITICAL,
        "log4j", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "log4j-core", "2.14.1", "2.15.0",
        new Location(SELF, "app/lib/log4j-core.jar", "x.jar"),
        new Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, "GHSA-jfh8-c2jp-5v3q"), "high"));
    a.findings.add(new VulnerabilityFinding("CVE-1", List.of(), Severity.UNKNOWN, "t", null, "p", null, null,
        null, null, null));
    a.findings.add(new SecretFinding("aws-access-key", Severity.HIGH, "AWS key", new Location(OTHER, "root/.aws",
        null), 3, "AKIA****", "0123456789abcdef", 5, 21, 3.404));
    a.findings.add(new MisconfigurationFinding("DS002", Severity.HIGH, "root", "add USER", "CIS 4.1",
        new Location(SELF, "Dockerfile", null), 7));
    a.findings.add(new LicenseFinding("GPL-3.0", Severity.LOW, "licence", "pkg:deb/debian/bash@5",
        new Location(SELF, "usr/share/doc/bash/copyright", null)));
    a.findings.add(new PolicyViolation("P1", Severity.MEDIUM, "banned", new Location(SELF, "etc/x", null)));

    byte[] entry = EntryCodec.encodeAnalysis("key", SELF, a);
    LayerPart.Analysis back = EntryCodec.decodeAnalysis(entry, "key", SELF);

    assertThat(back.findings).containsExactlyElementsOf(a.findings);
  }

  @Test
  void anImageInventoryRoundTripsWithEveryLayerNamed() throws Exception {
    dev.stowaway.api.model.Package deb = new dev.stowaway.api.model.Package("deb", "bash", "5.2",
        "pkg:deb/debian/bash@5.2", "bash", "5.2", "amd64", List.of("GPL-3.0"), new Location(OTHER, "var/lib/dpkg/status", null),
        List.of("bin/bash", "usr/share/doc/bash/copyright"), Map.of("maintainer", "someone"));
    dev.stowaway.api.model.Package jar = new dev.stowaway.api.model.Package("maven", "log4j-core", "2.14.1", null,
        null, null, null, List.of(), new Location(SELF, "app/app.jar", "BOOT-INF/lib/log4j-core.jar"), List.of(),
        Map.of());
    dev.stowaway.core.merge.MergedLayers m = new dev.stowaway.core.merge.MergedLayers(
        new dev.stowaway.api.model.OsRelease("debian", "12", "12 (bookworm)", "bookworm", "Debian GNU/Linux",
            "Debian GNU/Linux 12 (bookworm)", List.of()),
        List.of(deb, jar),
        List.of(new SecretFinding("aws-access-key", Severity.HIGH, "AWS key", new Location(OTHER, "root/.aws", null),
            3, "AKIA****", "0123456789abcdef", 5, 21, 3.404),
            new MisconfigurationFinding("SETUID", Severity.LOW, "setuid", null, null, new Location(SELF, "usr/bin/su",
                null), 0)),
        List.of(new dev.stowaway.api.model.AnalysisIssue("dpkg", new Location(OTHER, "var/lib/dpkg/status", null),
            "odd line")));

    dev.stowaway.core.merge.MergedLayers back =
        EntryCodec.decodeInventory(EntryCodec.encodeInventory("image key", m), "image key");

    assertThat(back).isEqualTo(m);
    assertThat(back.packages().get(1).location().layer()).isEqualTo(SELF);
    // read back as one array of bytes, not a string per path
    assertThat(back.packages().get(0).installedFiles()).isInstanceOf(dev.stowaway.api.model.PathList.class)
        .containsExactly("bin/bash", "usr/share/doc/bash/copyright");
    dev.stowaway.core.merge.MergedLayers noOs = new dev.stowaway.core.merge.MergedLayers(null, List.of(), List.of(),
        List.of());
    assertThat(EntryCodec.decodeInventory(EntryCodec.encodeInventory("k", noOs), "k")).isEqualTo(noOs);
  }

  @Test
  void configResultsRoundTripWithTheirLayersAndIssues() throws Exception {
    CachingLayerAnalysis.ConfigResults r = new CachingLayerAnalysis.ConfigResults(
        List.of(new MisconfigurationFinding("IMG001", Severity.MEDIUM, "runs as root", "set USER", "CIS 4.1",
                new Location(null, "config", null), 0),
            new SecretFinding("github-pat", Severity.CRITICAL, "GitHub token", new Location(OTHER, "history[2]", null),
                0, "ghp_****", "fedcba9876543210", null, 14, 4.1)),
        List.of(new dev.stowaway.api.model.AnalysisIssue("image-config-misconfig", null, "odd history")));

    CachingLayerAnalysis.ConfigResults back =
        EntryCodec.decodeConfigResults(EntryCodec.encodeConfigResults("config key", r), "config key");

    assertThat(back).isEqualTo(r);
    assertThat(back.findings().get(1).location().layer()).isEqualTo(OTHER);
    assertThatThrownBy(() -> EntryCodec.decodeConfigResults(EntryCodec.encodeConfigResults("config key", r), "other"))
        .isInstanceOf(EntryCodec.CorruptEntryException.class);
  }

  @Test
  void theCodecKnowsEveryComponentOfEveryFindingKind() {
    // If this fails, a finding record gained (or lost) a part: write and read it in EntryCodec, add it to the
    // round trip above, bump EntryCodec.FORMAT, then update these counts.
    Map<String, Integer> components = Arrays.stream(Finding.class.getPermittedSubclasses())
        .collect(Collectors.toMap(Class::getSimpleName, c -> c.getRecordComponents().length));
    assertThat(components).containsExactlyInAnyOrderEntriesOf(Map.of(
        "VulnerabilityFinding", 11, "SecretFinding", 10, "MisconfigurationFinding", 7, "LicenseFinding", 5,
        "PolicyViolation", 4));
  }
}
