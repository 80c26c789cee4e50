package dev.stowaway.analyzers.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import org.junit.jupiter.api.Test;

/** {@link ScanLimits#maxRegexReadsPerChar()}: a rule whose regex backtracks is abandoned with an issue. */
class RegexLimitTest {
  private static final String RULES = """
      [[rules]]
      id = "backtracker"
      description = "catastrophic backtracking on purpose"
      regex = '''(a+)+b'''
      keywords = ["aaaa"]
      """;

  @Test
  void backtrackingRegexIsAbandonedWithAnIssueNamingTheFileAndTheLimit() {
    SecretFileAnalyzer analyzer = new SecretFileAnalyzer(SecretRules.parse(RULES, "test.toml"));
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0,
        ScanLimits.defaults().withMaxRegexReadsPerChar(1));
    long start = System.nanoTime();
    ctx.feed(analyzer, "app/config.txt", "a".repeat(40) + "c\n");
    assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
    assertThat(ctx.findings).isEmpty();
    assertThat(ctx.issues).singleElement().satisfies(i -> {
      assertThat(i.path()).isEqualTo("app/config.txt");
      assertThat(i.message()).contains("backtracker", "limit maxRegexReadsPerChar");
    });
  }
}
