package dev.stowaway.analyzers.lang.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JdkReleaseAnalyzerTest {
  private final JdkReleaseAnalyzer analyzer = new JdkReleaseAnalyzer();

  @ParameterizedTest
  @CsvSource({"opt/java/openjdk/release, true", "usr/lib/jvm/java-17-openjdk-amd64/release, true",
      "etc/os-release, false", "release.txt, false"})
  void selector(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void temurinRelease(boolean throttled) {
    String text = "IMPLEMENTOR=\"Eclipse Adoptium\"\nIMPLEMENTOR_VERSION=\"Temurin-17.0.15+6\"\n"
        + "JAVA_RUNTIME_VERSION=\"17.0.15+6\"\nJAVA_VERSION=\"17.0.15\"\nJAVA_VERSION_DATE=\"2025-04-15\"\n";
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, LayerEntry.file("opt/java/openjdk/release", b.length), b, throttled);
    assertThat(ctx.packages).containsExactly(Package.builder("generic", "openjdk", "17.0.15")
        .purl("pkg:generic/openjdk@17.0.15")
        .location(new Location(RecordingAnalysisContext.LAYER0.ref(), "opt/java/openjdk/release", null))
        .property("identifiedBy", "release").property("confidence", "high")
        .property("cpe", "cpe:2.3:a:oracle:openjdk:17.0.15:*:*:*:*:*:*:*")
        .property("note", "JDK/JRE found by its release file; OSV has no JDK ecosystem, match by CPE")
        .property("implementor", "Eclipse Adoptium").property("runtimeVersion", "17.0.15+6").build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage without equals", "\u0000\u0001\u0002", "JAVA_VERSION="})
  void otherOrMalformedReleaseFilesGiveNothing(String text) {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "x/release", text);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).isEmpty();
  }
}
