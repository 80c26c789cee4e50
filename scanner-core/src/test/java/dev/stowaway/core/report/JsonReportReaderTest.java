package dev.stowaway.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading our own JSON report back: the round trip is byte-identical, and every format renders from it. */
class JsonReportReaderTest {

  private static ScanResult readBack(ScanResult r) throws IOException {
    return JsonReportReader.read(ReportGoldenTest.render("json", r).getBytes(StandardCharsets.UTF_8), "report");
  }

  @Test
  void jsonReadAndWrittenAgainIsByteIdentical() throws IOException {
    for (ScanResult sample : new ScanResult[] {ReportGoldenTest.sample(false), ReportSchemaTest.sampleWithSuppression()}) {
      String once = ReportGoldenTest.render("json", sample);
      String twice = ReportGoldenTest.render("json", JsonReportReader.read(once.getBytes(StandardCharsets.UTF_8), "r"));
      assertThat(twice).isEqualTo(once);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"report", "report-suppressed"})
  void everyFormatRendersFromTheGoldenJsonAsFromTheScan(String name) throws IOException {
    ScanResult read = JsonReportReader.read(Path.of("src/test/resources/golden/" + name + ".json"));
    for (String format : new String[] {"json", "table", "sarif", "cyclonedx", "spdx-json", "junit"}) {
      assertThat(ReportGoldenTest.render(format, read)).as(format)
          .isEqualTo(Files.readString(Path.of("src/test/resources/golden/" + name + "." + format)));
    }
  }

  @Test
  void readsTheFactsBack() throws IOException {
    ScanResult r = readBack(ReportGoldenTest.sample(false));
    assertThat(r.artifact().name()).isEqualTo("oci:/images/demo:latest");
    assertThat(r.artifact().layers()).hasSize(2);
    assertThat(r.artifact().layers().get(1).createdBy()).isEqualTo("apt-get install curl");
    assertThat(r.os().id()).isEqualTo("debian");
    assertThat(r.packages()).extracting(p -> p.name() + "@" + p.version()).containsExactly(
        "bash@5.2.15-2+b2", "curl@7.88.1-10+deb12u5", "org.apache.logging.log4j:log4j-core@2.14.1");
    VulnerabilityFinding v = (VulnerabilityFinding) r.findings().stream()
        .filter(f -> f instanceof VulnerabilityFinding).findFirst().orElseThrow();
    assertThat(v.fixedVersion()).isEqualTo("2.15.0");
    assertThat(v.aliases()).containsExactly("GHSA-jfh8-c2jp-5v3q");
    assertThat(v.location().layer().index()).isEqualTo(1);
    assertThat(v.location().nestedPath()).isEqualTo("BOOT-INF/lib/log4j-core-2.14.1.jar");
    SecretFinding s = (SecretFinding) r.findings().stream()
        .filter(f -> f instanceof SecretFinding).findFirst().orElseThrow();
    assertThat(s.removedIn()).isEqualTo(1);
    assertThat(s.line()).isEqualTo(2);
    assertThat(r.scannedAt()).hasToString("2026-01-02T03:04:05Z");
  }

  @Test
  void keepsSuppressionState() throws IOException {
    ScanResult r = readBack(ReportSchemaTest.sampleWithSuppression());
    assertThat(r.suppressions()).isNotEmpty();
    assertThat(r.suppressions().values()).extracting(Suppression::kind).isNotEmpty();
    assertThat(r.suppressions()).isEqualTo(ReportSchemaTest.sampleWithSuppression().suppressions());
  }

  @Test
  void ignoresMembersItDoesNotKnow() throws IOException {
    String json = ReportGoldenTest.render("json", ReportGoldenTest.sample(false))
        .replace("\"status\" : \"fixed\"", "\"status\" : \"fixed\", \"epss\" : [ { \"model\" : \"v4\", \"score\" : 0.93 } ]")
        .replace("\"createdAt\" :", "\"futureField\" : { \"x\" : 1 }, \"createdAt\" :");
    assertThat(json).contains("epss");
    ScanResult r = JsonReportReader.read(json.getBytes(StandardCharsets.UTF_8), "r");
    assertThat(ReportGoldenTest.render("json", r)).isEqualTo(ReportGoldenTest.render("json", ReportGoldenTest.sample(false)));
  }

  @Test
  void rejectsWhatIsNotAReport() {
    assertThatThrownBy(() -> JsonReportReader.read("{\"bomFormat\":\"CycloneDX\"}".getBytes(StandardCharsets.UTF_8), "x.json"))
        .isInstanceOf(ImageFormatException.class).hasMessageContaining("x.json").hasMessageContaining("schemaVersion");
    assertThatThrownBy(() -> JsonReportReader.read("{\"schemaVersion\":99}".getBytes(StandardCharsets.UTF_8), "x.json"))
        .isInstanceOf(ImageFormatException.class).hasMessageContaining("99");
    assertThatThrownBy(() -> JsonReportReader.read("{\"schemaVersion\":1,\"art".getBytes(StandardCharsets.UTF_8), "x.json"))
        .isInstanceOf(ImageFormatException.class);
    String badDigest = "{\"schemaVersion\":1,\"createdAt\":\"2026-01-01T00:00:00Z\",\"artifact\":{\"name\":\"x\","
        + "\"layers\":[{\"index\":0,\"digest\":\"sha256:zz\",\"diffId\":\"sha256:zz\"}]}}";
    assertThatThrownBy(() -> JsonReportReader.read(badDigest.getBytes(StandardCharsets.UTF_8), "x.json"))
        .isInstanceOf(ImageFormatException.class).hasMessageContaining("x.json");
    assertThat(JsonReportReader.isReport("{\"bomFormat\":\"CycloneDX\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
  }
}
