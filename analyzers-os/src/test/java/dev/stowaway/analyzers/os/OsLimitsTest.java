package dev.stowaway.analyzers.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.analyzers.os.apk.ApkInstalledAnalyzer;
import dev.stowaway.analyzers.os.dpkg.DpkgStatusAnalyzer;
import dev.stowaway.analyzers.os.release.OsReleaseAnalyzer;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link ScanLimits#maxLinesPerFile()} in the line-oriented OS files: package databases, dpkg file lists, release files. */
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

  @Test
  void dpkgFileListsStopAtTheLineLimitWithAnIssue() {
    String list = "/.\n/usr\n/usr/bin\n/usr/bin/a\n/usr/bin/b\n/usr/bin/c\n/usr/bin/d\n";
    for (String name : new String[] {"a.list", "a.md5sums"}) {
      String path = "var/lib/dpkg/info/" + name;
      String text = name.endsWith(".md5sums") ? list.replace("/", "0123  /").replace("0123  /.", "0123  .") : list;
      RecordingAnalysisContext ctx = feed(new DpkgStatusAnalyzer(), path, text);
      assertThat(ctx.issues).anySatisfy(i -> {
        assertThat(i.path()).isEqualTo(path);
        assertThat(i.message()).isEqualTo("stopped after 5 lines (limit maxLinesPerFile); later paths not read");
      });
    }
  }

  @Test
  void osReleaseStopsAtTheLineLimitWithAnIssueAndKeepsEarlierKeys() {
    String text = "ID=alpine\nVERSION_ID=3.19.1\n\n\n\nPRETTY_NAME=\"later\"\n";
    RecordingAnalysisContext ctx = feed(new OsReleaseAnalyzer(), "etc/os-release", text);
    assertThat(ctx.issues).anySatisfy(i -> {
      assertThat(i.path()).isEqualTo("etc/os-release");
      assertThat(i.message()).isEqualTo("stopped after 5 lines (limit maxLinesPerFile); later lines not read");
    });
    assertThat(ctx.osReleases).singleElement().satisfies(c -> {
      assertThat(c.release().id()).isEqualTo("alpine");
      assertThat(c.release().prettyName()).isNotEqualTo("later");
    });
  }

  @Test
  void osReleaseWithinTheLimitHasNoIssue() {
    RecordingAnalysisContext ctx = feed(new OsReleaseAnalyzer(), "etc/os-release", "ID=alpine\n\n\n\nVERSION_ID=3.19.1\n");
    assertThat(ctx.issues).isEmpty();
  }

  private static RecordingAnalysisContext feed(dev.stowaway.api.analysis.Analyzer a, String path, String text) {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0, FIVE_LINES);
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    assertThat(ctx.feed(a, LayerEntry.file(path, b.length), b, false)).isTrue();
    ctx.finish(a);
    return ctx;
  }
}
