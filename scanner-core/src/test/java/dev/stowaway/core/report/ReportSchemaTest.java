package dev.stowaway.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Validates the SARIF, CycloneDX and SPDX reports against the official schemas in the shared test data
 * (read in place, never fetched: every $ref id is mapped to its local file).
 */
class ReportSchemaTest {

  static JsonSchema schema(SpecVersion.VersionFlag version, String id, String... localFiles) throws IOException {
    Path dir = SharedTestData.testdata("schemas");
    java.util.Map<String, String> byId = new java.util.HashMap<>();
    for (String f : localFiles) {
      String text = Files.readString(dir.resolve(f), StandardCharsets.UTF_8);
      byId.put(idOf(f), text);
    }
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(version, b -> b.schemaLoaders(l -> l.schemas(byId)));
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    return factory.getSchema(SchemaLocation.of(id), config);
  }

  private static String idOf(String file) {
    return switch (file) {
      case "sarif/sarif-schema-2.1.0.json" -> SarifReporter.SCHEMA;
      case "cyclonedx/bom-1.6.schema.json" -> "http://cyclonedx.org/schema/bom-1.6.schema.json";
      case "cyclonedx/spdx.schema.json" -> "http://cyclonedx.org/schema/spdx.schema.json";
      case "cyclonedx/jsf-0.82.schema.json" -> "http://cyclonedx.org/schema/jsf-0.82.schema.json";
      case "spdx/spdx-schema.json" -> "http://spdx.org/rdf/terms/2.3";
      default -> throw new IllegalArgumentException(file);
    };
  }

  static JsonSchema cyclonedx() throws IOException {
    return schema(SpecVersion.VersionFlag.V7, "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "cyclonedx/bom-1.6.schema.json", "cyclonedx/spdx.schema.json", "cyclonedx/jsf-0.82.schema.json");
  }

  /** The sample with one finding suppressed, so the suppression parts of each format are validated too. */
  static ScanResult sampleWithSuppression() {
    ScanResult r = ReportGoldenTest.sample(false);
    Finding log4j = r.findings().stream().filter(f -> f.id().equals("CVE-2021-44228")).findFirst().orElseThrow();
    return r.withSuppressions(Map.of(log4j, new Suppression(Suppression.Kind.EXCEPTION, "mitigated by flag",
        LocalDate.parse("2026-12-31"), "stowaway.toml:4", true)));
  }

  @Test
  void sarifIsValid() throws IOException {
    JsonSchema s = schema(SpecVersion.VersionFlag.V4, SarifReporter.SCHEMA, "sarif/sarif-schema-2.1.0.json");
    assertValid(s, ReportGoldenTest.render("sarif", sampleWithSuppression()));
    assertValid(s, ReportGoldenTest.render("sarif", ReportGoldenTest.sample(false)));
  }

  @Test
  void cycloneDxIsValid() throws IOException {
    assertValid(cyclonedx(), ReportGoldenTest.render("cyclonedx", sampleWithSuppression()));
    assertValid(cyclonedx(), ReportGoldenTest.render("cyclonedx", ReportGoldenTest.sample(false)));
  }

  @Test
  void cycloneDxSchemaWiringRejectsAnInvalidLicenceId() throws IOException {
    // proves the spdx.schema.json $ref is resolved; otherwise the validator would accept anything there
    String bad = Files.readString(SharedTestData.testdata("schemas/examples/cyclonedx-1.6-invalid-license-id.json"));
    assertThat(cyclonedx().validate(bad, InputFormat.JSON)).isNotEmpty();
  }

  @Test
  void spdxIsValid() throws IOException {
    JsonSchema s = schema(SpecVersion.VersionFlag.V7, "http://spdx.org/rdf/terms/2.3", "spdx/spdx-schema.json");
    assertValid(s, ReportGoldenTest.render("spdx-json", sampleWithSuppression()));
  }

  @Test
  void schemasRejectABrokenDocument() throws IOException {
    JsonSchema s = schema(SpecVersion.VersionFlag.V7, "http://spdx.org/rdf/terms/2.3", "spdx/spdx-schema.json");
    String broken = ReportGoldenTest.render("spdx-json", sampleWithSuppression())
        .replace("PACKAGE-MANAGER", "PACKAGE_MANAGER");
    assertThat(s.validate(broken, InputFormat.JSON)).isNotEmpty();
  }

  private static void assertValid(JsonSchema schema, String json) {
    Set<ValidationMessage> errors = schema.validate(json, InputFormat.JSON);
    assertThat(errors).as(json).isEmpty();
  }
}
