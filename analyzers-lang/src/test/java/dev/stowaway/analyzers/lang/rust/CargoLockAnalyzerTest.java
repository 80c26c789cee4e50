package dev.stowaway.analyzers.lang.rust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.analyzers.lang.fixtures.PeerExpectations;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CargoLockAnalyzerTest {
  private final CargoLockAnalyzer analyzer = new CargoLockAnalyzer();
  private static final String PATH = "src/app/Cargo.lock";

  @ParameterizedTest
  @CsvSource({"src/app/Cargo.lock, true", "Cargo.lock, true", "src/app/Cargo.toml, false", "src/cargo.lock, false"})
  void selector(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  private RecordingAnalysisContext feed(String fixture, boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, PATH, SharedTestData.testdata("fixtures/rust/" + fixture + "/Cargo.lock"), throttled);
    return ctx;
  }

  private static Set<String> ids(RecordingAnalysisContext ctx) {
    return ctx.packages.stream().map(p -> p.name() + "@" + p.version()).collect(Collectors.toCollection(TreeSet::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"trivy-cargo-cargo_normal", "trivy-cargo-cargo_mixed", "trivy-cargo-cargo_v3"})
  void trivyFixturesYieldExactlyTheExpectedCrates(String fixture) throws IOException {
    RecordingAnalysisContext ctx = feed(fixture, false);
    assertThat(ctx.issues).isEmpty();
    assertThat(ids(ctx)).isEqualTo(PeerExpectations.ids("rust/" + fixture, 0));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void normalLockWrittenOutInFull(boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = feed("trivy-cargo-cargo_normal", throttled);
    Location at = new Location(RecordingAnalysisContext.LAYER0.ref(), PATH, null);
    assertThat(ctx.packages).hasSize(8).startsWith(
        Package.builder("crates.io", "libc", "0.2.54").purl("pkg:cargo/libc@0.2.54").location(at)
            .property("identifiedBy", "Cargo.lock")
            .property("source", "registry+https://github.com/rust-lang/crates.io-index").build(),
        Package.builder("crates.io", "normal", "0.1.0").purl("pkg:cargo/normal@0.1.0").location(at)
            .property("identifiedBy", "Cargo.lock").property("source", "local").build());
  }

  @Test
  void syftLockFilesIncludingGitDependencies() throws IOException {
    RecordingAnalysisContext plain = feed("syft-Cargo-lock", false);
    assertThat(plain.packages).hasSize(14);
    assertThat(plain.packages).extracting(Package::purl).contains("pkg:cargo/ansi_term@0.12.1", "pkg:cargo/errno@0.3.9");
    RecordingAnalysisContext git = feed("syft-Cargo-lock-with-git-deps", false);
    assertThat(git.issues).isEmpty();
    assertThat(git.packages).hasSize(12);
    assertThat(git.packages).anySatisfy(p -> assertThat(p.properties().get("source")).startsWith("git+"));
  }

  @Test
  void invalidLockFileIsAnIssue() throws IOException {
    RecordingAnalysisContext ctx = feed("trivy-cargo-cargo_invalid", false);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).singleElement().satisfies(i -> assertThat(i.message()).startsWith("malformed Cargo.lock: "));
  }

  @Test
  void packageWithoutVersionIsSkippedWithAnIssue() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, PATH, "[[package]]\nname = \"a\"\n\n[[package]]\nname = \"b\"\nversion = \"1.0.0\"\n");
    assertThat(ctx.packages).extracting(Package::name).containsExactly("b");
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .containsExactly("1 [[package]] entries without name or version skipped");
  }

  @Test
  void registeredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()).toList())
        .contains(CargoLockAnalyzer.class.getName());
  }

}
