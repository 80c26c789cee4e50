package dev.stowaway.analyzers.lang.golang;

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

class GoModAnalyzerTest {
  private final GoModAnalyzer analyzer = new GoModAnalyzer();
  private static final String PATH = "src/repo/go.mod";
  private static final Location AT = new Location(RecordingAnalysisContext.LAYER0.ref(), PATH, null);

  @ParameterizedTest
  @CsvSource({"src/repo/go.mod, true", "go.mod, true", "src/repo/go.sum, true", "src/go.mod.bak, false"})
  void selector(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  private RecordingAnalysisContext feed(String fixture, String file, boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, LayerEntry.file(PATH, 1), java.nio.file.Files.readAllBytes(
        SharedTestData.testdata("fixtures/go/" + fixture + "/" + file)), throttled);
    return ctx;
  }

  static Package mod(String name, String version, String... props) {
    Package.Builder b = Package.builder("Go", name, version)
        .purl("pkg:golang/" + name + (version == null ? "" : "@" + version)).location(AT)
        .property("identifiedBy", "go.mod");
    for (int i = 0; i < props.length; i += 2) {
      b.property(props[i], props[i + 1]);
    }
    return b.build();
  }

  static final Package ROOT = mod("github.com/org/repo", null, "mainModule", "true");

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void replacedByAnotherVersion(boolean throttled) throws IOException {
    assertThat(feed("trivy-mod-replaced-go", "go.mod", throttled).packages).containsExactly(ROOT,
        mod("github.com/aquasecurity/go-dep-parser", "v0.0.0-20220406074731-71021a481237",
            "replaces", "github.com/aquasecurity/go-dep-parser@v0.0.0-20211110174639-8257534ffed3"),
        mod("golang.org/x/xerrors", "v0.0.0-20200804184101-5ec99f83aff1", "indirect", "true"));
  }

  @Test
  void replacedByLocalPathIsDropped() throws IOException {
    assertThat(feed("trivy-mod-replaced-with-local-path-go", "go.mod", false).packages).containsExactly(ROOT,
        mod("github.com/aquasecurity/go-dep-parser", "v0.0.0-20211224170007-df43bca6b6ff"),
        mod("gopkg.in/yaml.v3", "v3.0.0-20210107192922-496545a6307b", "indirect", "true"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"trivy-mod-replaced-with-version-mismatch-go",
      "trivy-mod-replaced-with-local-path-and-version-mismatch-go"})
  void replacementOfAnotherVersionDoesNotApply(String fixture) throws IOException {
    assertThat(feed(fixture, "go.mod", false).packages).containsExactly(ROOT,
        mod("github.com/aquasecurity/go-dep-parser", "v0.0.0-20211224170007-df43bca6b6ff"),
        mod("golang.org/x/xerrors", "v0.0.0-20200804184101-5ec99f83aff1", "indirect", "true"),
        mod("gopkg.in/yaml.v3", "v3.0.0-20210107192922-496545a6307b", "indirect", "true"));
  }

  @Test
  void withoutGoVersionDirective() throws IOException {
    assertThat(feed("trivy-mod-no-go-version-gomod", "gomod", false).packages).extracting(Package::name, Package::version)
        .contains(org.assertj.core.groups.Tuple.tuple("github.com/aquasecurity/go-dep-parser", "v0.0.0-20211224170007-df43bca6b6ff"));
  }

  @Test
  void go116FileReportsItsIndirectRequirementsToo() throws IOException {
    // trivy drops indirect requirements of pre-1.17 files (it reads go.sum instead); they are real, so we keep them
    assertThat(feed("trivy-mod-go116-go", "go.mod", false).packages).containsExactly(ROOT,
        mod("github.com/aquasecurity/go-dep-parser", "v0.0.0-20211224170007-df43bca6b6ff"),
        mod("gopkg.in/yaml.v3", "v3.0.0-20210107192922-496545a6307b", "indirect", "true"));
  }

  @Test
  void withoutModuleDirectiveIsAnIssue() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, PATH, "\u0000\u0001 not a go.mod\nrequire (\n");
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .containsExactly("go.mod without a module directive");
  }

  @Test
  void registeredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()).toList())
        .contains(GoModAnalyzer.class.getName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"trivy-sum-gomod_normal", "trivy-sum-gomod_emptyline", "trivy-sum-gomod_many",
      "trivy-sum-gomod_trivy"})
  void goSumAloneGivesTheLastVersionOfEveryModule(String fixture) throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "src/repo/go.sum", SharedTestData.testdata("fixtures/go/" + fixture + "/go.sum"), false);
    assertThat(ctx.packages).isEmpty(); // joined with a go.mod beside it at the end of the layer
    ctx.finish(analyzer);
    assertThat(ctx.issues).isEmpty();
    assertThat(dev.stowaway.analyzers.lang.fixtures.PeerExpectations.ids(ctx.packages))
        .isEqualTo(dev.stowaway.analyzers.lang.fixtures.PeerExpectations.ids("go/" + fixture, 0));
    assertThat(ctx.packages).allSatisfy(p -> assertThat(p.properties()).containsEntry("identifiedBy", "go.sum"));
  }

  @Test
  void goSumCompletesAPre117GoModOnly() {
    String sum = """
        example.com/a v1.0.0 h1:x=
        example.com/a v1.0.0/go.mod h1:y=
        example.com/b v0.1.0/go.mod h1:z=
        example.com/b v0.2.0 h1:w=
        """;
    RecordingAnalysisContext old = new RecordingAnalysisContext();
    old.feed(analyzer, "src/repo/go.sum", sum);
    old.feed(analyzer, PATH, "module example.com/app\n\ngo 1.16\n\nrequire example.com/a v1.0.0\n");
    old.finish(analyzer);
    assertThat(old.packages).extracting(Package::name, Package::version, p -> p.properties().get("identifiedBy"),
        p -> p.properties().get("indirect")).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("example.com/app", null, "go.mod", null),
        org.assertj.core.groups.Tuple.tuple("example.com/a", "v1.0.0", "go.mod", null),
        org.assertj.core.groups.Tuple.tuple("example.com/b", "v0.2.0", "go.sum", "true"));

    RecordingAnalysisContext pruned = new RecordingAnalysisContext();
    pruned.feed(analyzer, "src/repo/go.sum", sum);
    pruned.feed(analyzer, PATH, "module example.com/app\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n");
    pruned.finish(analyzer);
    assertThat(pruned.packages).extracting(Package::name).containsExactly("example.com/app", "example.com/a");
  }

  @ParameterizedTest
  @CsvSource({"1.16, false", "1.17, true", "1.21.3, true", "2.0, true", "1.9, false", "garbage, false"})
  void goDirectiveVersions(String v, boolean complete) {
    assertThat(GoModAnalyzer.atLeast117(v)).isEqualTo(complete);
  }
}
