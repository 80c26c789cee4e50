package dev.stowaway.core.policy;

import static dev.stowaway.core.policy.PolicyTest.L0;
import static dev.stowaway.core.policy.PolicyTest.LOG4J;
import static dev.stowaway.core.policy.PolicyTest.UNFIXED;
import static dev.stowaway.core.policy.PolicyTest.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VexDocumentTest {
  static final VulnerabilityFinding EXAMPLE_LIB = new VulnerabilityFinding("CVE-0000-0001", List.of(), Severity.HIGH,
      "example", "pkg:apk/alpine/example-lib@1.0.0-r0?arch=x86_64&distro=3.19", "example-lib", "1.0.0-r0", null,
      new Location(L0, "lib/apk/db/installed", null));
  static final VulnerabilityFinding OTHER_LIB = new VulnerabilityFinding("CVE-0000-0001", List.of(), Severity.HIGH,
      "example", "pkg:apk/alpine/other-lib@1.0.0-r0?arch=x86_64", "other-lib", "1.0.0-r0", null,
      new Location(L0, "lib/apk/db/installed", null));

  @Test
  void sharedOpenVexExampleMatchesTheSubcomponentOnly() throws IOException {
    VexDocument doc = VexDocument.load(SharedTestData.testdata("schemas/examples/openvex-0.2.0-minimal.json"));
    assertThat(doc.id()).isEqualTo("https://example.com/vex/example-app-0001");
    assertThat(doc.statements()).containsExactly(new VexStatement("CVE-0000-0001", List.of(),
        List.of("pkg:apk/alpine/example-lib@1.0.0-r0?arch=x86_64"), VexStatement.Status.NOT_AFFECTED,
        "vulnerable_code_not_in_execute_path", null,
        List.of("pkg:oci/app@sha256%3A0000000000000000000000000000000000000000000000000000000000000000")));
    ScanResult r = doc.apply(image(ZEROS, EXAMPLE_LIB, OTHER_LIB));
    assertThat(r.isSuppressed(EXAMPLE_LIB)).isTrue();
    assertThat(r.suppression(EXAMPLE_LIB)).isEqualTo(new Suppression(Suppression.Kind.VEX,
        "not_affected: vulnerable_code_not_in_execute_path", null, "https://example.com/vex/example-app-0001", true));
    assertThat(r.suppression(OTHER_LIB)).isNull();
  }

  static final String ZEROS = "sha256:" + "0".repeat(64);

  /** A result for an image with this manifest digest (null: unknown). */
  static ScanResult image(String manifestDigest, dev.stowaway.api.model.Finding... findings) {
    ScanResult base = result(findings);
    dev.stowaway.api.report.ArtifactInfo a = base.artifact();
    return new ScanResult(new dev.stowaway.api.report.ArtifactInfo(a.name(),
        manifestDigest == null ? null : dev.stowaway.api.image.Digest.parse(manifestDigest), a.configDigest(),
        a.config(), a.layers()), null, List.of(), base.findings(), List.of(), List.of(), base.scannedAt());
  }

  @Test
  void aStatementAboutAnotherImageDigestDoesNotApply() throws IOException {
    VexDocument doc = VexDocument.load(SharedTestData.testdata("schemas/examples/openvex-0.2.0-minimal.json"));
    // same package, another image: nothing hidden; an image of unknown digest is not that image either
    assertThat(doc.apply(image("sha256:" + "1".repeat(64), EXAMPLE_LIB)).suppressions()).isEmpty();
    assertThat(doc.apply(image(null, EXAMPLE_LIB)).suppressions()).isEmpty();

    // the whole image as product (no subcomponents), as a string product, and CycloneDX's metadata component
    String whole = """
        {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "w", "statements": [
          {"vulnerability": {"name": "CVE-0000-0001"}, "status": "not_affected",
           "justification": "component_not_present",
           "products": [{"@id": "pkg:oci/app@sha256%%3A%s?repository_url=registry.example/app"}]}]}
        """;
    VexDocument forZeros = VexDocument.parse(whole.formatted("0".repeat(64)), null);
    assertThat(forZeros.apply(image(ZEROS, EXAMPLE_LIB, OTHER_LIB)).suppressions()).hasSize(2);
    assertThat(forZeros.apply(image("sha256:" + "2".repeat(64), EXAMPLE_LIB)).suppressions()).isEmpty();
    // the config digest (the image id) names the image too
    ScanResult byConfig = result(EXAMPLE_LIB);
    String configHex = byConfig.artifact().configDigest().hex();
    assertThat(VexDocument.parse(whole.formatted(configHex), null).apply(byConfig).isSuppressed(EXAMPLE_LIB)).isTrue();
    // without a digest: any image
    VexDocument anyImage = VexDocument.parse(whole.replace("@sha256%%3A%s", ""), null);
    assertThat(anyImage.apply(image(null, EXAMPLE_LIB)).isSuppressed(EXAMPLE_LIB)).isTrue();

    String cdx = """
        {"bomFormat": "CycloneDX", "specVersion": "1.6",
         "metadata": {"component": {"bom-ref": "img", "type": "container", "name": "app",
                                    "purl": "pkg:oci/app@sha256%%3A%s"}},
         "vulnerabilities": [{"id": "CVE-0000-0001", "analysis": {"state": "not_affected"},
                              "affects": [{"ref": "img"}]}]}
        """;
    assertThat(VexDocument.parse(cdx.formatted("0".repeat(64)), null).apply(image(ZEROS, EXAMPLE_LIB))
        .isSuppressed(EXAMPLE_LIB)).isTrue();
    assertThat(VexDocument.parse(cdx.formatted("3".repeat(64)), null).apply(image(ZEROS, EXAMPLE_LIB))
        .suppressions()).isEmpty();
  }

  @Test
  void openVexMatchesByAliasAndVersionlessPurl() {
    String vex = """
        {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "doc-1", "statements": [
          {"vulnerability": {"name": "GHSA-jfh8-c2jp-5v3q"},
           "products": [{"@id": "pkg:maven/org.apache.logging.log4j/log4j-core"}],
           "status": "fixed"},
          {"vulnerability": {"name": "CVE-2023-0001"},
           "products": [{"@id": "pkg:deb/debian/zlib1g@1.2.13"}],
           "status": "affected", "action_statement": "upgrade when available"}
        ]}""";
    ScanResult r = VexDocument.parse(vex, null).apply(result(LOG4J, UNFIXED));
    assertThat(r.suppression(LOG4J)).isEqualTo(new Suppression(Suppression.Kind.VEX, "fixed", null, "doc-1", true));
    assertThat(r.isSuppressed(UNFIXED)).isFalse();
    assertThat(r.suppression(UNFIXED).reason()).isEqualTo("affected (upgrade when available)");
  }

  @Test
  void imageProductAppliesToEveryFindingOfTheVulnerability() {
    String vex = """
        {"@context": "https://openvex.dev/ns/v0.2.0", "statements": [
          {"vulnerability": {"name": "CVE-2023-0001"}, "products": [{"@id": "pkg:oci/app@sha256%3Aaaaa"}],
           "status": "under_investigation"}]}""".replace("aaaa", "a".repeat(64));
    ScanResult r = VexDocument.parse(vex, "team.vex.json").apply(image("sha256:" + "a".repeat(64), LOG4J, UNFIXED));
    assertThat(r.suppression(UNFIXED)).isEqualTo(new Suppression(Suppression.Kind.VEX, "under_investigation", null,
        "team.vex.json", false));
    assertThat(r.suppression(LOG4J)).isNull();
  }

  @Test
  void cycloneDxVexResolvesAffectsRefsToPurls() {
    String vex = """
        {"bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": "urn:uuid:1",
         "components": [{"bom-ref": "log4j", "type": "library", "name": "log4j-core",
                         "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}],
         "vulnerabilities": [
           {"id": "CVE-2021-44228", "analysis": {"state": "not_affected", "justification": "code_not_reachable",
            "detail": "JndiLookup removed"}, "affects": [{"ref": "urn:cdx:1/1#log4j"}]},
           {"id": "CVE-2023-0001", "analysis": {"state": "exploitable"},
            "affects": [{"ref": "pkg:deb/debian/other@1"}]}
         ]}""";
    VexDocument doc = VexDocument.parse(vex, null);
    assertThat(doc.statements()).extracting(VexStatement::status)
        .containsExactly(VexStatement.Status.NOT_AFFECTED, VexStatement.Status.AFFECTED);
    ScanResult r = doc.apply(result(LOG4J, UNFIXED));
    assertThat(r.suppression(LOG4J)).isEqualTo(new Suppression(Suppression.Kind.VEX,
        "not_affected: code_not_reachable (JndiLookup removed)", null, "urn:uuid:1", true));
    assertThat(r.suppression(UNFIXED)).isNull();
  }

  @Test
  void aVexHiddenFindingDoesNotFailTheGate() {
    String vex = """
        {"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": {"name": "CVE-2021-44228"},
          "products": [{"@id": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}],
          "status": "not_affected", "justification": "vulnerable_code_not_present"}]}""";
    Policy p = Policy.parse("fail-on = \"critical\"\n");
    assertThat(p.evaluate(result(LOG4J)).passed()).isFalse();
    assertThat(p.evaluate(VexDocument.parse(vex, null).apply(result(LOG4J))).passed()).isTrue();
  }

  @Test
  void malformedDocumentsAreRejectedClearly() {
    assertThatThrownBy(() -> VexDocument.parse("{\"statements\": [", null)).isInstanceOf(PolicyParseException.class)
        .hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> VexDocument.parse("{\"hello\": 1}", null))
        .hasMessage("not a VEX document (neither OpenVEX nor CycloneDX)");
    assertThatThrownBy(() -> VexDocument.parse(
        "{\"statements\": [{\"vulnerability\": \"CVE-1\", \"status\": \"maybe\"}]}", null))
        .hasMessage("unknown VEX status 'maybe'");
  }
}
