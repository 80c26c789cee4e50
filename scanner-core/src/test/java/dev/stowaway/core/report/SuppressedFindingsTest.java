package dev.stowaway.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.report.ScanResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SuppressedFindingsTest {
  @Test
  void tableHidesSuppressedFindingsUnlessAsked() throws IOException {
    ScanResult r = ReportSchemaTest.sampleWithSuppression();
    String hidden = render(new TableReporter(), r);
    String shown = render(new TableReporter(true), r);
    assertThat(hidden).doesNotContain("CVE-2021-44228").contains("suppressed and hidden: 1");
    assertThat(shown).contains("CVE-2021-44228").contains("Log4Shell: remote code execution via JNDI lookups (suppressed)")
        .doesNotContain("suppressed and hidden");
  }

  @Test
  void sarifMarksSuppressedResultsAndCycloneDxRecordsAnAnalysis() throws IOException {
    ScanResult r = ReportSchemaTest.sampleWithSuppression();
    assertThat(render(new SarifReporter(), r)).contains("\"kind\" : \"external\"")
        .contains("\"justification\" : \"exception: mitigated by flag\"");
    assertThat(render(new CycloneDxReporter(), r)).contains("\"state\" : \"not_affected\"");
    assertThat(render(new CycloneDxReporter(false), r)).doesNotContain("vulnerabilities");
  }

  @Test
  void junitThresholdDecidesFailures() throws IOException {
    ScanResult r = ReportGoldenTest.sample(false);
    assertThat(render(new JUnitReporter(dev.stowaway.api.model.Severity.CRITICAL), r)).contains("failures=\"2\"");
    assertThat(render(new JUnitReporter(dev.stowaway.api.model.Severity.HIGH), r)).contains("failures=\"4\"");
    assertThat(JUnitReporter.xml("a<b & \"c\"\u0001")).isEqualTo("a&lt;b &amp; &quot;c&quot;");
  }

  private static String render(Reporter rep, ScanResult r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    rep.write(r, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
