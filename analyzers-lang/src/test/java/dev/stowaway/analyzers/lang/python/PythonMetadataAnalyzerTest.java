package dev.stowaway.analyzers.lang.python;

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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PythonMetadataAnalyzerTest {
  private final PythonMetadataAnalyzer analyzer = new PythonMetadataAnalyzer();

  @ParameterizedTest
  @CsvSource({
      "usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA, true",
      "usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO, true",
      "usr/lib/python3.11/site-packages/foo-1.0-py3.11.egg-info, true",
      "usr/lib/python3.11/site-packages/foo-1.0-py3.11.egg/EGG-INFO/PKG-INFO, true",
      "usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/RECORD, false",
      "METADATA, false"})
  void selector(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void simpleMetadataWrittenOutInFull(boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    String path = "usr/lib/python3/site-packages/simple-0.1.0.dist-info/METADATA";
    ctx.feed(analyzer, path, SharedTestData.testdata(
        "fixtures/python/trivy-packaging-simple-0.1.0.METADATA/simple-0.1.0.METADATA"), throttled);
    assertThat(ctx.packages).containsExactly(Package.builder("PyPI", "simple", "0.1.0")
        .purl("pkg:pypi/simple@0.1.0")
        .location(new Location(RecordingAnalysisContext.LAYER0.ref(), path, null))
        .property("identifiedBy", "dist-info").build());
  }

  @Test
  void pep503Normalisation() {
    assertThat(PythonMetadataAnalyzer.normalize("Charset_Normalizer")).isEqualTo("charset-normalizer");
    assertThat(PythonMetadataAnalyzer.normalize("zope..interface")).isEqualTo("zope-interface");
  }

  @Test
  void malformedGivesIssue() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "x/a.dist-info/METADATA", "\u0000garbage\nno headers here\n");
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .containsExactly("python metadata without a Name header");
  }

  @Test
  void realCorpusDistPackages() throws IOException {
    Path corpus = SharedTestData.corpus();
    Path dist = corpus.resolve("rootfs/debian-app/usr/lib/python3/dist-packages");
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    try (var dirs = Files.list(dist)) {
      for (Path d : dirs.filter(p -> p.getFileName().toString().endsWith("-info")).toList()) {
        String name = d.getFileName().toString();
        Path file = Files.isDirectory(d) ? d.resolve(name.endsWith(".dist-info") ? "METADATA" : "PKG-INFO") : d;
        String rel = "usr/lib/python3/dist-packages/" + name + (Files.isDirectory(d) ? "/" + file.getFileName() : "");
        ctx.feed(analyzer, rel, file, false);
      }
    }
    // expected/debian-app.json python_dist_dirs: name-version.{dist,egg}-info
    Set<String> got = ctx.packages.stream().map(p -> p.name() + "-" + p.version())
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(got).containsExactlyInAnyOrder("PyYAML-6.0", "certifi-2022.9.24", "chardet-5.1.0",
        "charset-normalizer-3.0.1", "idna-3.3", "requests-2.28.1", "six-1.16.0", "urllib3-1.26.12");
    assertThat(Files.readString(corpus.resolve("expected/debian-app.json")))
        .contains("\"PyYAML-6.0.dist-info\"", "\"urllib3-1.26.12.egg-info\"");
    assertThat(ctx.packages).extracting(Package::purl).contains("pkg:pypi/pyyaml@6.0",
        "pkg:pypi/charset-normalizer@3.0.1");
  }

  @Test
  void registeredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()).toList())
        .contains(PythonMetadataAnalyzer.class.getName());
  }
}
