package dev.stowaway.core.dos;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.HistoryEntry;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.Scanner;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM with a small heap by {@link BigFileMemoryTest}: scans a layer with one huge file
 * that two analyzers select, and prints what happened.
 */
public final class BigFileScanMain {

  /** Reads every byte it is given, and reports the count as a package version. */
  public static final class Counting implements Analyzer {
    private final String id;

    public Counting(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public EntrySelector selector() {
      return EntrySelector.builder().basenames("big.bin").build();
    }

    @Override
    public void analyze(LayerEntry entry, InputStream content, AnalysisContext ctx) throws IOException {
      byte[] buf = new byte[1 << 16];
      long total = 0;
      int n;
      while ((n = content.read(buf)) > 0) {
        total += n;
      }
      ctx.addPackage(Package.builder("count", id, Long.toString(total)).location(ctx.location(entry.path())).build());
    }
  }

  public static void main(String[] args) throws Exception {
    long size = Long.parseLong(args[0]);
    Layer layer = new GeneratedTarLayer("data/big.bin", size);
    ImageConfig config = new ImageConfig("linux", "amd64", null, null, List.of(), List.of(), Map.of(), List.of(),
        List.of(), null, List.of(), List.of(new HistoryEntry(Instant.EPOCH, "generated", null, false)),
        List.of(layer.diffId()));
    Image image = new Image() {
      @Override
      public String name() {
        return "generated";
      }

      @Override
      public Digest manifestDigest() {
        return null;
      }

      @Override
      public Digest configDigest() {
        return Digest.sha256Of("config");
      }

      @Override
      public ImageConfig config() {
        return config;
      }

      @Override
      public List<Layer> layers() {
        return List.of(layer);
      }
    };
    ScanResult r = Scanner.builder().discover(false).analyzer(new Counting("a")).analyzer(new Counting("b"))
        .build().scan(image);
    for (Package p : r.packages()) {
      System.out.println("package " + p.name() + " " + p.version());
    }
    r.issues().forEach(i -> System.out.println("issue " + i.analyzer() + " " + i.message()));
    System.out.println("maxMemory " + Runtime.getRuntime().maxMemory());
  }
}
