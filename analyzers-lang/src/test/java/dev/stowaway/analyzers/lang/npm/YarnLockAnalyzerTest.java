package dev.stowaway.analyzers.lang.npm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class YarnLockAnalyzerTest {
  private final YarnLockAnalyzer analyzer = new YarnLockAnalyzer();

  @ParameterizedTest
  @CsvSource({"app/yarn.lock, true", "yarn.lock, true", "app/yarn.lock.bak, false", "app/package-lock.json, false"})
  void selector(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void classicV1(boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "app/yarn.lock", SharedTestData.testdata("fixtures/npm/trivy-yarn-yarn_happy/yarn.lock"), throttled);
    // trivy's expected.json for this fixture lists 18 packages.
    assertThat(ctx.packages).hasSize(18);
    assertThat(ctx.packages.get(0)).isEqualTo(Package.builder("npm", "@babel/helper-regex", "7.4.4")
        .purl("pkg:npm/%40babel/helper-regex@7.4.4")
        .location(new Location(RecordingAnalysisContext.LAYER0.ref(), "app/yarn.lock", null))
        .property("identifiedBy", "yarn.lock").build());
    assertThat(ctx.packages).extracting(Package::purl).contains("pkg:npm/ansi-regex@2.1.1", "pkg:npm/ansi-regex@3.0.0");
  }

  @Test
  void berry() throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "app/yarn.lock", SharedTestData.testdata("fixtures/npm/trivy-yarn-yarn_v2_happy/yarn.lock"), false);
    assertThat(ctx.packages).extracting(Package::purl)
        .contains("pkg:npm/%40types/color-name@1.1.1", "pkg:npm/abbrev@1.1.1", "pkg:npm/ansi-styles@3.2.1");
    assertThat(ctx.packages).extracting(Package::name).doesNotContain("__metadata");
  }

  @Test
  void malformedGivesIssue() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "a/yarn.lock", "foo@^1:\n  resolved nowhere\nbar@^2:\n");
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .containsExactly("yarn.lock without any package version");
  }

  @Test
  void registeredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()).toList())
        .contains(YarnLockAnalyzer.class.getName());
  }

  @Test
  void quotedVersionKeysAndNonRegistryProtocols() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(new YarnLockAnalyzer(), "app/yarn.lock", """
        # yarn lockfile v1


        "jquery@^3.6.0":
          "integrity" "sha512-x"
          "resolved" "https://registry.npmjs.org/jquery/-/jquery-3.6.0.tgz"
          "version" "3.6.0"

        "drag@git+https://github.com/x/drag.git":
          version "1.1.1"

        asap@unsupported:~2.0.6:
          version "2.0.6"

        "lodash@npm:^4.17.0", lodash@^4.17.21:
          version "4.17.21"

        versionless@^1.0.0:
          versioned "no"
        """);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).extracting(Package::name, Package::version).containsExactly(
        org.assertj.core.groups.Tuple.tuple("jquery", "3.6.0"),
        org.assertj.core.groups.Tuple.tuple("lodash", "4.17.21"));
  }

  @Test
  void aLockOfOnlyGitDependenciesIsNoIssue() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(new YarnLockAnalyzer(), "app/yarn.lock", "\"drag@github:x/drag\":\n  version \"1.1.1\"\n");
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).isEmpty();
  }
}
