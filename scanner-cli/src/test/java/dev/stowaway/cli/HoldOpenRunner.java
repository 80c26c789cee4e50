package dev.stowaway.cli;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.image.ImageSources;
import java.io.IOException;

/** Opens an image (a gzip docker-archive is decompressed to a temporary file), prints OPEN and waits to be killed. */
public final class HoldOpenRunner {
  private HoldOpenRunner() {}

  /**
   * Opens and waits.
   *
   * @param args the archive
   * @throws Exception if opening fails
   */
  public static void main(String[] args) throws Exception {
    try (Image img = ImageSources.open("docker-archive:" + args[0], SourceOptions.defaults())) {
      img.config();
      System.out.println("OPEN");
      System.out.flush();
      Thread.sleep(600_000);
    }
  }
}
