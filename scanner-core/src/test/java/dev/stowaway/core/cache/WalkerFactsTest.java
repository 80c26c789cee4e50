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
 * count) once per layer, apart from the analyzers' results, and re-runs only the analyzers whose results are
 * missing. That is right only while those facts do not depend on which analyzers run: this test pins it. If
 * the walker ever records, say, only the paths some analyzer selected, the facts must become per-analyzer
 * entries too (see {@link CachingLayerAnalysis}).
 */
class WalkerFactsTest {

  @Test
  void theFactsOfALayerDoNotDependOnTheAnalyzers() throws IOException {
    byte[] tar = LayerBuilder.create().dir("etc").file("etc/os-release", "ID=debian\n").file("a.pkg", "a 1\n")
        .file("big.bin", new byte[100_000], 0644).file("k.txt", "SECRET").symlink("etc/link", "../a.pkg")
        .hardlink("hard.pkg", "a.pkg").whiteout("gone").opaque("opaque").file("usr/bin/su",
            "x".getBytes(StandardCharsets.UTF_8), 04755)
        .toTar();
    LayerCoordinates at = new LayerCoordinates(0, Digest.sha256Of(tar), "step");
    List<List<Analyzer>> sets = List.of(List.of(), List.of(new CacheTestAnalyzers.Packages("1")),
        List.of(new CacheTestAnalyzers.Packages("1"), new CacheTestAnalyzers.Secrets("1"),
            new CacheTestAnalyzers.Setuid("1")));
    LayerResult reference = null;
    for (List<Analyzer> analyzers : sets) {
      LayerResult r = new LayerWalker(analyzers, ScanLimits.defaults()).walk(new ByteArrayInputStream(tar), at);
      if (reference == null) {
        reference = r;
        assertThat(r.present()).contains("a.pkg", "big.bin", "k.txt", "usr/bin/su", "etc/link", "hard.pkg");
        continue;
      }
      assertThat(r.present()).as("written paths with " + analyzers).isEqualTo(reference.present());
      assertThat(r.links()).isEqualTo(reference.links());
      assertThat(r.whiteouts()).isEqualTo(reference.whiteouts());
      assertThat(r.opaqueDirs()).isEqualTo(reference.opaqueDirs());
      assertThat(r.entryCount()).isEqualTo(reference.entryCount());
    }
  }
}
