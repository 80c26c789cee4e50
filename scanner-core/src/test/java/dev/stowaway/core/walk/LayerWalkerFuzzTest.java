package dev.stowaway.core.walk;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.LayerCoordinates;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.merge.LayerMerger;
import dev.stowaway.core.testing.FuzzTarget;
import dev.stowaway.core.testing.GeneratedSeeds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Fuzzes the tar walk of one layer (headers, long names, links, whiteouts) and the merge after it. */
class LayerWalkerFuzzTest extends FuzzTarget {
  private static final List<Analyzer> ANALYZERS = List.of(new TestAnalyzers.PkgList(), new TestAnalyzers.Os());
  private static final LayerWalker WALKER = new LayerWalker(ANALYZERS,
      ScanLimits.defaults().withMaxEntriesPerLayer(10_000).withMaxLayerBytes(64L << 20));

  @Override
  protected void fuzz(byte[] data) throws IOException {
    Digest d = Digest.sha256Of(data);
    LayerResult lower = WALKER.walk(new ByteArrayInputStream(LOWER), new LayerCoordinates(0, LOWER_ID, null));
    LayerResult r = WALKER.walk(new ByteArrayInputStream(data), new LayerCoordinates(1, d, null));
    new LayerMerger().merge(List.of(lower, r), List.of(new LayerRef(0, LOWER_ID), new LayerRef(1, d)));
  }

  private static final byte[] LOWER = LayerBuilder.create().file("etc/os-release", "ID=debian\n")
      .file("var/lib/a.pkg", "a 1\n").file("opt/b/c.pkg", "c 2\n").symlink("lib", "usr/lib").toTar();
  private static final Digest LOWER_ID = Digest.sha256Of(LOWER);

  @Override
  protected Stream<Path> seeds() {
    Map<String, byte[]> s = new LinkedHashMap<>();
    s.put("whiteouts.tar", LayerBuilder.create().whiteout("var/lib/a.pkg").opaque("opt/b").file("x.pkg", "x 1\n")
        .toTar());
    s.put("links.tar", LayerBuilder.create().symlink("etc/os-release", "../usr/lib/os-release")
        .file("usr/lib/os-release", "ID=alpine\n").hardlink("h.pkg", "var/lib/a.pkg").toTar());
    s.put("longname.tar", LayerBuilder.create().file("d/" + "n".repeat(300) + ".pkg", "y 2 /a,/b\n").toTar());
    return GeneratedSeeds.write(getClass().getSimpleName(), s);
  }
}
