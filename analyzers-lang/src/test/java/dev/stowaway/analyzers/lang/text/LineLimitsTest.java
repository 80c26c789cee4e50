package dev.stowaway.analyzers.lang.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.analyzers.lang.golang.GoModAnalyzer;
import dev.stowaway.analyzers.lang.npm.YarnLockAnalyzer;
import dev.stowaway.analyzers.lang.python.PythonLockAnalyzer;
import dev.stowaway.analyzers.lang.python.PythonMetadataAnalyzer;
import dev.stowaway.analyzers.lang.ruby.GemfileLockAnalyzer;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.model.Package;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import org.junit.jupiter.api.Test;

/**
 * {@link ScanLimits#maxLinesPerFile()} in every line-oriented language parser: a file longer than the limit
 * is read up to it (what was found is kept) and one issue names the file and the limit. Each file here has
 * one package within the first four lines and one after them, and the limit is four lines.
 */
class LineLimitsTest {

  private static final ScanLimits FOUR_LINES = ScanLimits.defaults().withMaxLinesPerFile(4);

  private static RecordingAnalysisContext feed(Analyzer analyzer, String path, String text, ScanLimits limits) {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0, limits);
    ctx.feed(analyzer, path, text);
    return ctx;
  }

  private static void assertStoppedAtTheLimit(RecordingAnalysisContext ctx, String path, String kept) {
    assertThat(ctx.packages).extracting(Package::name).containsExactly(kept);
    assertThat(ctx.issues).singleElement().satisfies(i -> {
      assertThat(i.path()).isEqualTo(path);
      assertThat(i.message()).isEqualTo("stopped after 4 lines (limit maxLinesPerFile); "
          + i.message().substring(i.message().indexOf("; ") + 2));
      assertThat(i.message()).contains("(limit maxLinesPerFile)").endsWith(" not read");
    });
  }

  @Test
  void requirementsTxt() {
    String text = "# pinned\nflask==2.0.0\n\n\n\n\nrequests==2.31.0\n";
    String path = "app/requirements.txt";
    assertStoppedAtTheLimit(feed(new PythonLockAnalyzer(), path, text, FOUR_LINES), path, "flask");
    assertThat(feed(new PythonLockAnalyzer(), path, text, ScanLimits.defaults()).packages).hasSize(2);
  }

  @Test
  void goMod() {
    String text = "module example.com/app\n\nrequire golang.org/x/text v0.3.0\n\n\n\nrequire github.com/a/b v1.0.0\n";
    String path = "src/go.mod";
    RecordingAnalysisContext ctx = feed(new GoModAnalyzer(), path, text, FOUR_LINES);
    assertThat(ctx.packages).extracting(Package::name).containsExactly("example.com/app", "golang.org/x/text");
    assertThat(ctx.issues).singleElement().satisfies(i -> {
      assertThat(i.path()).isEqualTo(path);
      assertThat(i.message()).startsWith("stopped after 4 lines (limit maxLinesPerFile)");
    });
    assertThat(feed(new GoModAnalyzer(), path, text, ScanLimits.defaults()).packages).hasSize(3);
  }

  @Test
  void gemfileLock() {
    String text = "GEM\n  remote: https://rubygems.org/\n  specs:\n    rake (13.0.6)\n\n    rack (3.0.0)\n";
    String path = "app/Gemfile.lock";
    assertStoppedAtTheLimit(feed(new GemfileLockAnalyzer(), path, text, FOUR_LINES), path, "rake");
    assertThat(feed(new GemfileLockAnalyzer(), path, text, ScanLimits.defaults()).packages).hasSize(2);
  }

  @Test
  void yarnLock() {
    String text = "left-pad@^1.0.0:\n  version \"1.3.0\"\n\n\n\nis-odd@^3.0.0:\n  version \"3.0.1\"\n";
    String path = "app/yarn.lock";
    assertStoppedAtTheLimit(feed(new YarnLockAnalyzer(), path, text, FOUR_LINES), path, "left-pad");
    assertThat(feed(new YarnLockAnalyzer(), path, text, ScanLimits.defaults()).packages).hasSize(2);
  }

  @Test
  void pythonMetadataHeaders() {
    // the Version header comes after the limit: the file is reported as one without a version
    String text = "Metadata-Version: 2.1\nName: flask\nSummary: x\nAuthor: y\nHome-page: z\nVersion: 2.0.0\n";
    String path = "usr/lib/python3/site-packages/flask-2.0.0.dist-info/METADATA";
    RecordingAnalysisContext ctx = feed(new PythonMetadataAnalyzer(), path, text, FOUR_LINES);
    assertThat(ctx.issues).anySatisfy(i -> {
      assertThat(i.path()).isEqualTo(path);
      assertThat(i.message()).startsWith("stopped after 4 lines (limit maxLinesPerFile)");
    });
    assertThat(ctx.packages).noneMatch(p -> "2.0.0".equals(p.version()));
    assertThat(feed(new PythonMetadataAnalyzer(), path, text, ScanLimits.defaults()).packages)
        .extracting(Package::version).containsExactly("2.0.0");
  }
}
