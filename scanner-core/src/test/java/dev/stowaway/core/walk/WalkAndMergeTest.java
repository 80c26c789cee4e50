package dev.stowaway.core.walk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.LayerCoordinates;
import dev.stowaway.api.analysis.LimitExceededException;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.merge.LayerMerger;
import dev.stowaway.core.merge.MergedLayers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;

/** Walker and merge together, on layers built in memory. Test names read as the rule they pin down. */
class WalkAndMergeTest {

  private static final List<Analyzer> ANALYZERS =
      List.of(new TestAnalyzers.PkgList(), new TestAnalyzers.Os(), new TestAnalyzers.Secret());

  static MergedLayers scan(List<Analyzer> analyzers, ScanLimits limits, LayerBuilder... layers) throws IOException {
    LayerWalker walker = new LayerWalker(analyzers, limits);
    List<LayerResult> results = new ArrayList<>();
    List<LayerRef> refs = new ArrayList<>();
    for (int i = 0; i < layers.length; i++) {
      byte[] tar = layers[i].toTar();
      LayerCoordinates c = new LayerCoordinates(i, Digest.sha256Of(tar), "step " + i);
      refs.add(c.ref());
      results.add(walker.walk(new ByteArrayInputStream(tar), c));
    }
    return new LayerMerger().merge(results, refs);
  }

  static MergedLayers scan(LayerBuilder... layers) throws IOException {
    return scan(ANALYZERS, ScanLimits.defaults(), layers);
  }

  static List<String> names(MergedLayers m) {
    return m.packages().stream().map(p -> p.name() + "@" + p.version() + " L" + p.location().layer().index())
        .sorted().toList();
  }

  @Test
  void whiteoutDeletesLowerLayerResults() throws IOException {
    MergedLayers m = scan(
        LayerBuilder.create().file("a/x.pkg", "x 1.0\n").file("a/y.pkg", "y 1.0\n"),
        LayerBuilder.create().whiteout("a/x.pkg"));
    assertThat(names(m)).containsExactly("y@1.0 L0");
  }

  @Test
  void whiteoutOfDirectoryDeletesEverythingBelowIt() throws IOException {
    MergedLayers m = scan(
        LayerBuilder.create().file("a/b/x.pkg", "x 1.0\n").file("ab.pkg", "ab 1.0\n"),
        LayerBuilder.create().whiteout("a"));
    assertThat(names(m)).containsExactly("ab@1.0 L0");
  }

  @Test
  void fileReAddedAboveWhiteoutIsBack() throws IOException {
    MergedLayers m = scan(
        LayerBuilder.create().file("x.pkg", "x 1.0\n"),
        LayerBuilder.create().whiteout("x.pkg"),
        LayerBuilder.create().file("x.pkg", "x 2.0\n"));
    assertThat(names(m)).containsExactly("x@2.0 L2");
  }

  @Test
  void fileRewrittenInSameLayerAsItsWhiteoutStays() throws IOException {
    // Some builders emit the whiteout and the new file in one layer; deletions apply first.
    MergedLayers m = scan(
        LayerBuilder.create().file("x.pkg", "x 1.0\n"),
        LayerBuilder.create().file("x.pkg", "x 2.0\n").whiteout("x.pkg"));
    assertThat(names(m)).containsExactly("x@2.0 L1");
  }

  @Test
  void opaqueDirHidesLowerContentButKeepsNewContentOfSameLayer() throws IOException {
    MergedLayers m = scan(
        LayerBuilder.create().file("d/a.pkg", "a 1\n").file("d/b.pkg", "b 1\n").file("e/c.pkg", "c 1\n"),
        LayerBuilder.create().file("d/n.pkg", "n 1\n").opaque("d"));
    assertThat(names(m)).containsExactly("c@1 L0", "n@1 L1");
  }

  @Test
  void nestedWhiteoutUnderOpaqueDir() throws IOException {
    MergedLayers m = scan(
        LayerBuilder.create().file("d/keep.pkg", "keep 1\n").file("d/e/old.pkg", "old 1\n"),
        LayerBuilder.create().opaque("d").file("d/e/new.pkg", "new 1\n").whiteout("d/e/old.pkg")
            .file("d/n.pkg", "n 1\n"),
        LayerBuilder.create().whiteout("d/e/new.pkg"));
    assertThat(names(m)).containsExactly("n@1 L1");
  }

