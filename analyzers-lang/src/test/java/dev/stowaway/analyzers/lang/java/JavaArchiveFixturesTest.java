package dev.stowaway.analyzers.lang.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.model.Package;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * More of the shared Java fixtures, each against what its peer asserts (expected.json) where Stowaway agrees;
 * one line per package: {@code name version nestedPath identifiedBy licences}.
 */
class JavaArchiveFixturesTest {

  private static List<String> scan(String fixture) throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    String name = fixture.substring(fixture.indexOf('/') + 1);
    ctx.feed(new JavaArchiveAnalyzer(), "app/" + name, SharedTestData.testdata("fixtures/java/" + fixture), false);
    assertThat(ctx.issues).isEmpty();
    return ctx.packages.stream().map(JavaArchiveFixturesTest::line).toList();
  }

  private static String line(Package p) {
    assertThat(p.purl()).isEqualTo(p.name().contains(":")
        ? "pkg:maven/" + p.name().replace(':', '/') + "@" + p.version() : null);
    return p.name() + " " + p.version() + " " + p.location().nestedPath() + " " + p.properties().get("identifiedBy")
        + " " + p.licenses();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # trivy finds this one through its sha1 database; the GraalVM native-image folder names it offline
      trivy-analyzer-test-jar/test.jar | org.apache.tomcat.embed:tomcat-embed-websocket 9.0.65 null native-image []
      # licences of pom.properties-identified jars come from the pom.xml beside them
      trivy-io.quarkus.gizmo.gizmo-1.1/io.quarkus.gizmo.gizmo-1.1.jar | \
        log4j:log4j 1.2.16 jars/log4j-1.2.16.jar pom.properties [The Apache Software License, Version 2.0];\
        log4j:log4j 1.2.17 jars/log4j-1.2.17.jar pom.properties [The Apache Software License, Version 2.0];\
        io.quarkus.gizmo:gizmo 1.1 null pom.properties [The Apache Software License, Version 2.0];\
        com.fasterxml.jackson.core:jackson-databind 2.12.3 null pom.properties [];\
        com.fasterxml.jackson.core:jackson-databind 2.13.4 null pom.properties []
      trivy-license-from-jenkins-plugin/license-from-jenkins-plugin.jar | \
        com.example:jenkins-plugin 1.0.0 null manifest [Apache License, Version 2.0, MIT License]
      trivy-multi-license-1.0.0/multi-license-1.0.0.jar | com.example:multi-license 1.0.0 null pom.properties []
      trivy-analyzer-test-par/test.par | \
        com.fasterxml.jackson.core:jackson-core 2.9.10 lib/jackson-core-2.9.10.jar pom.properties [];\
        com.example:par-app 3.0.0 null pom.properties []
      # claircore: a jar in a jar in a fat jar, identified by file names (no group known, so no purl)
      claircore-inner-jar/inner.jar | \
        jackson-annotations 2.13.0 BOOT-INF/lib/jackson-annotations-2.13.0.jar filename [];\
        log4j 2.14.0 BOOT-INF/lib/log4j-api-2.14.jar!META-INF/inner-jar/log4j-2.14.0.jar filename [];\
        log4j-api 2.14 BOOT-INF/lib/log4j-api-2.14.jar filename []
      syft-example-jenkins-plugin/example-jenkins-plugin.hpi | \
        io.jenkins.plugins:example-jenkins-plugin 1.0-SNAPSHOT WEB-INF/lib/example-jenkins-plugin.jar pom.properties [MIT License];\
        io.jenkins.plugins:example-jenkins-plugin 1.0-SNAPSHOT null pom.properties [MIT License]
      snyk-fixture-jar/fixture-1.0.0.jar | io.snyk.test:fixture 1.0.0 null pom.properties []
      scalibr-complex/complex.jar | \
        com.some.anotherpackage:another-package-name 3.2.1 BOOT-INF/lib/inner.jar pom.properties [];\
        com.some.package:package-name 1.2.3 null pom.properties []
      # scalibr: an incomplete pom.properties and no other evidence identify nothing
      scalibr-pom_missing_group_id/pom_missing_group_id.jar | ''
      scalibr-no_pom_properties/no_pom_properties.jar | ''
      """)
  void fixture(String fixture, String expected) throws IOException {
    assertThat(scan(fixture)).containsExactlyElementsOf(
        expected == null || expected.isEmpty() ? List.of() : List.of(expected.split(";\\s*")));
  }
}
