package dev.stowaway.analyzers.lang.dotnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.analyzers.lang.fixtures.PeerExpectations;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DotnetAnalyzerTest {
  private final DotnetAnalyzer analyzer = new DotnetAnalyzer();

  @ParameterizedTest
  @CsvSource({"app/ExampleApp1.deps.json, true", "app/packages.lock.json, true", "app/ExampleApp1.runtimeconfig.json, false",
      "root/.nuget/packages/newtonsoft.json/13.0.1/newtonsoft.json.nuspec, true",
      "app/deps.json, false", "app/package-lock.json, false"})
  void selector(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  private RecordingAnalysisContext feed(String fixtureFile, String path, boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    byte[] b = Files.readAllBytes(SharedTestData.testdata("fixtures/dotnet/" + fixtureFile));
    assertThat(ctx.feed(analyzer, LayerEntry.file(path, b.length), b, throttled)).isTrue();
    return ctx;
  }

  /** Trivy's deps.json cases use ID name/version. */
  private static java.util.Set<String> trivyIds(String fixture) throws IOException {
    return PeerExpectations.ids("dotnet/" + fixture, 0);
  }

  @ParameterizedTest
  @CsvSource({
      "trivy-core-deps-happy.deps, happy.deps.json", "trivy-core-deps-ambiguous-root.deps, ambiguous-root.deps.json",
      "trivy-core-deps-missing-target.deps, missing-target.deps.json",
      "trivy-core-deps-multi-project.deps, multi-project.deps.json",
      "trivy-core-deps-no-libraries.deps, no-libraries.deps.json",
      "trivy-core-deps-self-contained.deps, self-contained.deps.json",
      "trivy-core-deps-without-runtime.deps, without-runtime.deps.json"})
  void depsJsonFixtures(String fixture, String file) throws IOException {
    RecordingAnalysisContext ctx = feed(fixture + "/" + file, "app/" + file, false);
    assertThat(ctx.issues).isEmpty();
    assertThat(PeerExpectations.ids(ctx.packages)).isEqualTo(trivyIds(fixture));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void depsJsonWrittenOutInFull(boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = feed("trivy-core-deps-happy.deps/happy.deps.json", "app/ExampleApp1.deps.json", throttled);
    Location at = new Location(RecordingAnalysisContext.LAYER0.ref(), "app/ExampleApp1.deps.json", null);
    assertThat(ctx.packages).containsExactly(
        Package.builder("NuGet", "ExampleApp1", "1.0.0").purl("pkg:nuget/ExampleApp1@1.0.0").location(at)
            .property("identifiedBy", "deps.json").property("project", "true").build(),
        Package.builder("NuGet", "Newtonsoft.Json", "13.0.1").purl("pkg:nuget/Newtonsoft.Json@13.0.1").location(at)
            .property("identifiedBy", "deps.json").build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"trivy-lock-packages_lock_legacy", "trivy-lock-packages_lock_multi",
      "trivy-lock-packages_lock_simple", "trivy-lock-packages_lock_subdependencies", "syft-packages-lock-json"})
  void packagesLockFixtures(String fixture) throws IOException {
    RecordingAnalysisContext ctx = feed(fixture + "/packages.lock.json", "src/app/packages.lock.json", true);
    assertThat(ctx.issues).isEmpty();
    assertThat(PeerExpectations.ids(ctx.packages)).isEqualTo(PeerExpectations.ids("dotnet/" + fixture, 0));
    assertThat(ctx.packages).allSatisfy(p ->
        assertThat(p.purl()).isEqualTo("pkg:nuget/" + p.name() + "@" + p.version()));
  }

  @Test
  void syftDepsJsonIsReadWithoutIssues() throws IOException {
    RecordingAnalysisContext ctx = feed("syft-TestLibrary-deps-json/TestLibrary.deps.json", "app/TestLibrary.deps.json", false);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages.stream().map(Package::name).collect(Collectors.toSet())).contains("TestLibrary");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void nuspecFromTheGlobalPackagesFolder(boolean throttled) {
    String path = "root/.nuget/packages/newtonsoft.json/13.0.1/newtonsoft.json.nuspec";
    byte[] xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
          <metadata minClientVersion="2.12">
            <id>Newtonsoft.Json</id>
            <version>13.0.1</version>
            <license type="expression">MIT</license>
            <authors>James Newton-King</authors>
          </metadata>
        </package>
        """.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, LayerEntry.file(path, xml.length), xml, throttled);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).containsExactly(Package.builder("NuGet", "Newtonsoft.Json", "13.0.1")
        .purl("pkg:nuget/Newtonsoft.Json@13.0.1").licenses(java.util.List.of("MIT"))
        .location(new Location(RecordingAnalysisContext.LAYER0.ref(), path, null))
        .property("identifiedBy", "nuspec").build());
  }

  @Test
  void malformedNuspecIsAnIssueAndDoctypesAreRefused() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "x/a.nuspec", "<package><metadata><id>A</id>");
    ctx.feed(analyzer, "x/b.nuspec", "<!DOCTYPE p [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><package><metadata>"
        + "<id>&e;</id><version>1</version></metadata></package>");
    ctx.feed(analyzer, "x/c.nuspec", "<package><metadata><id>A</id></metadata></package>");
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message).satisfiesExactly(
        m -> assertThat(m).startsWith("malformed nuspec: "),
        m -> assertThat(m).startsWith("malformed nuspec: "),
        m -> assertThat(m).isEqualTo("nuspec without metadata id and version"));
  }

  @Test
  void invalidDepsJsonIsAnIssue() throws IOException {
    RecordingAnalysisContext ctx = feed("trivy-core-deps-invalid.deps/invalid.deps.json", "app/invalid.deps.json", false);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).singleElement().satisfies(i -> assertThat(i.message()).startsWith("malformed JSON: "));
  }

  @Test
  void registeredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()).toList())
        .contains(DotnetAnalyzer.class.getName());
  }
}