  @Test
  void replacedFileReplacesLowerResultsAndPackagesKeepTheirOriginLayer() throws IOException {
    MergedLayers m = scan(
        LayerBuilder.create().file("var/status.pkg", "a 1.0\nb 1.0\n"),
        LayerBuilder.create().file("var/status.pkg", "a 1.0\nb 1.1\nc 2.0\n"));
    assertThat(names(m)).containsExactly("a@1.0 L0", "b@1.1 L1", "c@2.0 L1");
    assertThat(m.packages()).allSatisfy(p -> assertThat(p.location().path()).isEqualTo("var/status.pkg"));
  }

  @Test
  void fileReplacedBySymlinkDropsLowerResults() throws IOException {
    MergedLayers m = scan(
        LayerBuilder.create().file("x.pkg", "x 1\n"),
        LayerBuilder.create().symlink("x.pkg", "/elsewhere"));
    assertThat(m.packages()).isEmpty();
  }

  @Test
  void symlinkedOsReleaseIsDetected() throws IOException {
    MergedLayers m = scan(LayerBuilder.create()
        .dir("etc").dir("usr/lib")
        .file("usr/lib/os-release", "ID=debian\n")
        .symlink("etc/os-release", "../usr/lib/os-release"));
    assertThat(m.os().id()).isEqualTo("debian");
  }

  @Test
  void etcOsReleaseFileInUpperLayerWinsOverLowerSymlinkTarget() throws IOException {
    MergedLayers m = scan(
        LayerBuilder.create().file("usr/lib/os-release", "ID=debian\n")
            .symlink("etc/os-release", "../usr/lib/os-release"),
        LayerBuilder.create().file("etc/os-release", "ID=ubuntu\n"));
    assertThat(m.os().id()).isEqualTo("ubuntu");
  }

  @Test
  void whitedOutOsReleaseIsForgotten() throws IOException {
    MergedLayers m = scan(
        LayerBuilder.create().file("etc/os-release", "ID=alpine\n"),
        LayerBuilder.create().whiteout("etc/os-release"));
    assertThat(m.os()).isNull();
  }

  @Test
  void hardLinkKeepsContentVisibleWhenTargetIsDeleted() throws IOException {
    MergedLayers m = scan(
        LayerBuilder.create().file("usr/lib/os-release", "ID=debian\n")
            .hardlink("etc/os-release", "usr/lib/os-release")
            .file("opt/a.pkg", "a 1\n").hardlink("opt/b.pkg", "./opt/a.pkg"),
        LayerBuilder.create().whiteout("usr/lib/os-release").whiteout("opt/a.pkg"));
    assertThat(m.os().id()).isEqualTo("debian");
    assertThat(names(m)).containsExactly("a@1 L0");
  }

  @Test
  void hardLinkAndVisibleTargetReportOnce() throws IOException {
    MergedLayers m = scan(LayerBuilder.create().file("opt/a.pkg", "a 1\n").hardlink("opt/b.pkg", "opt/a.pkg"));
    assertThat(names(m)).containsExactly("a@1 L0");
  }

  @Test
  void dotDotEscapingTheRootIsRejectedAndRecorded() throws IOException {
    MergedLayers m = scan(LayerBuilder.create()
        .file("../../etc/evil.pkg", "evil 1\n")
        .file("a/../../evil2.pkg", "evil2 1\n")
        .file("./a/./b/../ok.pkg", "ok 1\n")
        .file("/abs/ok2.pkg", "ok2 1\n"));
    assertThat(names(m)).containsExactly("ok2@1 L0", "ok@1 L0");
    assertThat(m.packages()).extracting(p -> p.location().path()).containsExactlyInAnyOrder("a/ok.pkg", "abs/ok2.pkg");
    assertThat(m.issues()).filteredOn(i -> i.message().contains("escapes the image root")).hasSize(2);
  }

