package dev.stowaway.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.api.vuln.Advisory;
import dev.stowaway.api.vuln.AdvisorySource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultRematcherTest {

  /** Advisories held in a list, found by ecosystem and name. */
  static final class ListedAdvisories implements AdvisorySource {
    final List<Advisory> advisories = new ArrayList<>();

    @Override
    public List<Advisory> find(String ecosystem, String packageName) {
      return advisories.stream().filter(a -> a.affected().stream()
          .anyMatch(af -> af.ecosystem().equals(ecosystem) && af.packageName().equals(packageName))).toList();
    }

    @Override
    public List<EcosystemData> status() {
      return List.of();
    }

    void add(String id, String pkg, String fixed) {
      advisories.add(new Advisory(id, List.of(), null, null, null, "advisory " + id, null, List.of(),
          List.of(new Advisory.Affected("Debian:12", pkg, null, List.of(new Advisory.Range(Advisory.RangeType.ECOSYSTEM,
              List.of(new Advisory.Event(Advisory.EventKind.INTRODUCED, "0"),
                  new Advisory.Event(Advisory.EventKind.FIXED, fixed)))), List.of(), null, List.of())),
          List.of()));
    }
  }

  @Test
  void replacesVulnerabilitiesAndKeepsEverythingElse() {
    ListedAdvisories db = new ListedAdvisories();
    db.add("CVE-OLD", "curl", "7.0");
    Package curl = Package.builder("Debian:12", "curl", "7.88.1-10").purl("pkg:deb/debian/curl@7.88.1-10")
        .location(new Location(null, "var/lib/dpkg/status", null)).build();
    Finding misconfig = new MisconfigurationFinding("IMG-001", Severity.HIGH, "root", null, null,
        new Location(null, "config", null), 0);
    Finding stale = new VulnerabilityFinding("CVE-STALE", List.of(), Severity.LOW, "x", curl.purl(), "curl",
        curl.version(), null, curl.location());
    ScanResult before = new ScanResult(new ArtifactInfo("app:1", null, null, null, List.of()), null, List.of(curl),
        List.of(misconfig, stale), List.of(), List.of(), Instant.EPOCH)
        .withSuppressions(Map.of(misconfig, new Suppression(Suppression.Kind.EXCEPTION, "ok", null, null, true)));
    ResultRematcher rematcher = new ResultRematcher(db, false);
    ScanResult once = rematcher.rematch(before, Instant.EPOCH.plusSeconds(1));
    assertThat(once.findings()).extracting(Finding::id).containsExactly("IMG-001");
    assertThat(once.isSuppressed(once.findings().get(0))).isTrue();

    db.add("CVE-NEW", "curl", "7.88.1-11");
    ScanResult twice = rematcher.rematch(before, Instant.EPOCH.plusSeconds(2));
    assertThat(twice.findings()).extracting(Finding::id).containsExactly("IMG-001", "CVE-NEW");
    VulnerabilityFinding v = (VulnerabilityFinding) twice.findings().get(1);
    assertThat(v.fixedVersion()).isEqualTo("7.88.1-11");
    assertThat(twice.scannedAt()).isEqualTo(Instant.EPOCH.plusSeconds(2));
    assertThat(twice.packages()).isEqualTo(before.packages());
  }
}
