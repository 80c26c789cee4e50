package dev.stowaway.analyzers.lang.npm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import org.junit.jupiter.api.Test;

/** {@link ScanLimits#maxJsonDepth()} and {@link ScanLimits#maxJsonStringLength()} in the npm analyzer. */
class JsonLimitsTest {
  private static final String PATH = "app/node_modules/x/package.json";

  @Test
  void tooDeepJsonIsAnIssueNamingTheLimitNotAStackOverflow() {
    String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(new NpmAnalyzer(), PATH, deep);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).singleElement().satisfies(i -> {
      assertThat(i.path()).isEqualTo(PATH);
      assertThat(i.message()).contains("(limit maxJsonDepth)");
    });
  }

  @Test
  void tooLongStringIsAnIssueNamingTheLimit() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0,
        ScanLimits.defaults().withMaxJsonStringLength(1000));
    ctx.feed(new NpmAnalyzer(), PATH, "{\"name\":\"x\",\"version\":\"1.0.0\",\"description\":\"" + "d".repeat(5000)
        + "\"}");
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).singleElement().satisfies(i -> assertThat(i.message())
        .contains("(limit maxJsonStringLength)"));
  }

  @Test
  void withinTheLimitsThePackageIsRead() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0,
        ScanLimits.defaults().withMaxJsonStringLength(1000).withMaxJsonDepth(3));
    ctx.feed(new NpmAnalyzer(), PATH, "{\"name\":\"x\",\"version\":\"1.0.0\",\"a\":{\"b\":[1]}}");
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).extracting(p -> p.purl()).containsExactly("pkg:npm/x@1.0.0");
  }
}
