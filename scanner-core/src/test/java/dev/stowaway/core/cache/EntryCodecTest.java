package dev.stowaway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

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
