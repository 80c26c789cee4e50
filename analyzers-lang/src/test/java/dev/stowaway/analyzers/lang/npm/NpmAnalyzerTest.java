package dev.stowaway.analyzers.lang.npm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NpmAnalyzerTest {
  private final NpmAnalyzer analyzer = new NpmAnalyzer();

  @ParameterizedTest
  @CsvSource({
      "srv/web/node_modules/express/package.json, true",
      "srv/web/node_modules/@babel/core/package.json, true",
      "srv/web/node_modules/a/node_modules/b/package.json, true",
      "srv/web/package-lock.json, true",
      "srv/web/node_modules/.package-lock.json, true",
      "srv/web/package.json, false",
      "srv/web/node_modules/express/lib/package.json, false"})
  void selector(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void lockV3(boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "app/package-lock.json",
        SharedTestData.testdata("fixtures/npm/trivy-npm-package-lock_v3/package-lock.json"), throttled);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).contains(Package.builder("npm", "@babel/helper-string-parser", "7.19.4")
        .purl("pkg:npm/%40babel/helper-string-parser@7.19.4")
        .location(new Location(RecordingAnalysisContext.LAYER0.ref(), "app/package-lock.json", null))
        .property("identifiedBy", "package-lock.json")
        .property("lockPath", "node_modules/@babel/helper-string-parser")
        .build());
    assertThat(ctx.packages).filteredOn(p -> "node_modules/debug".equals(p.properties().get("lockPath")))
        .singleElement().satisfies(p -> assertThat(p.properties()).containsEntry("dev", "true"));
    assertThat(ctx.packages).extracting(Package::name).doesNotContain("node_v1");
  }

  @Test
  void lockV1() throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "app/package-lock.json",
        SharedTestData.testdata("fixtures/npm/trivy-npm-package-lock_v1/package-lock.json"), false);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).isNotEmpty();
    assertThat(ctx.packages).allSatisfy(p -> assertThat(p.purl()).startsWith("pkg:npm/"));
  }

  @Test
  void malformedGivesIssue() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "a/package-lock.json", "{\"packages\": {\"node_modules/x\": {\"version\": ");
    ctx.feed(analyzer, "a/node_modules/x/package.json", "[1,2]");
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).hasSize(2);
  }

  @Test
  void realCorpusLockAndInstalledTree() throws IOException {
    Path corpus = SharedTestData.corpus();
    Path web = corpus.resolve("rootfs/debian-app/srv/web");
    String expected = Files.readString(corpus.resolve("expected/debian-app.json"));
    int npmAt = expected.indexOf("\"npm\"");
    Set<String> want = Pattern.compile("\"name\":\\s*\"([^\"]+)\",\\s*\"version\":\\s*\"([^\"]+)\"")
        .matcher(expected.substring(npmAt, expected.indexOf("\"secrets\"")))
        .results().map(r -> r.group(1) + "@" + r.group(2)).collect(Collectors.toCollection(TreeSet::new));
    assertThat(want).hasSize(52);
    RecordingAnalysisContext lock = new RecordingAnalysisContext();
    lock.feed(analyzer, "srv/web/package-lock.json", web.resolve("package-lock.json"), false);
    assertThat(lock.packages.stream().map(p -> p.name() + "@" + p.version()).collect(Collectors.toSet()))
        .isEqualTo(want);
    RecordingAnalysisContext installed = new RecordingAnalysisContext();
    try (var files = Files.walk(web.resolve("node_modules"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().equals("package.json")).toList()) {
        installed.feed(analyzer, "srv/web/" + web.relativize(f), f, false);
      }
    }
    assertThat(installed.packages.stream().map(p -> p.name() + "@" + p.version()).collect(Collectors.toSet()))
        .isEqualTo(want);
  }

  @Test
  void registeredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()).toList())
        .contains(NpmAnalyzer.class.getName());
  }
}
