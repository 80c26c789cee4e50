package dev.stowaway.analyzers.lang.npm;

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

class PnpmLockAnalyzerTest {
  private final PnpmLockAnalyzer analyzer = new PnpmLockAnalyzer();
  private static final String PATH = "srv/web/pnpm-lock.yaml";

  @ParameterizedTest
  @CsvSource({"srv/web/pnpm-lock.yaml, true", "pnpm-lock.yaml, true", "srv/web/pnpm-workspace.yaml, false",
      "srv/web/pnpm-lock.yml, false"})
  void selector(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  private RecordingAnalysisContext feed(String fixture, boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    byte[] b = Files.readAllBytes(SharedTestData.testdata("fixtures/npm/" + fixture + "/pnpm-lock.yaml"));
    assertThat(ctx.feed(analyzer, LayerEntry.file(PATH, b.length), b, throttled)).isTrue();
    return ctx;
  }

  @ParameterizedTest
  @ValueSource(strings = {"trivy-pnpm-pnpm-lock_archives", "trivy-pnpm-pnpm-lock_many", "trivy-pnpm-pnpm-lock_normal",
      "trivy-pnpm-pnpm-lock_v6", "trivy-pnpm-pnpm-lock_v6_with_dev", "trivy-pnpm-pnpm-lock_v9",
      "trivy-pnpm-pnpm-lock_v9_cyclic_import", "trivy-pnpm-pnpm-lock_v9_multi_version",
      "trivy-pnpm-pnpm-lock_v9_multiple_documents", "trivy-pnpm-pnpm-lock_with_dev"})
  void fixturesYieldThePeersPackagesAndDevFlags(String fixture) throws IOException {
    RecordingAnalysisContext ctx = feed(fixture, false);
    assertThat(ctx.issues).isEmpty();
    // trivy leaves dev-only packages of v5/v6 files out; they are reported here, marked dev
    java.util.Set<String> expected = PeerExpectations.ids("npm/" + fixture, 0);
    java.util.Set<String> expectedDev = PeerExpectations.devIds("npm/" + fixture, 0);
    java.util.Set<String> expectedProd = new java.util.TreeSet<>(expected);
    expectedProd.removeAll(expectedDev);
    assertThat(PeerExpectations.ids(ctx.packages)).containsAll(expected);
    assertThat(PeerExpectations.devIds(ctx.packages)).containsAll(expectedDev);
    assertThat(PeerExpectations.ids(ctx.packages.stream().filter(p -> !p.properties().containsKey("dev")).toList()))
        .isEqualTo(expectedProd);
  }

  @Test
  void peerVariantsOfOneVersionAreOnePackageAndProductionUseWins() throws IOException {
    // trivy lists jest-pnp-resolver@1.2.3 twice (one variant dev-only); it is one package, used in production
    RecordingAnalysisContext ctx = feed("trivy-pnpm-pnpm-lock_v9_same-vers-diff-peers", false);
    String fixture = "npm/trivy-pnpm-pnpm-lock_v9_same-vers-diff-peers";
    assertThat(PeerExpectations.ids(ctx.packages)).isEqualTo(PeerExpectations.ids(fixture, 0));
    assertThat(PeerExpectations.devIds(ctx.packages)).containsExactly("jest-resolve@27.5.1", "jest-runner@27.5.1");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void v6WrittenOutInFull(boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = feed("trivy-pnpm-pnpm-lock_v6_with_dev", throttled);
    Location at = new Location(RecordingAnalysisContext.LAYER0.ref(), PATH, null);
    assertThat(ctx.packages).contains(
        Package.builder("npm", "@babel/runtime", "7.22.3").purl("pkg:npm/%40babel/runtime@7.22.3").location(at)
            .property("identifiedBy", "pnpm-lock.yaml").build(),
        Package.builder("npm", "@ungap/promise-all-settled", "1.1.2").purl("pkg:npm/%40ungap/promise-all-settled@1.1.2")
            .location(at).property("identifiedBy", "pnpm-lock.yaml").property("dev", "true").build(),
        Package.builder("npm", "react", "18.1.0").purl("pkg:npm/react@18.1.0").location(at)
            .property("identifiedBy", "pnpm-lock.yaml").build());
  }

  @Test
  void keys() {
    assertThat(PnpmLockAnalyzer.nameAndVersion("/@babel/runtime/7.18.3_react@18.1.0", true))
        .containsExactly("@babel/runtime", "7.18.3");
    assertThat(PnpmLockAnalyzer.nameAndVersion("/@babel/runtime@7.22.3(react@18.1.0)", false))
        .containsExactly("@babel/runtime", "7.22.3");
    assertThat(PnpmLockAnalyzer.nameAndVersion("asap@2.0.6", false)).containsExactly("asap", "2.0.6");
  }

  @Test
  void malformedYamlIsAnIssue() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, PATH, "lockfileVersion: '9.0'\npackages:\n  a@1: {resolution: [\n");
    ctx.feed(analyzer, PATH, "just: text\n");
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message).satisfiesExactly(
        m -> assertThat(m).startsWith("malformed pnpm-lock.yaml: "),
        m -> assertThat(m).isEqualTo("pnpm-lock.yaml without lockfileVersion"));
  }

  @Test
  void registeredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()).toList())
        .contains(PnpmLockAnalyzer.class.getName());
  }
}
