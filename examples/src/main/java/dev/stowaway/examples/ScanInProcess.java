package dev.stowaway.examples;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.image.ImageSources;
import java.io.IOException;

/**
 * Embedding example: open an image, scan it, and walk the result in code.
 *
 * <p>Usage: {@code ScanInProcess IMAGE} where IMAGE is e.g. {@code oci:target/demo-image}.
 */
public final class ScanInProcess {
  private ScanInProcess() {}

  /**
   * Scans and prints a summary.
   *
   * @param args {@code IMAGE}
   * @throws IOException if the image cannot be read
   */
  public static void main(String[] args) throws IOException {
    Scanner scanner = Scanner.builder().build();
    try (Image image = ImageSources.open(args[0], SourceOptions.defaults())) {
      ScanResult result = scanner.scan(image);
      System.out.println("OS: " + (result.os() == null ? "unknown" : result.os().prettyName()));
      System.out.println("packages: " + result.packages().size());
      for (Finding f : result.findings()) {
        System.out.println(f.severity() + " " + f.id() + " " + f.title() + (f.removed() ? " (deleted later)" : ""));
      }
    }
  }
}