  @Test
  void secretInFileDeletedLaterIsKeptAndMarkedRemoved() throws IOException {
    MergedLayers m = scan(
        LayerBuilder.create().file("root/.aws/credentials", "key=SECRET\n").file("etc/app.conf", "SECRET\n"),
        LayerBuilder.create().file("etc/other", "nothing\n"),
        LayerBuilder.create().whiteout("root/.aws/credentials"));
    assertThat(m.findings()).hasSize(2);
    SecretFinding gone = (SecretFinding) m.findings().stream()
        .filter(f -> f.location().path().equals("root/.aws/credentials")).findFirst().orElseThrow();
    assertThat(gone.removed()).isTrue();
    assertThat(gone.removedIn()).isEqualTo(2);
    assertThat(gone.location().layer().index()).isEqualTo(0);
    assertThat(m.findings().stream().filter(f -> !f.removed())).extracting(f -> f.location().path())
        .containsExactly("etc/app.conf");
  }

  @Test
  void secretInFileOverwrittenLaterIsKeptAndMarkedRemoved() throws IOException {
    MergedLayers m = scan(
        LayerBuilder.create().file("app/config", "SECRET\n"),
        LayerBuilder.create().file("app/config", "clean\n"));
    assertThat(m.findings()).singleElement().satisfies(f -> {
      assertThat(f.removed()).isTrue();
      assertThat(((SecretFinding) f).removedIn()).isEqualTo(1);
    });
  }

  @Test
  void failingAnalyzerBecomesAnIssueAndOthersStillRun() throws IOException {
    List<Analyzer> analyzers = List.of(new TestAnalyzers.Broken(), new TestAnalyzers.PkgList());
    MergedLayers m = scan(analyzers, ScanLimits.defaults(),
        LayerBuilder.create().file("a.pkg", "a 1\n").file("b.pkg", "not a package line\n"));
    assertThat(names(m)).containsExactly("a@1 L0");
    assertThat(m.issues()).extracting(i -> i.analyzer() + ":" + i.location().path())
        .containsExactlyInAnyOrder("broken:a.pkg", "broken:b.pkg", "pkg-list:b.pkg");
  }

  @Test
  void severalAnalyzersOnOneEntryEachGetAllBytes() throws IOException {
    MergedLayers m = scan(LayerBuilder.create().file("x.pkg", "x 1\n# SECRET\n".replace("# SECRET", "SECRET 2")));
    // pkg-list reads "x 1" and "SECRET 2"; secret sees the marker: both read the whole entry.
    assertThat(names(m)).containsExactly("SECRET@2 L0", "x@1 L0");
    assertThat(m.findings()).hasSize(1);
  }

  @Test
  void entryTooLargeToBufferGoesToFirstAnalyzerOnlyWithIssue() throws IOException {
    ScanLimits small = ScanLimits.defaults().withMaxBufferedEntryBytes(3);
    MergedLayers m = scan(ANALYZERS, small, LayerBuilder.create().file("x.pkg", "x 1\n"));
    assertThat(names(m)).containsExactly("x@1 L0");
    assertThat(m.issues()).singleElement().satisfies(i -> {
      assertThat(i.analyzer()).isEqualTo("secret");
      assertThat(i.message()).contains("maxBufferedEntryBytes");
    });
  }

  @Test
  void unselectedEntriesAreNotRead() throws IOException {
    // A huge entry no analyzer selects costs nothing but the skip.
    MergedLayers m = scan(List.of(new TestAnalyzers.PkgList()), ScanLimits.defaults(),
        LayerBuilder.create().file("blob.bin", new byte[1 << 20], 0644).file("a.pkg", "a 1\n"));
    assertThat(names(m)).containsExactly("a@1 L0");
    assertThat(m.issues()).isEmpty();
  }

  @Test
  void truncatedTarIsAnImageFormatError() {
    byte[] tar = LayerBuilder.create().file("a.pkg", "a 1\n".repeat(1000)).toTar();
    byte[] cut = Arrays.copyOf(tar, 700);
    LayerWalker w = new LayerWalker(ANALYZERS, ScanLimits.defaults());
    assertThatThrownBy(() -> w.walk(new ByteArrayInputStream(cut),
        new LayerCoordinates(3, Digest.sha256Of(cut), null))).isInstanceOf(IOException.class);
  }

  @Test
  void garbageIsACorruptTarError() {
    byte[] junk = new byte[1024];
    Arrays.fill(junk, (byte) 'x');
    LayerWalker w = new LayerWalker(ANALYZERS, ScanLimits.defaults());
    assertThatThrownBy(() -> w.walk(new ByteArrayInputStream(junk),
        new LayerCoordinates(1, Digest.sha256Of(junk), null)))
        .isInstanceOf(ImageFormatException.class).hasMessageContaining("layer 1");
  }

