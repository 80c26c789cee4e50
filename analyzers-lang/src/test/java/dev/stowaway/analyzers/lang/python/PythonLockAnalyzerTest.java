package dev.stowaway.analyzers.lang.python;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PythonLockAnalyzerTest {
  private final PythonLockAnalyzer analyzer = new PythonLockAnalyzer();

  @ParameterizedTest
  @CsvSource({
      "app/requirements.txt, true", "app/requirements-dev.txt, true", "requirements.txt, true",
      "app/Pipfile.lock, true", "app/poetry.lock, true", "app/uv.lock, true",
      "app/Pipfile, false", "app/pyproject.toml, false", "app/requirements.in, false", "app/constraints.txt, false"})
  void selector(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  private RecordingAnalysisContext feed(String fixture, String file, String as, boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    byte[] b = Files.readAllBytes(SharedTestData.testdata("fixtures/python/" + fixture + "/" + file));
    assertThat(ctx.feed(analyzer, LayerEntry.file("app/" + as, b.length), b, throttled)).isTrue();
    return ctx;
  }

  @ParameterizedTest
  @ValueSource(strings = {"trivy-pip-requirements_comments", "trivy-pip-requirements_flask",
      "trivy-pip-requirements_hash", "trivy-pip-requirements_hyphens", "trivy-pip-requirements_no_version",
      "trivy-pip-requirements_operator", "trivy-pip-requirements_spaces", "trivy-pip-requirements_utf16le",
      "trivy-pip-requirements_with_templating_engine", "trivy-pip-requirement_exstras"})
  void requirementsFixturesYieldExactlyThePinnedPackages(String fixture) throws IOException {
    RecordingAnalysisContext ctx = feed(fixture, "requirements.txt", "requirements.txt", false);
    assertThat(ctx.issues).isEmpty();
    assertThat(PeerExpectations.ids(ctx.packages)).isEqualTo(PeerExpectations.ids("python/" + fixture, 0));
  }

  @Test
  void rangesAndWildcardsAreNotPins() throws IOException {
    // trivy's expectation for this file needs its useMinVersion option; pinned-only gives nothing
    assertThat(feed("trivy-pip-requirements_compatible", "requirements.txt", "requirements.txt", false).packages).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void requirementsWrittenOutInFull(boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = feed("trivy-pip-requirement_exstras", "requirements.txt", "requirements.txt", throttled);
    Location at = new Location(RecordingAnalysisContext.LAYER0.ref(), "app/requirements.txt", null);
    assertThat(ctx.packages).containsExactly(
        Package.builder("PyPI", "pyjwt", "2.1.0").purl("pkg:pypi/pyjwt@2.1.0").location(at)
            .property("identifiedBy", "requirements.txt").build(),
        Package.builder("PyPI", "celery", "4.4.7").purl("pkg:pypi/celery@4.4.7").location(at)
            .property("identifiedBy", "requirements.txt").build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"trivy-pipenv-Pipfile_django", "trivy-pipenv-Pipfile_many", "trivy-pipenv-Pipfile_normal"})
  void pipfileLocks(String fixture) throws IOException {
    RecordingAnalysisContext ctx = feed(fixture, "Pipfile.lock", "Pipfile.lock", false);
    assertThat(ctx.issues).isEmpty();
    // trivy reports the default section only; develop entries are extra here, marked dev
    assertThat(PeerExpectations.ids(ctx.packages.stream().filter(p -> !p.properties().containsKey("dev")).toList()))
        .isEqualTo(PeerExpectations.ids("python/" + fixture, 0));
  }

  @ParameterizedTest
  @CsvSource({"trivy-poetry-poetry_flask, false", "trivy-poetry-poetry_v2_flask, true", "trivy-poetry-poetry_normal, false"})
  void poetryLocksWithDevMarking(String fixture, boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = feed(fixture, "poetry.lock", "poetry.lock", throttled);
    assertThat(ctx.issues).isEmpty();
    assertThat(PeerExpectations.ids(ctx.packages)).isEqualTo(PeerExpectations.ids("python/" + fixture, 0));
    assertThat(PeerExpectations.devIds(ctx.packages)).isEqualTo(PeerExpectations.devIds("python/" + fixture, 0));
  }

  @Test
  void uvLockWithRootAndDevOnlyPackages() throws IOException {
    RecordingAnalysisContext ctx = feed("trivy-uv-uv_normal", "uv.lock", "uv.lock", true);
    assertThat(ctx.issues).isEmpty();
    assertThat(PeerExpectations.ids(ctx.packages)).isEqualTo(PeerExpectations.ids("python/trivy-uv-uv_normal", 0));
    assertThat(PeerExpectations.devIds(ctx.packages)).isEqualTo(PeerExpectations.devIds("python/trivy-uv-uv_normal", 0));
    Location at = new Location(RecordingAnalysisContext.LAYER0.ref(), "app/uv.lock", null);
    assertThat(ctx.packages).contains(Package.builder("PyPI", "normal", "0.1.0").purl("pkg:pypi/normal@0.1.0")
        .location(at).property("identifiedBy", "uv.lock").property("root", "true").build());
  }

  @Test
  void malformedLockFilesGiveIssues() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "app/poetry.lock", "[[package]\nname = ");
    ctx.feed(analyzer, "app/Pipfile.lock", "{\"default\": {");
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .satisfiesExactly(m -> assertThat(m).startsWith("malformed poetry.lock: "),
            m -> assertThat(m).startsWith("malformed Pipfile.lock: "));
  }

  @Test
  void registeredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()).toList())
        .contains(PythonLockAnalyzer.class.getName());
  }
}
