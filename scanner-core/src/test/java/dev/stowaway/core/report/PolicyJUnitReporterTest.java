package dev.stowaway.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.model.Severity;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.policy.Policy;
import dev.stowaway.core.policy.PolicyGate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** JUnit XML with one test case per policy rule, against a golden file and read back as XML. */
class PolicyJUnitReporterTest {

  static final String POLICY = """
      [gate]
      fail-on = "critical"
      max-db-age = "24h"
      [gate.max-count]
      high = 0
      [secret]
      fail-on = "high"
      [packages]
      banned = ["pkg:deb/debian/curl*", "pkg:npm/left-pad*"]
      [license]
      deny = ["GPL-3.0*"]
      [image]
      required-labels = ["a", "org.opencontainers.image.source"]

      [[exception]]
      fingerprint = "fp1"
      reason = "test key, revoked"

      [[exception]]
      id = "CVE-2021-44228"
      reason = "mitigated by flag"
      expires = 2025-12-31

      [[exception]]
      id = "CVE-1999-0001"
      reason = "nothing has it"
      """;

  static String render(Policy policy, ScanResult sample, Severity failOn) throws IOException {
    Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    PolicyGate.GateResult gate = PolicyGate.check(policy, List.of(), sample, clock);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PolicyJUnitReporter(policy, gate.decision(), failOn).write(gate.result(), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void oneTestCasePerRuleWithFailuresForViolations() throws Exception {
    String xml = render(Policy.parse(POLICY), ReportGoldenTest.sample(false), Severity.HIGH);
    Path golden = Path.of("src/test/resources/golden/report-policy.junit");
    if (Boolean.getBoolean("stowaway.updateGolden")) {
      Files.writeString(golden, xml, StandardCharsets.UTF_8);
    }
    assertThat(xml).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));

    NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getElementsByTagName("testcase");
    List<String> outcome = new ArrayList<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      String state = c.getElementsByTagName("failure").getLength() > 0 ? "FAIL"
          : c.getElementsByTagName("skipped").getLength() > 0 ? "SKIP" : "PASS";
      outcome.add(state + " " + c.getAttribute("name"));
    }
    assertThat(outcome).containsExactly(
        "FAIL gate.fail-on",                                  // log4j: its exception expired
        "PASS secret.fail-on",                                // the AWS key is excepted by fingerprint
        "FAIL packages.banned pkg:deb/debian/curl*",
        "PASS packages.banned pkg:npm/left-pad*",
        "PASS license.deny GPL-3.0*",
        "PASS image.required-labels a",
        "FAIL image.required-labels org.opencontainers.image.source",
        "FAIL gate.max-count.high",
        "PASS gate.max-advisory-age",                         // no database status given: not checked
        "PASS exception stowaway.toml:15",
        "FAIL exception stowaway.toml:19",
        "SKIP exception stowaway.toml:24",
        "FAIL --fail-on high");
  }

  @Test
  void withoutRulesOnePassingCaseSaysSo() throws IOException {
    String xml = render(Policy.permissive(), ReportGoldenTest.sample(false), null);
    assertThat(xml).contains("tests=\"1\" failures=\"0\"").contains("name=\"policy\"")
        .contains("no policy rules configured");
  }
}