  @Test
  void entryCountLimitStopsTheLayerWithAnIssueAndKeepsWhatWasRead() throws IOException {
    LayerBuilder b = LayerBuilder.create().file("first.pkg", "first 1\n");
    for (int i = 0; i < 20; i++) {
      b.file("f" + i + ".pkg", "p" + i + " 1\n");
    }
    LayerWalker w = new LayerWalker(ANALYZERS, ScanLimits.defaults().withMaxEntriesPerLayer(10));
    byte[] tar = b.toTar();
    LayerResult r = w.walk(new ByteArrayInputStream(tar), new LayerCoordinates(0, Digest.sha256Of(tar), null));
    assertThat(r.entryCount()).isEqualTo(10);
    assertThat(r.packages()).hasSize(10).first().extracting(p -> p.name()).isEqualTo("first");
    assertThat(r.issues()).singleElement().satisfies(i -> assertThat(i.message())
        .contains("layer 0: more than 10 entries (limit maxEntriesPerLayer)", "not analysed"));
  }

  @Test
  void layerByteLimitStopsTheLayerWithAnIssue() throws IOException {
    // Headers alone (empty files) pass the limit: the byte count, not a declared size, stops the walk.
    LayerBuilder b = LayerBuilder.create().file("a.pkg", "a 1\n");
    for (int i = 0; i < 200; i++) {
      b.file("empty" + i, new byte[0], 0644);
    }
    byte[] tar = b.file("z.pkg", "z 1\n").toTar();
    LayerWalker w = new LayerWalker(ANALYZERS, ScanLimits.defaults().withMaxLayerBytes(50_000));
    LayerResult r = w.walk(new ByteArrayInputStream(tar), new LayerCoordinates(0, Digest.sha256Of(tar), null));
    assertThat(r.packages()).extracting(p -> p.name()).containsExactly("a");
    assertThat(r.issues()).singleElement().satisfies(i -> assertThat(i.message())
        .contains("more than 50000 uncompressed bytes (limit maxLayerBytes)"));
  }

  @Test
  void controlCharactersInHostileNamesAreEscapedInIssues() throws IOException {
    TarArchiveEntry e = new TarArchiveEntry("../\u001b[31mred", true);
    MergedLayers m = scan(LayerBuilder.create().entry(e, new byte[0]));
    assertThat(m.issues()).singleElement().satisfies(i -> assertThat(i.message()).contains("\\x1b").doesNotContain("\u001b"));
  }

  @Test
  void walkerReadsTheStreamToItsEnd() throws IOException {
    byte[] tar = LayerBuilder.create().file("a.pkg", "a 1\n").toTar();
    ByteArrayInputStream in = new ByteArrayInputStream(tar);
    new LayerWalker(ANALYZERS, ScanLimits.defaults()).walk(in, new LayerCoordinates(0, Digest.sha256Of(tar), null));
    assertThat(in.available()).isZero();
  }

  @Test
  void fileListsFromTheLayerThatHadThemSurviveARewrittenDatabase() throws IOException {
    // dpkg rewrites status in every apt layer, but a package's file list stays in the layer that
    // installed it: the visible copy of the database lacks it, the lower copy has it.
    MergedLayers m = scan(
        LayerBuilder.create().file("var/status.pkg", "a 1 usr/bin/a,usr/share/a\nb 1 usr/bin/b\n"),
        LayerBuilder.create().file("var/status.pkg", "a 1\nb 2\nc 1 usr/bin/c\n"));
    assertThat(m.packages()).extracting(p -> p.name() + "@" + p.version() + " " + p.installedFiles())
        .containsExactlyInAnyOrder("a@1 [usr/bin/a, usr/share/a]", "b@2 []", "c@1 [usr/bin/c]");
  }

  @Test
  void packagesOfIdenticalLayersAreAttributedToTheFirst() throws IOException {
    MergedLayers m = scan(
        LayerBuilder.create().file("s.pkg", "a 1\n"),
        LayerBuilder.create().file("s.pkg", "a 1\n"));
    Package p = m.packages().get(0);
    assertThat(p.location().layer().index()).isZero();
  }
}
