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

class BunLockAnalyzerTest {
  private final BunLockAnalyzer analyzer = new BunLockAnalyzer();
  private static final String PATH = "srv/web/bun.lock";

  @ParameterizedTest
  @CsvSource({"srv/web/bun.lock, true", "bun.lock, true", "srv/web/bun.lockb, false", "srv/web/bunfig.toml, false"})
  void selector(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  private RecordingAnalysisContext feed(String fixture, boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    byte[] b = Files.readAllBytes(SharedTestData.testdata("fixtures/npm/" + fixture + "/bun.lock"));
    assertThat(ctx.feed(analyzer, LayerEntry.file(PATH, b.length), b, throttled)).isTrue();
    return ctx;
  }

  @ParameterizedTest
  @ValueSource(strings = {"trivy-bun-bun_happy", "trivy-bun-bun_multiple_ws"})
  void fixturesYieldThePeersPackagesAndDevFlags(String fixture) throws IOException {
    RecordingAnalysisContext ctx = feed(fixture, false);
    assertThat(ctx.issues).isEmpty();
    assertThat(PeerExpectations.ids(ctx.packages)).isEqualTo(PeerExpectations.ids("npm/" + fixture, 0));
    assertThat(PeerExpectations.devIds(ctx.packages)).isEqualTo(PeerExpectations.devIds("npm/" + fixture, 0));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void writtenOutInFull(boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = feed("trivy-bun-bun_multiple_ws", throttled);
    Location at = new Location(RecordingAnalysisContext.LAYER0.ref(), PATH, null);
    assertThat(ctx.packages).containsExactly(
        Package.builder("npm", "chalk", "5.0.1").purl("pkg:npm/chalk@5.0.1").location(at)
            .property("identifiedBy", "bun.lock").build(),
        Package.builder("npm", "lodash", "4.17.21").purl("pkg:npm/lodash@4.17.21").location(at)
            .property("identifiedBy", "bun.lock").build(),
        Package.builder("npm", "my-app", "1.0.0").purl("pkg:npm/my-app@1.0.0").location(at)
            .property("identifiedBy", "bun.lock").property("workspace", "true").build(),
        Package.builder("npm", "my-lib", "1.0.0").purl("pkg:npm/my-lib@1.0.0").location(at)
            .property("identifiedBy", "bun.lock").property("workspace", "true").build());
  }

  @Test
  void invalidLockFilesGiveIssues() throws IOException {
    RecordingAnalysisContext ctx = feed("trivy-bun-bun_invalid", false);
    ctx.feed(analyzer, PATH, "{\"lockfileVersion\": 1, \"packages\": {");
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message).satisfiesExactly(
        m -> assertThat(m).isEqualTo("bun.lock without a numeric lockfileVersion"),
        m -> assertThat(m).startsWith("malformed bun.lock: "));
  }

  @Test
  void registeredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()).toList())
        .contains(BunLockAnalyzer.class.getName());
  }
}
