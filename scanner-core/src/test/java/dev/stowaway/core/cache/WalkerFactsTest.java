package dev.stowaway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.LayerCoordinates;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Digest;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.walk.LayerResult;
import dev.stowaway.core.walk.LayerWalker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cache stores the layer facts the merge needs (whiteouts, opaque directories, written paths, links, entry
 * count) once per layer and analyzer set, apart from the analyzers' results, and re-runs only the analyzers
 * whose results are missing. The walker remembers only written files that some analyzer selects, so a walk
 * that runs a subset must still remember the paths of the whole set: this test pins that.
 */
class WalkerFactsTest {

  private static final byte[] TAR = LayerBuilder.create().dir("etc").file("etc/os-release", "ID=debian\n")
      .file("a.pkg", "a 1\n").file("big.bin", new byte[100_000], 0644).file("k.txt", "SECRET")
      .symlink("etc/link", "../a.pkg").hardlink("hard.pkg", "a.pkg").whiteout("gone").opaque("opaque")
      .file("usr/bin/su", "x".getBytes(StandardCharsets.UTF_8), 04755).toTar();
  private static final LayerCoordinates AT = new LayerCoordinates(0, Digest.sha256Of(TAR), "step");

  @Test
  void aWalkOfSomeAnalyzersRemembersThePathsOfTheWholeSet() throws IOException {
    List<Analyzer> all = List.of(new CacheTestAnalyzers.Packages("1"), new CacheTestAnalyzers.Secrets("1"),
        new CacheTestAnalyzers.Setuid("1"));
    LayerResult reference = new LayerWalker(all, ScanLimits.defaults()).walk(new ByteArrayInputStream(TAR), AT);
    assertThat(reference.present()).contains("a.pkg", "k.txt", "usr/bin/su", "etc/link", "hard.pkg");
    for (List<Analyzer> running : List.of(List.<Analyzer>of(), all.subList(0, 1), all.subList(1, 3))) {
      LayerResult r = new LayerWalker(running, all, ScanLimits.defaults()).walk(new ByteArrayInputStream(TAR), AT);
      assertThat(r.present()).as("written paths running " + running).isEqualTo(reference.present());
      assertThat(r.links()).isEqualTo(reference.links());
      assertThat(r.whiteouts()).isEqualTo(reference.whiteouts());
      assertThat(r.opaqueDirs()).isEqualTo(reference.opaqueDirs());
      assertThat(r.entryCount()).isEqualTo(reference.entryCount());
    }
  }

  @Test
  void filesNoAnalyzerSelectsAreNotRemembered() throws IOException {
    LayerResult r = new LayerWalker(List.of(new CacheTestAnalyzers.Packages("1")), ScanLimits.defaults())
        .walk(new ByteArrayInputStream(TAR), AT);
    assertThat(r.present()).contains("a.pkg", "etc/link", "hard.pkg").doesNotContain("big.bin", "etc/os-release");
  }
}
