package dev.stowaway.analyzers.iac.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.LayerCoordinates;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.walk.EntryType;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import dev.stowaway.core.walk.LayerResult;
import dev.stowaway.core.walk.LayerWalker;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SetuidFileAnalyzerTest {
  private final SetuidFileAnalyzer analyzer = new SetuidFileAnalyzer();

  private static LayerEntry entry(String path, EntryType type, int mode, long uid) {
    return new LayerEntry(path, type, 0, mode, uid, 0, null, Instant.EPOCH);
  }

  @ParameterizedTest
  @CsvSource({
      "usr/bin/passwd, FILE, 04755, true",
      "usr/bin/chage, FILE, 02755, true",
      "srv/data.txt, FILE, 0666, true",
      "usr/bin/ls, FILE, 0755, false",
      "tmp, DIRECTORY, 01777, false",
      "usr/bin/sudo-link, SYMLINK, 04777, false",
      "etc/passwd, FILE, 0644, false"})
  void selector(String path, EntryType type, String mode, boolean selected) {
    assertThat(analyzer.selector().matches(entry(path, type, Integer.parseInt(mode, 8), 0))).isEqualTo(selected);
  }

  private static List<String> describe(List<Finding> findings) {
    return findings.stream().map(f -> f.id() + " " + f.severity() + " " + f.location().path() + " " + f.title()).toList();
  }

  @Test
  void reportsSetuidSetgidAndWorldWritable() {
    for (boolean throttled : new boolean[] {false, true}) {
      RecordingAnalysisContext ctx = new RecordingAnalysisContext();
      ctx.feed(analyzer, entry("usr/bin/passwd", EntryType.FILE, 04755, 0), new byte[] {1, 2, 3}, throttled);
      ctx.feed(analyzer, entry("usr/local/bin/tool", EntryType.FILE, 06755, 1000), new byte[0], throttled);
      ctx.feed(analyzer, entry("srv/upload.sh", EntryType.FILE, 0777, 0), new byte[0], throttled);
      ctx.feed(analyzer, entry("tmp/scratch", EntryType.FILE, 0666, 0), new byte[0], throttled);
      assertThat(ctx.issues).isEmpty();
      assertThat(describe(ctx.findings)).containsExactly(
          "FS001 MEDIUM usr/bin/passwd setuid file (mode 4755, owner uid 0)",
          "FS001 LOW usr/local/bin/tool setuid file (mode 6755, owner uid 1000)",
          "FS002 LOW usr/local/bin/tool setgid file (mode 6755, group gid 0)",
          "FS003 MEDIUM srv/upload.sh World-writable file (mode 0777)");
      assertThat(ctx.findings.get(0).location().layer()).isEqualTo(RecordingAnalysisContext.LAYER0.ref());
      assertThat(((dev.stowaway.api.model.MisconfigurationFinding) ctx.findings.get(0)).benchmark())
          .isEqualTo("CIS-DI-0008");
    }
  }

  @Test
  void walkerDispatchesByModeWithoutReadingOtherFiles() throws Exception {
    byte[] tar = LayerBuilder.create()
        .file("usr/bin/su", new byte[] {1}, 04755)
        .file("usr/bin/ls", new byte[] {2}, 0755)
        .file("usr/sbin/unix_chkpwd", new byte[] {3}, 02755)
        .toTar();
    LayerResult r = new LayerWalker(List.<Analyzer>of(analyzer), ScanLimits.defaults())
        .walk(new ByteArrayInputStream(tar), RecordingAnalysisContext.LAYER0);
    assertThat(r.findings()).extracting(f -> f.id() + " " + f.location().path())
        .containsExactly("FS001 usr/bin/su", "FS002 usr/sbin/unix_chkpwd");
  }

  /** The Debian base layer of the real debian-app image lists the setuid/setgid programs of bookworm minbase. */
  @Test
  void debianAppBaseLayerSetuidInventory() throws Exception {
    Path blob = SharedTestData.corpusLayerBlob("debian-app", 1);
    LayerCoordinates layer = new LayerCoordinates(0, Digest.sha256Of("debian-app-layer-1"), "debootstrap");
    LayerResult r;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(blob), 1 << 16)) {
      r = new LayerWalker(List.<Analyzer>of(analyzer), ScanLimits.defaults()).walk(in, layer);
    }
    assertThat(r.issues()).isEmpty();
    assertThat(r.findings()).extracting(f -> f.id() + " " + f.location().path()).containsExactlyInAnyOrder(
        "FS002 usr/bin/chage",
        "FS001 usr/bin/chfn",
        "FS001 usr/bin/chsh",
        "FS002 usr/bin/expiry",
        "FS001 usr/bin/gpasswd",
        "FS001 usr/bin/mount",
        "FS001 usr/bin/newgrp",
        "FS001 usr/bin/passwd",
        "FS001 usr/bin/su",
        "FS001 usr/bin/umount",
        "FS002 usr/sbin/unix_chkpwd");
  }
}
