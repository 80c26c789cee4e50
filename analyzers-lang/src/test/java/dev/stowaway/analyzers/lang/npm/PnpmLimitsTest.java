package dev.stowaway.analyzers.lang.npm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import org.junit.jupiter.api.Test;

/** {@link ScanLimits#maxYamlDepth()} and {@link ScanLimits#maxYamlAliases()} in the pnpm-lock.yaml parser. */
class PnpmLimitsTest {
  private static final String PATH = "app/pnpm-lock.yaml";

  private static RecordingAnalysisContext feed(String yaml, ScanLimits limits) {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0, limits);
    ctx.feed(new PnpmLockAnalyzer(), PATH, yaml);
    return ctx;
  }

  @Test
  void deeperThanMaxYamlDepthIsAnIssueNotAStackOverflow() {
    String yaml = "lockfileVersion: '9.0'\nx: " + "[".repeat(200_000) + "]".repeat(200_000) + "\n";
    RecordingAnalysisContext ctx = feed(yaml, ScanLimits.defaults());
    assertThat(ctx.issues).singleElement().satisfies(i -> {
      assertThat(i.path()).isEqualTo(PATH);
      assertThat(i.message()).isEqualTo("pnpm-lock.yaml nested deeper than 64 levels (limit maxYamlDepth); not read");
    });
  }

  @Test
  void moreThanMaxYamlAliasesIsAnIssue() {
    StringBuilder yaml = new StringBuilder("lockfileVersion: '9.0'\na: &a [x, y]\nb: [");
    for (int i = 0; i < 60; i++) {
      yaml.append("*a, ");
    }
    yaml.append("*a]\n");
    RecordingAnalysisContext ctx = feed(yaml.toString(), ScanLimits.defaults());
    assertThat(ctx.issues).singleElement().satisfies(i -> assertThat(i.message()).contains("(limit maxYamlAliases)"));
  }

  @Test
  void withinTheLimitsTheLockFileIsRead() {
    String yaml = "lockfileVersion: '9.0'\npackages:\n  left-pad@1.3.0:\n    resolution: {integrity: sha512-x}\n";
    RecordingAnalysisContext ctx = feed(yaml, ScanLimits.defaults().withMaxYamlDepth(4).withMaxYamlAliases(1));
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).extracting(p -> p.purl()).containsExactly("pkg:npm/left-pad@1.3.0");
  }
}
