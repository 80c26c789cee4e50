package dev.stowaway.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.image.build.ImageWriters;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo image written to disk and scanned back with every analyzer on the class path, including the
 * {@code EnvFileAnalyzer} plug-in of the examples-plugin module, which is only on the runtime class path:
 * ServiceLoader finds it from that jar's META-INF/services.
 */
class DemoImageTest {

  @TempDir
  Path tmp;

  @Test
  void demoImageScansWithThePlugInInTheSamePass() throws IOException {
    Path dir = tmp.resolve("demo");
    ImageWriters.writeOciLayout(DemoImage.build(), dir, "latest");
    Scanner scanner = Scanner.builder().build();
    assertThat(scanner.analyzers()).extracting(a -> a.id()).contains("example-env-file", "os-release");
    ScanResult result;
    try (Image image = ImageSources.open("oci:" + dir, SourceOptions.defaults())) {
      result = scanner.scan(image);
    }
    assertThat(result.os().id()).isEqualTo("debian");
    assertThat(result.os().versionId()).isEqualTo("12");
    assertThat(result.artifact().layers()).hasSize(4);
    Finding env = result.findings().stream().filter(f -> f.id().equals("EX-ENV-001")).findFirst().orElseThrow();
    assertThat(env.location().path()).isEqualTo("app/.env");
    assertThat(env.location().layer().index()).isEqualTo(1);
  }
}
