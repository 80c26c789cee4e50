package dev.stowaway.cli;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.ScanListener;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.ImageBuilder;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scans an image whose second layer holds {@code args[0]} empty files (generated, see {@link TinyFilesLayer})
 * with every analyzer; run by {@link ManyFilesMemoryTest} under {@code -Xmx128m}. Prints
 * {@code RESULT|packages|entries} on success.
 */
public final class ManyFilesRunner {
  private ManyFilesRunner() {}

  /**
   * Runs the scan.
   *
   * @param args the file count
   * @throws IOException if the scan fails
   */
  public static void main(String[] args) throws IOException {
    BuiltImage base = ImageBuilder.create().layer(HostileCorpusRunner.base(), "ADD base").build();
    Layer many = new TinyFilesLayer(Integer.parseInt(args[0]));
    Image image = new Image() {
      @Override
      public String name() {
        return "generated:many-files";
      }

      @Override
      public Digest manifestDigest() {
        return base.manifestDigest();
      }

      @Override
      public Digest configDigest() {
        return base.configDigest();
      }

      @Override
      public ImageConfig config() {
        return base.config();
      }

      @Override
      public List<Layer> layers() {
        return List.of(base.layers().get(0), many);
      }
    };
    AtomicLong entries = new AtomicLong();
    ScanListener count = new ScanListener() {
      @Override
      public void layerFinished(LayerInfo layer, int layerCount, long n) {
        entries.addAndGet(n);
      }
    };
    ScanResult r = Scanner.builder().parallelism(2).listener(count).build().scan(image);
    System.out.println("RESULT|" + r.packages().size() + "|" + r.issues().size() + "|" + entries.get());
  }
}
