package dev.stowaway.analyzers.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import org.junit.jupiter.api.Test;

/**
 * {@link ScanLimits#maxRegexReadsPerChar()} through the layer-file analyzer: a rule whose regex backtracks
 * catastrophically on a file is abandoned for that file with an issue naming the file, the rule and the
 * limit; the other rules still report their findings, and the scan ends in bounded time.
 */
class SecretLimitsTest {

  private static final SecretRules RULES = SecretRules.parse("""
      [[rules]]
      id = "catastrophic"
      regex = '''a*a*a*a*a*a*b'''
      keywords = ["aaa"]
      [[rules]]
      id = "fine"
      regex = '''tok_[0-9]{6}'''
      keywords = ["tok_"]
      """, "test.toml");
  private static final String PATH = "app/static/min.js";

  private static RecordingAnalysisContext scan(String text, ScanLimits limits) {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0, limits);
    SecretFileAnalyzer analyzer = new SecretFileAnalyzer(RULES);
    ctx.feed(analyzer, PATH, text);
    ctx.finish(analyzer);
    return ctx;
  }

  @Test
  void aRuleThatSpendsItsRegexBudgetIsAbandonedWithAnIssueNamingTheLimit() {
    long t0 = System.nanoTime();
    RecordingAnalysisContext ctx = scan("a".repeat(300) + "! tok_123456\n", ScanLimits.defaults());
    assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);
    assertThat(ctx.issues).anySatisfy(i -> {
      assertThat(i.path()).isEqualTo(PATH);
      assertThat(i.message()).contains("secret rule catastrophic").contains("(pathological input; limit maxRegexReadsPerChar)");
    });
    assertThat(ctx.findings).extracting(f -> ((dev.stowaway.api.model.SecretFinding) f).id()).containsExactly("fine");
  }

  @Test
  void withinTheBudgetNoRuleIsAbandoned() {
    RecordingAnalysisContext ctx = scan("aaab tok_123456\n", ScanLimits.defaults().withMaxRegexReadsPerChar(1));
    assertThat(ctx.issues).noneMatch(i -> i.message().contains("maxRegexReadsPerChar"));
    assertThat(ctx.findings).extracting(f -> ((dev.stowaway.api.model.SecretFinding) f).id()).contains("fine");
  }
}
