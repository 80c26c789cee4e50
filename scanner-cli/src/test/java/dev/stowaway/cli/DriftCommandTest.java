package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.Compression;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.testing.ImageUnpacker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowaway drift} on a small image built in memory: table output, the gate, and bad input. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DriftCommandTest {

  @TempDir Path tmp;
  private Path layout;
  private Path root;

  @BeforeEach
  void unpack() throws IOException {
    BuiltImage image = ScanCommandTest.demo(Compression.GZIP);
    layout = tmp.resolve("layout");
    ImageWriters.writeOciLayout(image, layout, "v1");
    root = Files.createDirectory(tmp.resolve("root"));
    ImageUnpacker.unpack(image, root);
  }

  @Test
  void noDriftRightAfterUnpackingAndTheGatePasses() {
    CliRunner r = CliRunner.run("drift", "--image", "oci:" + layout + ":v1", "--rootfs", root.toString(),
        "--fail-on", "low");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Findings (0)");
    assertThat(r.err()).startsWith("stowaway: drift: 0 change(s) in ");
  }

  @Test
  void aNewExecutableIsATableRowAndFailsTheGate() throws IOException {
    Path tool = Files.writeString(root.resolve("app/miner"), "#!/bin/sh\n");
    Files.setAttribute(tool, "unix:mode", 0755);
    Files.writeString(root.resolve("app/readme.txt"), "changed\n");
    CliRunner r = CliRunner.run("drift", "--image", "oci:" + layout + ":v1", "--rootfs", root.toString(),
        "--fail-on", "high");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).startsWith("rootfs:" + root + " (drift from oci:" + layout + ":v1)")
        .contains("DRIFT-ADDED-EXECUTABLE").contains("New executable after build: app/miner (mode 0755")
        .contains("DRIFT-MODIFIED-FILE");
    // Excluding the directory on both sides hides both changes.
    CliRunner excluded = CliRunner.run("drift", "--image", "oci:" + layout + ":v1", "--rootfs", root.toString(),
        "--exclude", "/app", "--fail-on", "low", "--no-packages");
    assertThat(excluded.exitCode()).as(excluded.err()).isZero();
  }

  @Test
  void scanTakesARootFilesystemDirectory() {
    CliRunner r = CliRunner.run("scan", "--skip-db", "-f", "json", "rootfs:" + root);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"name\" : \"rootfs:" + root + "\"").contains("\"id\" : \"debian\"")
        // the synthetic config is not checked: no "runs as root" or "no healthcheck" findings
        .doesNotContain("IMG001").doesNotContain("IMG003");
  }

  @Test
  void badInputIsExitCodeTwoWithOneLine() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    CliRunner notDir = CliRunner.run("drift", "--image", "oci:" + layout + ":v1", "--rootfs", file.toString());
    assertThat(notDir.exitCode()).isEqualTo(2);
    assertThat(notDir.err()).isEqualTo("stowaway: " + file
        + ": not a directory (rootfs: takes a root filesystem directory)\n");
    CliRunner missing = CliRunner.run("drift", "--image", "oci:" + layout + ":v1");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option: '--rootfs=DIR'");
    CliRunner badExclude = CliRunner.run("drift", "--image", "oci:" + layout + ":v1", "--rootfs", root.toString(),
        "--exclude", "../etc");
    assertThat(badExclude.exitCode()).isEqualTo(2);
    assertThat(badExclude.err()).isEqualTo("stowaway: excluded path may not contain '..': ../etc\n");
  }
}
