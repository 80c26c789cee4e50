package dev.stowaway.analyzers.lang.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.analyzers.lang.dotnet.DotnetAnalyzer;
import dev.stowaway.analyzers.lang.npm.BunLockAnalyzer;
import dev.stowaway.analyzers.lang.npm.NpmAnalyzer;
import dev.stowaway.analyzers.lang.php.ComposerAnalyzer;
import dev.stowaway.analyzers.lang.python.PythonLockAnalyzer;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ScanLimits#maxJsonDepth()} and {@link ScanLimits#maxJsonStringLength()} in every JSON parser of the
 * module (all go through {@link JsonTree}): a document past either limit is an issue naming the file and the
 * limit, never a {@link StackOverflowError} or a huge string in memory; the same document within the limits
 * is read.
 */
class JsonParserLimitsTest {

  static Stream<Arguments> parsers() {
    return Stream.of(
        Arguments.of("package-lock.json", (Supplier<Analyzer>) NpmAnalyzer::new, "app/package-lock.json"),
        Arguments.of("bun.lock", (Supplier<Analyzer>) BunLockAnalyzer::new, "app/bun.lock"),
        Arguments.of("composer.lock", (Supplier<Analyzer>) ComposerAnalyzer::new, "app/composer.lock"),
        Arguments.of("installed.json", (Supplier<Analyzer>) ComposerAnalyzer::new, "app/vendor/composer/installed.json"),
        Arguments.of("deps.json", (Supplier<Analyzer>) DotnetAnalyzer::new, "app/App.deps.json"),
        Arguments.of("packages.lock.json", (Supplier<Analyzer>) DotnetAnalyzer::new, "src/packages.lock.json"),
        Arguments.of("Pipfile.lock", (Supplier<Analyzer>) PythonLockAnalyzer::new, "app/Pipfile.lock"));
  }

  private static RecordingAnalysisContext feed(Analyzer a, String path, String text, ScanLimits limits) {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0, limits);
    ctx.feed(a, path, text);
    return ctx;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void deeperThanMaxJsonDepthIsAnIssueNotAStackOverflow(String name, Supplier<Analyzer> analyzer, String path) {
    String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
    RecordingAnalysisContext ctx = feed(analyzer.get(), path, deep, ScanLimits.defaults());
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).singleElement().satisfies(i -> {
      assertThat(i.path()).isEqualTo(path);
      assertThat(i.message()).contains("(limit maxJsonDepth)");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void longerThanMaxJsonStringLengthIsAnIssue(String name, Supplier<Analyzer> analyzer, String path) {
    String doc = "{\"x\":\"" + "d".repeat(5000) + "\"}";
    RecordingAnalysisContext ctx = feed(analyzer.get(), path, doc, ScanLimits.defaults().withMaxJsonStringLength(1000));
    assertThat(ctx.issues).singleElement().satisfies(i -> {
      assertThat(i.path()).isEqualTo(path);
      assertThat(i.message()).contains("(limit maxJsonStringLength)");
    });
    RecordingAnalysisContext within = feed(analyzer.get(), path, doc, ScanLimits.defaults());
    assertThat(within.issues).noneMatch(i -> i.message().contains("(limit "));
  }
}
