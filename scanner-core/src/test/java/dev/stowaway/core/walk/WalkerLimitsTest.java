package dev.stowaway.core.walk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.LayerCoordinates;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Digest;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.testing.HostileImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Walker limits that have no other test: path length, a huge declared entry, and what the walker remembers. */
class WalkerLimitsTest {
  private static final List<Analyzer> ANALYZERS = List.of(new TestAnalyzers.PkgList(), new TestAnalyzers.Os());

  private static LayerResult walk(byte[] tar, ScanLimits limits) throws IOException {
    return new LayerWalker(ANALYZERS, limits).walk(new ByteArrayInputStream(tar),
        new LayerCoordinates(0, Digest.sha256Of(tar), null));
  }

  @Test
  void aPathOverTheLengthLimitIsSkippedWithAnIssue() throws IOException {
    String longName = "d/" + "x".repeat(300) + ".pkg";
    LayerResult r = walk(LayerBuilder.create().file(longName, "no 1\n").file("ok.pkg", "ok 1\n").toTar(),
        ScanLimits.defaults().withMaxPathLength(100));
    assertThat(r.packages()).extracting(p -> p.name()).containsExactly("ok");
    assertThat(r.issues()).singleElement().satisfies(i -> assertThat(i.message())
        .contains("entry path longer than 100 characters, skipped"));
  }

  @Test
  void anEntryDeclaringMoreThanTheLayerMayHoldStopsTheLayerBeforeReadingIt(@TempDir Path dir) throws IOException {
    HostileImages.LayerFile f = HostileImages.hugeDeclaredEntry(dir.resolve("l.tar"),
        LayerBuilder.create().file("a.pkg", "a 1\n"), "var/lib/sparse.img", 20L << 30);
    LayerResult r = walk(Files.readAllBytes(f.blob()), ScanLimits.defaults().withMaxLayerBytes(1L << 30));
    assertThat(r.packages()).extracting(p -> p.name()).containsExactly("a");
    assertThat(r.issues()).singleElement().satisfies(i -> assertThat(i.message())
        .contains("var/lib/sparse.img declares 21474836480 bytes", "limit maxLayerBytes 1073741824"));
  }

  @Test
  void theWalkerRemembersOnlySelectedPathsAndLinksNotEveryFile() throws IOException {
    LayerBuilder b = LayerBuilder.create().file("a.pkg", "a 1\n").symlink("lnk", "a.pkg");
    for (int i = 0; i < 1000; i++) {
      b.file("usr/share/f" + i, "x");
    }
    LayerResult r = walk(b.toTar(), ScanLimits.defaults());
    assertThat(r.present()).containsExactlyInAnyOrder("a.pkg", "lnk");
    assertThat(r.entryCount()).isGreaterThanOrEqualTo(1002);
  }
}
