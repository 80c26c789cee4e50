package dev.stowaway.analyzers.iac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.analyzers.iac.ComplianceReport.ControlResult;
import dev.stowaway.analyzers.iac.ComplianceReport.Scope;
import dev.stowaway.analyzers.iac.image.ImageConfigMisconfigAnalyzer;
import dev.stowaway.analyzers.iac.kubernetes.ManifestScanner;
import dev.stowaway.api.analysis.ConfigContext;
import dev.stowaway.api.image.HistoryEntry;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComplianceReportTest {

  private static List<String> verdicts(ComplianceReport r) {
    return r.controls().stream().map(c -> c.id() + " " + c.status() + " " + c.findings()).toList();
  }

  /** The debian-app image facts: no USER, EXPOSE 22/tcp, GITHUB_TOKEN in ENV, no HEALTHCHECK, setuid su. */
  private static List<Finding> debianAppFindings() {
    List<Finding> out = new ArrayList<>();
    ImageConfig c = new ImageConfig("linux", "amd64", null, null,
        List.of("PATH=/usr/bin", "GITHUB_TOKEN=ghp_lliNlsJLB4zrG2yzlMYA4xw4R72OxCg7othK"), List.of("22/tcp"),
        Map.of(), List.of(), List.of("java", "-jar", "/app/demo-app.jar"), "/app", List.of(),
        List.of(new HistoryEntry(null, "/bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl"
            + " && rm -rf /var/lib/apt/lists/*", null, false)), List.of());
    new ImageConfigMisconfigAnalyzer().analyze(c, new ConfigContext() {
      @Override
      public Location configLocation() {
        return new Location(null, "config", null);
      }

      @Override
      public Location historyLocation(int i) {
        return new Location(null, "history[" + i + "]", null);
      }

      @Override
      public void addFinding(Finding f) {
        out.add(f);
      }

      @Override
      public void addIssue(String message) {
        throw new AssertionError(message);
      }
    });
    out.add(new MisconfigurationFinding("FS001", Severity.MEDIUM, "setuid file", null, "CIS-DI-0008",
        new Location(null, "usr/bin/su", null), 0));
    return out;
  }

  @Test
  void debianAppImageGetsAVerdictForEveryCisControl() {
    ComplianceReport r = ComplianceReport.of("docker-cis-1.6", debianAppFindings());
    assertThat(r.benchmark()).isEqualTo("docker-cis-1.6");
    assertThat(verdicts(r)).containsExactly(
        "4.1 FAIL 1", "4.2 MANUAL 0", "4.3 PASS 0", "4.4 MANUAL 0", "4.5 MANUAL 0", "4.6 FAIL 1", "4.7 PASS 0",
        "4.8 FAIL 1", "4.9 PASS 0", "4.10 FAIL 1", "4.11 PASS 0", "4.12 MANUAL 0");
    assertThat(r.passed()).isFalse();
    assertThat(r.controls()).extracting(ControlResult::title).allSatisfy(t -> assertThat(t).startsWith("Ensure"));
  }

  @Test
  void configScopeJudgesBaseImagesButNotSetuid() {
    List<Finding> none = List.of();
    assertThat(verdicts(ComplianceReport.of("DOCKER-CIS-1.6", none, Scope.CONFIG))).containsExactly(
        "4.1 PASS 0", "4.2 PASS 0", "4.3 PASS 0", "4.4 MANUAL 0", "4.5 MANUAL 0", "4.6 PASS 0", "4.7 PASS 0",
        "4.8 MANUAL 0", "4.9 PASS 0", "4.10 PASS 0", "4.11 PASS 0", "4.12 MANUAL 0");
    assertThat(ComplianceReport.of("docker-cis-1.6", none, Scope.CONFIG).passed()).isTrue();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ComplianceReportTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void podSecurityReportsFromManifestFindings() throws IOException {
    List<MisconfigurationFinding> f = ManifestScanner.scan(resource("/k8s/insecure-app.yaml"),
        new Location(null, "app.yaml", null)).findings();
    assertThat(verdicts(ComplianceReport.of("k8s-pss-baseline", f))).containsExactly(
        "baseline/host-process PASS 0", "baseline/host-namespaces FAIL 1", "baseline/privileged FAIL 1",
        "baseline/capabilities FAIL 1", "baseline/host-path-volumes FAIL 1", "baseline/host-ports FAIL 1",
        "baseline/apparmor PASS 0", "baseline/selinux PASS 0", "baseline/proc-mount PASS 0",
        "baseline/seccomp FAIL 1", "baseline/sysctls PASS 0");
    List<String> restricted = verdicts(ComplianceReport.of("k8s-pss-restricted", f));
    assertThat(restricted).hasSize(17).endsWith(
        "restricted/volume-types FAIL 1", "restricted/privilege-escalation FAIL 1",
        "restricted/running-as-non-root FAIL 1", "restricted/running-as-non-root-user FAIL 1",
        "restricted/seccomp FAIL 2", "restricted/capabilities FAIL 1");
    List<MisconfigurationFinding> clean = ManifestScanner.scan(resource("/k8s/restricted.yaml"),
        new Location(null, "db.yaml", null)).findings();
    assertThat(ComplianceReport.of("k8s-pss-restricted", clean).passed()).isTrue();
  }

  @Test
  void unknownBenchmarkIsRejected() {
    assertThatThrownBy(() -> ComplianceReport.of("nist-800-190", List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("docker-cis-1.6");
    assertThat(ComplianceReport.benchmarks()).containsExactly("docker-cis-1.6", "k8s-pss-baseline", "k8s-pss-restricted");
  }
}
