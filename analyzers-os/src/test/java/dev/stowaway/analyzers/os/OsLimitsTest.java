package dev.stowaway.analyzers.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.analyzers.os.apk.ApkInstalledAnalyzer;
import dev.stowaway.analyzers.os.dpkg.DpkgStatusAnalyzer;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link ScanLimits#maxLinesPerFile()} in the line-oriented OS package databases. */
class OsLimitsTest {
  private static final ScanLimits FIVE_LINES = ScanLimits.defaults().withMaxLinesPerFile(5);

  @Test
  void dpkgStatusStopsAtTheLineLimitWithAnIssueAndKeepsEarlierPackages() {
    String status = "Package: a\nStatus: install ok installed\nVersion: 1\n\n"
        + "Package: b\nStatus: install ok installed\nVersion: 2\n\n";
    RecordingAnalysisContext ctx = feed(new DpkgStatusAnalyzer(), "var/lib/dpkg/status", status);
    assertThat(ctx.packages).extracting(p -> p.name()).containsExactly("a");
    assertThat(ctx.issues).anySatisfy(i -> {
      assertThat(i.path()).isEqualTo("var/lib/dpkg/status");
      assertThat(i.message()).contains("stopped after 5 lines (limit maxLinesPerFile)");
    });
  }

  @Test
  void apkInstalledStopsAtTheLineLimitWithAnIssue() {
    String db = "P:a\nV:1\nA:x86_64\n\nP:b\nV:2\nA:x86_64\n\n";
    RecordingAnalysisContext ctx = feed(new ApkInstalledAnalyzer(), "lib/apk/db/installed", db);
    assertThat(ctx.packages).extracting(p -> p.name()).containsExactly("a");
    assertThat(ctx.issues).anySatisfy(i -> {
      assertThat(i.path()).isEqualTo("lib/apk/db/installed");
      assertThat(i.message()).contains("stopped after 5 lines (limit maxLinesPerFile)");
    });
  }

  private static RecordingAnalysisContext feed(dev.stowaway.api.analysis.Analyzer a, String path, String text) {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0, FIVE_LINES);
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    assertThat(ctx.feed(a, LayerEntry.file(path, b.length), b, false)).isTrue();
    ctx.finish(a);
    return ctx;
  }
}
