package dev.stowaway.analyzers.lang.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Spring Boot's embedded CycloneDX SBOM, read by {@link JavaArchiveAnalyzer}. */
class SpringBootSbomTest {
  private final JavaArchiveAnalyzer analyzer = new JavaArchiveAnalyzer();

  static final String SBOM = """
      {"bomFormat":"CycloneDX","specVersion":"1.6",
       "metadata":{"component":{"type":"application","purl":"pkg:maven/com.example/demo@1.0.0?type=jar"}},
       "components":[
         {"type":"library","group":"org.apache.logging.log4j","name":"log4j-core","version":"2.14.1",
          "purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar",
          "licenses":[{"license":{"id":"Apache-2.0"}}]},
         {"type":"library","purl":"pkg:maven/com.acme/shaded-util@3.1?type=jar",
          "licenses":[{"expression":"MIT OR Apache-2.0"}],
          "components":[{"type":"library","purl":"pkg:maven/com.acme/inner@0.9-beta%2B1?classifier=jdk17&type=jar"}]},
         {"type":"library","purl":"pkg:npm/lodash@4.17.21"}
       ]}
      """;

  static byte[] zip(Object... nameThenBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (int i = 0; i < nameThenBytes.length; i += 2) {
        z.putNextEntry(new ZipEntry((String) nameThenBytes[i]));
        Object v = nameThenBytes[i + 1];
        z.write(v instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) v);
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  static Location at(String nested) {
    return new Location(RecordingAnalysisContext.LAYER0.ref(), "app/demo.jar", nested);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void sbomAddsWhatTheJarsDoNotSayThemselves(boolean throttled) throws IOException {
    byte[] log4j = zip("META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties",
        "groupId=org.apache.logging.log4j\nartifactId=log4j-core\nversion=2.14.1\n");
    byte[] fat = zip(
        "META-INF/maven/com.example/demo/pom.properties", "groupId=com.example\nartifactId=demo\nversion=1.0.0\n",
        "BOOT-INF/classes/META-INF/sbom/application.cdx.json", SBOM,
        "BOOT-INF/lib/log4j-core-2.14.1.jar", log4j);
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, LayerEntry.file("app/demo.jar", fat.length), fat, throttled);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).containsExactlyInAnyOrder(
        Package.builder("Maven", "com.example:demo", "1.0.0").purl("pkg:maven/com.example/demo@1.0.0")
            .location(at(null)).property("identifiedBy", "pom.properties").property("confidence", "high")
            .property("evidence", "META-INF/maven/com.example/demo/pom.properties").build(),
        Package.builder("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1")
            .purl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")
            .location(at("BOOT-INF/lib/log4j-core-2.14.1.jar")).property("identifiedBy", "pom.properties")
            .property("confidence", "high")
            .property("evidence", "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties").build(),
        Package.builder("Maven", "com.acme:shaded-util", "3.1").purl("pkg:maven/com.acme/shaded-util@3.1")
            .licenses(java.util.List.of("MIT OR Apache-2.0"))
            .location(at(null)).property("identifiedBy", "sbom").property("confidence", "high")
            .property("evidence", "BOOT-INF/classes/META-INF/sbom/application.cdx.json").build(),
        Package.builder("Maven", "com.acme:inner", "0.9-beta+1")
            .purl("pkg:maven/com.acme/inner@0.9-beta%2B1?classifier=jdk17")
            .location(at(null)).property("identifiedBy", "sbom").property("confidence", "high")
            .property("classifier", "jdk17")
            .property("evidence", "BOOT-INF/classes/META-INF/sbom/application.cdx.json").build());
  }

  @Test
  void malformedSbomIsAnIssueAndTheJarIsStillIdentified() throws IOException {
    byte[] fat = zip("META-INF/sbom/application.cdx.json", "{\"bomFormat\":\"CycloneDX\",\"components\":[",
        "META-INF/maven/g/a/pom.properties", "groupId=g\nartifactId=a\nversion=1\n");
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, LayerEntry.file("app/demo.jar", fat.length), fat, false);
    assertThat(ctx.packages).extracting(Package::purl).containsExactly("pkg:maven/g/a@1");
    assertThat(ctx.issues).singleElement().satisfies(i ->
        assertThat(i.message()).startsWith("cannot parse app/demo.jar!META-INF/sbom/application.cdx.json: "));
  }

  @Test
  void purlParsing() {
    assertThat(SpringBootSbom.fromPurl("pkg:maven/a.b/c@1.0?type=jar", "e"))
        .extracting(ArchiveIdentifier.Coordinates::group, ArchiveIdentifier.Coordinates::artifact,
            ArchiveIdentifier.Coordinates::version)
        .containsExactly("a.b", "c", "1.0");
    assertThat(SpringBootSbom.fromPurl("pkg:maven/c@1.0", "e")).isNull();
    assertThat(SpringBootSbom.fromPurl("pkg:maven/a/c", "e")).isNull();
    assertThat(SpringBootSbom.isSbom("META-INF/sbom/other.cdx.json")).isFalse();
  }
}
