package dev.stowaway.analyzers.lang.php;

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

class ComposerAnalyzerTest {
  private final ComposerAnalyzer analyzer = new ComposerAnalyzer();
  private static final String INSTALLED = "var/www/vendor/composer/installed.json";

  @ParameterizedTest
  @CsvSource({
      "var/www/composer.lock, true", "var/www/vendor/composer/installed.json, true",
      "var/www/composer.json, false", "var/www/installed.json, false", "var/www/vendor/composer/installed.php, false"})
  void selector(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  private RecordingAnalysisContext feed(String fixtureFile, String path, boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    byte[] b = Files.readAllBytes(SharedTestData.testdata("fixtures/php/" + fixtureFile));
    assertThat(ctx.feed(analyzer, LayerEntry.file(path, b.length), b, throttled)).isTrue();
    return ctx;
  }

  @ParameterizedTest
  @ValueSource(strings = {"scalibr-drupal-packages", "scalibr-duplicate-packages", "scalibr-empty",
      "scalibr-one-package-dev", "scalibr-two-packages", "trivy-composer-composer_happy",
      "trivy-analyzer-composer-happy", "trivy-analyzer-composer-with-dev"})
  void composerLocksYieldThePeersPackagesAndDevFlags(String fixture) throws IOException {
    RecordingAnalysisContext ctx = feed(fixture + "/composer.lock", "var/www/composer.lock", false);
    assertThat(ctx.issues).isEmpty();
    assertThat(PeerExpectations.ids(ctx.packages)).isEqualTo(PeerExpectations.ids("php/" + fixture, 0));
    assertThat(PeerExpectations.devIds(ctx.packages)).isEqualTo(PeerExpectations.devIds("php/" + fixture, 0));
  }

  @Test
  void syftLeavesDevPackagesOutWhichWeMarkInstead() throws IOException {
    RecordingAnalysisContext ctx = feed("syft-composer-lock/composer.lock", "var/www/composer.lock", false);
    assertThat(PeerExpectations.ids(ctx.packages.stream().filter(p -> !p.properties().containsKey("dev")).toList()))
        .isEqualTo(PeerExpectations.ids("php/syft-composer-lock", 0));
    assertThat(PeerExpectations.devIds(ctx.packages))
        .containsExactly("behat/gherkin@v4.6.2", "codeception/codeception@4.1.6");
  }

  @ParameterizedTest
  @CsvSource({"syft-installed-json-composer-1/vendor/composer/installed.json, false",
      "syft-installed-json-composer-2/vendor/composer/installed.json, true",
      "trivy-analyzer-composer-vendor-happy-installed.json/installed.json, false"})
  void installedJsonVersions1And2(String file, boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = feed(file, INSTALLED, throttled);
    assertThat(ctx.issues).isEmpty();
    String fixture = "php/" + file.substring(0, file.indexOf('/'));
    assertThat(PeerExpectations.ids(ctx.packages)).isEqualTo(PeerExpectations.ids(fixture, 0));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void installedJsonWrittenOutInFull(boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = feed("trivy-analyzer-composer-vendor-happy-installed.json/installed.json", INSTALLED, throttled);
    Location at = new Location(RecordingAnalysisContext.LAYER0.ref(), INSTALLED, null);
    assertThat(ctx.packages).containsExactly(
        Package.builder("Packagist", "pear/log", "1.13.3").purl("pkg:composer/pear/log@1.13.3")
            .licenses(List.of("MIT")).location(at).property("identifiedBy", "installed.json").build(),
        Package.builder("Packagist", "pear/pear_exception", "v1.0.2").purl("pkg:composer/pear/pear_exception@v1.0.2")
            .licenses(List.of("BSD-2-Clause")).location(at).property("identifiedBy", "installed.json").build());
  }

  @Test
  void composer2DevPackageNamesAreMarked() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, INSTALLED, """
        {"packages":[{"name":"a/b","version":"1.0.0"},{"name":"phpunit/phpunit","version":"9.6.0"}],
         "dev":true,"dev-package-names":["phpunit/phpunit"]}""");
    assertThat(PeerExpectations.devIds(ctx.packages)).containsExactly("phpunit/phpunit@9.6.0");
    assertThat(ctx.packages).hasSize(2);
  }

  @ParameterizedTest
  @CsvSource({"trivy-analyzer-composer-sad/composer.lock, var/www/composer.lock",
      "trivy-analyzer-composer-vendor-sad-installed.json/installed.json, var/www/vendor/composer/installed.json"})
  void malformedFilesGiveIssues(String file, String path) throws IOException {
    RecordingAnalysisContext ctx = feed(file, path, false);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).singleElement().satisfies(i -> assertThat(i.message()).startsWith("malformed JSON: "));
  }

  @Test
  void registeredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()).toList())
        .contains(ComposerAnalyzer.class.getName());
  }
}
