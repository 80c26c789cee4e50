package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.drift.DriftDetector;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.json.JsonObject;
import dev.stowaway.core.testing.ImageUnpacker;
import dev.stowaway.core.testing.SharedTestData;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime drift on the real debian-app image: unpacked into a temporary directory (hard links, symlinks,
 * setuid bits and owners as in the layers), then changed in four ways. {@code stowaway drift} must find
 * each change and nothing else: no false drift from unpacking, from directory times or from the
 * usr-merge symlinks.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DriftCorpusTest {

  @TempDir Path tmp;

  @Test
  void debianAppUnpackedThenChangedShowsExactlyTheChanges() throws Exception {
    Path corpus = SharedTestData.corpus();
    String spec = "docker-archive:" + corpus.resolve("debian-app.docker.tar");
    Path root = Files.createDirectory(tmp.resolve("rootfs"));
    try (Image image = ImageSources.open(spec, SourceOptions.defaults())) {
      ImageUnpacker.unpack(image, root);
    }

    // 1. a file added
    Files.writeString(root.resolve("srv/web/notes.txt"), "added at run time\n");
    // 2. a binary modified in place (same size, one byte flipped)
    try (FileChannel ch = FileChannel.open(root.resolve("usr/bin/dpkg"), StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, 100_000);
      one.put(0, (byte) (one.get(0) ^ 0x5a)).rewind();
      ch.write(one, 100_000);
    }
    // 3. a file made setuid
    Files.setAttribute(root.resolve("usr/bin/find"), "unix:mode", 04755);
    // 4. a package record added to dpkg's database
    Files.writeString(root.resolve("var/lib/dpkg/status"), "\nPackage: netcat-openbsd\nStatus: install ok installed\n"
        + "Priority: optional\nSection: net\nInstalled-Size: 109\nMaintainer: Debian <debian@example.org>\n"
        + "Architecture: amd64\nVersion: 1.219-1\nDescription: TCP/IP swiss army knife\n",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    CliRunner r = CliRunner.run("drift", "--image", spec, "--rootfs", root.toString(), "-f", "json",
        "--fail-on", "critical");

    assertThat(r.err()).contains("stowaway: drift: 5 change(s) in ");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    JsonObject report = Json.parseObject(r.out().getBytes(StandardCharsets.UTF_8), "report");
    List<Object[]> found = new ArrayList<>();
    for (JsonObject f : report.objects("findings")) {
      found.add(new Object[] {f.string("id"), f.string("severity"), f.string("path")});
    }
    assertThat(found).extracting(a -> tuple(a)).containsExactlyInAnyOrder(
        tuple(DriftDetector.ADDED_SETUID, "CRITICAL", "usr/bin/find"),
        tuple(DriftDetector.MODIFIED_EXECUTABLE, "HIGH", "usr/bin/dpkg"),
        tuple(DriftDetector.MODIFIED_FILE, "MEDIUM", "var/lib/dpkg/status"),
        tuple(DriftDetector.PACKAGE_ADDED, "MEDIUM", "var/lib/dpkg/status"),
        tuple(DriftDetector.ADDED_FILE, "LOW", "srv/web/notes.txt"));
    assertThat(report.objects("findings")).filteredOn(f -> DriftDetector.PACKAGE_ADDED.equals(f.asMap().get("id")))
        .singleElement().satisfies(f -> assertThat(f.string("title"))
            .isEqualTo("Package installed after build: Debian:12 package netcat-openbsd (amd64) 1.219-1"));
    assertThat(report.objects("issues")).isEmpty();
  }
}
