package dev.stowaway.analyzers.lang.ruby;

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
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link GemspecAnalyzer} and {@link GemfileLockAnalyzer}. */
class RubyAnalyzersTest {
  private final GemspecAnalyzer gemspec = new GemspecAnalyzer();
  private final GemfileLockAnalyzer lock = new GemfileLockAnalyzer();
  private static final String SPECS = "usr/local/bundle/specifications/";

  @ParameterizedTest
  @CsvSource({
      "usr/local/bundle/specifications/rake-13.0.3.gemspec, true, false",
      "var/lib/gems/3.1.0/specifications/default/json-2.6.1.gemspec, false, false",
      "srv/app/rake.gemspec, false, false",
      "srv/app/Gemfile.lock, false, true",
      "srv/app/gems.locked, false, true",
      "srv/app/Gemfile, false, false"})
  void selectors(String path, boolean gemspecSelected, boolean lockSelected) {
    assertThat(gemspec.selector().matches(LayerEntry.file(path, 10))).isEqualTo(gemspecSelected);
    assertThat(lock.selector().matches(LayerEntry.file(path, 10))).isEqualTo(lockSelected);
  }

  private RecordingAnalysisContext feed(Analyzer a, String fixtureFile, String path, boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    byte[] b = Files.readAllBytes(SharedTestData.testdata("fixtures/ruby/" + fixtureFile));
    assertThat(ctx.feed(a, LayerEntry.file(path, b.length), b, throttled)).isTrue();
    return ctx;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void gemspecWrittenOutInFull(boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = feed(gemspec, "trivy-gemspec-normal00.gemspec/normal00.gemspec",
        SPECS + "rake-13.0.3.gemspec", throttled);
    assertThat(ctx.packages).containsExactly(Package.builder("RubyGems", "rake", "13.0.3")
        .purl("pkg:gem/rake@13.0.3").licenses(List.of("MIT"))
        .location(new Location(RecordingAnalysisContext.LAYER0.ref(), SPECS + "rake-13.0.3.gemspec", null))
        .property("identifiedBy", "gemspec").build());
  }

  @ParameterizedTest
  @CsvSource({
      "trivy-gemspec-license.gemspec/license.gemspec, async, 1.25.0, MIT",
      "trivy-gemspec-multiple_licenses.gemspec/multiple_licenses.gemspec, test-unit, 3.3.7, Ruby BSDL PSFL",
      "trivy-gemspec-normal01.gemspec/normal01.gemspec, async, 1.25.0, MIT", // trivy rejects a non-array; RubyGems accepts it
      "syft-bundler-gemspec/specifications/bundler-2.1.4.gemspec, bundler, 2.1.4, MIT",
      "syft-formatador-gemspec/specifications/formatador-1.1.0.gemspec, formatador, 1.1.0, MIT"})
  void gemspecFixtures(String file, String name, String version, String licenses) throws IOException {
    RecordingAnalysisContext ctx = feed(gemspec, file, SPECS + "x.gemspec", false);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).singleElement().satisfies(p -> {
      assertThat(p.name()).isEqualTo(name);
      assertThat(p.version()).isEqualTo(version);
      assertThat(p.purl()).isEqualTo("pkg:gem/" + name + "@" + version);
      assertThat(p.licenses()).containsExactlyElementsOf(licenses.isEmpty() ? List.of() : List.of(licenses.split(" ")));
    });
  }

  @ParameterizedTest
  @CsvSource({
      "trivy-gemspec-malformed00.gemspec/malformed00.gemspec, gemspec without a literal name",
      "trivy-gemspec-malformed01.gemspec/malformed01.gemspec, gemspec without a literal version"})
  void malformedGemspecsGiveIssues(String file, String message) throws IOException {
    RecordingAnalysisContext ctx = feed(gemspec, file, SPECS + "x.gemspec", false);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message).containsExactly(message);
  }

  @ParameterizedTest
  @CsvSource({"trivy-bundler-Gemfile_normal, false", "trivy-bundler-Gemfile_bundler2, true", "syft-Gemfile-lock, false"})
  void gemfileLocksYieldExactlyThePeersPackages(String fixture, boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = feed(lock, fixture + "/Gemfile.lock", "srv/app/Gemfile.lock", throttled);
    assertThat(ctx.issues).isEmpty();
    assertThat(PeerExpectations.ids(ctx.packages)).isEqualTo(PeerExpectations.ids("ruby/" + fixture, 0));
  }

  @Test
  void gemfileLockWrittenOutInFullWithPlatformAndGitAndPathSections() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(lock, "srv/app/Gemfile.lock", """
        GIT
          remote: https://github.com/x/y.git
          revision: abc
          specs:
            y (0.1.0)

        PATH
          remote: .
          specs:
            myapp (1.0.0)

        GEM
          remote: https://rubygems.org/
          specs:
            nokogiri (1.13.6-x86_64-linux)
              racc (~> 1.4)

        DEPENDENCIES
          nokogiri
        """);
    Location at = new Location(RecordingAnalysisContext.LAYER0.ref(), "srv/app/Gemfile.lock", null);
    assertThat(ctx.packages).containsExactly(
        Package.builder("RubyGems", "y", "0.1.0").purl("pkg:gem/y@0.1.0").location(at)
            .property("identifiedBy", "Gemfile.lock").property("source", "git").build(),
        Package.builder("RubyGems", "nokogiri", "1.13.6").purl("pkg:gem/nokogiri@1.13.6").location(at)
            .property("identifiedBy", "Gemfile.lock").property("platform", "x86_64-linux").build());
  }

  @Test
  void malformedGemfileLockIsAnIssue() throws IOException {
    RecordingAnalysisContext ctx = feed(lock, "trivy-bundler-Gemfile_malformed/Gemfile.lock", "Gemfile.lock", false);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .containsExactly("not a Gemfile.lock: no GEM, GIT, PATH or DEPENDENCIES section");
  }

  @Test
  void registeredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()).toList())
        .contains(GemspecAnalyzer.class.getName(), GemfileLockAnalyzer.class.getName());
  }
}
