package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.core.image.Compression;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.DockerArchiveStyle;
import dev.stowaway.core.image.build.ImageBuilder;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.image.build.LayerBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowaway scan}: output, exit codes, and one-line errors for bad input. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScanCommandTest {

  @TempDir
  Path tmp;

  static BuiltImage demo(Compression c) {
    return ImageBuilder.create().compression(c).created(Instant.parse("2024-01-01T00:00:00Z"))
        .layer(LayerBuilder.create().dir("etc").file("etc/os-release",
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n"),
            "debootstrap")
        .layer(LayerBuilder.create().file("app/readme.txt", "hello\n").file("app/big.bin", new byte[200_000], 0644),
            "COPY app /app")
        .env("PATH=/usr/bin").cmd("bash")
        .build();
  }

  @Test
  void scansAnOciLayoutToJson() throws IOException {
    Path dir = tmp.resolve("layout");
    ImageWriters.writeOciLayout(demo(Compression.GZIP), dir, "latest");
    CliRunner r = CliRunner.run("scan", "--skip-db", "--format", "json", "oci:" + dir + ":latest");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("\"schemaVersion\" : 1").contains("\"id\" : \"debian\"")
        .contains("\"createdBy\" : \"COPY app /app\"");
  }

  @Test
  void writesTheReportToAFile() throws IOException {
    Path dir = tmp.resolve("layout");
    ImageWriters.writeOciLayout(demo(Compression.GZIP), dir, "latest");
    Path out = tmp.resolve("report.txt");
    CliRunner r = CliRunner.run("scan", "--skip-db", "-o", out.toString(), dir.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(Files.readString(out)).contains("OS: Debian GNU/Linux 12 (bookworm)").contains("Layers");
  }

  @Test
  void allThreeSourcesGiveTheSameReport() throws IOException {
    BuiltImage image = demo(Compression.GZIP);
    Path layout = tmp.resolve("layout");
    Path ociTar = tmp.resolve("image.oci.tar");
    Path dockerTar = tmp.resolve("image.docker.tar");
    Path docker25 = tmp.resolve("image.docker25.tar");
    ImageWriters.writeOciLayout(image, layout, "latest");
    ImageWriters.writeOciArchive(image, ociTar, "latest");
    ImageWriters.writeDockerArchive(image, dockerTar, "demo:latest", DockerArchiveStyle.CLASSIC_MANIFEST_LAST);
    ImageWriters.writeDockerArchive(image, docker25, "demo:latest", DockerArchiveStyle.OCI_INSIDE);
    List<String> reports = Stream.of("oci:" + layout, "oci-archive:" + ociTar, "docker-archive:" + dockerTar,
        "docker-archive:" + docker25).map(spec -> {
          CliRunner r = CliRunner.run("scan", "--skip-db", "-f", "json", spec);
          assertThat(r.exitCode()).as(spec + ": " + r.err()).isZero();
          return normalize(r.out());
        }).toList();
    assertThat(reports).allSatisfy(rep -> assertThat(rep).isEqualTo(reports.get(0)));
  }

  /** The name, manifest digest (a classic docker-archive has none) and time differ by nature. */
  static String normalize(String json) {
    return json.replaceAll("\"name\" : \"(oci|oci-archive|docker-archive):[^\"]*\"", "\"name\" : \"X\"")
        .replaceAll("\\s*\"manifestDigest\" : \"[^\"]*\",", "")
        .replaceAll("\"createdAt\" : \"[^\"]*\"", "\"createdAt\" : \"T\"")
        // a classic docker-archive stores layers uncompressed, so its layer digests are the diffIDs
        .replaceAll("\"digest\" : \"sha256:[0-9a-f]+\"", "\"digest\" : \"D\"")
        .replaceAll("\"size\" : \\d+", "\"size\" : 0");
  }

  @Test
  void truncatedGzipLayerIsAnInputError() throws IOException {
    Path dir = tmp.resolve("layout");
    BuiltImage image = demo(Compression.GZIP);
    ImageWriters.writeOciLayout(image, dir, "latest");
    String hex = image.layers().get(1).digest().hex();
    Path blob = blobOf(dir, hex);
    byte[] b = Files.readAllBytes(blob);
    Files.write(blob, java.util.Arrays.copyOf(b, b.length / 2));
    assertOneLineInputError(CliRunner.run("scan", "oci:" + dir), hex.substring(0, 12));
  }

  @Test
  void corruptGzipOfTheRightSizeIsAnInputError() throws IOException {
    Path dir = tmp.resolve("layout");
    BuiltImage image = demo(Compression.GZIP);
    ImageWriters.writeOciLayout(image, dir, "latest");
    String hex = image.layers().get(1).digest().hex();
    Path blob = blobOf(dir, hex);
    byte[] b = Files.readAllBytes(blob);
    for (int i = 20; i < b.length - 20; i += 7) {
      b[i] ^= 0x5a;
    }
    Files.write(blob, b);
    // --no-cache: other tests scan the same demo image, and a layer whose results are cached is not read.
    assertOneLineInputError(CliRunner.run("scan", "--no-cache", "oci:" + dir),
        "layer 1 (" + image.layers().get(1).diffId().shortHex());
  }

  @Test
  void blobWhoseDigestLiesIsAnInputError() throws IOException {
    // Uncompressed, and one byte of file content changed: the tar stays valid and the size right, so
    // only the digest check while streaming can notice.
    Path dir = tmp.resolve("layout");
    BuiltImage image = demo(Compression.NONE);
    ImageWriters.writeOciLayout(image, dir, "latest");
    String hex = image.layers().get(1).digest().hex();
    Path blob = blobOf(dir, hex);
    byte[] b = Files.readAllBytes(blob);
    String text = new String(b, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("hello");
    b[at] = 'j';
    Files.write(blob, b);
    // --no-cache: other tests scan the same demo image, and a layer whose results are cached is not read.
    assertOneLineInputError(CliRunner.run("scan", "--no-cache", "oci:" + dir), hex.substring(0, 12));
  }

  @Test
  void manifestNamingAMissingBlobIsAnInputError() throws IOException {
    Path dir = tmp.resolve("layout");
    BuiltImage image = demo(Compression.GZIP);
    ImageWriters.writeOciLayout(image, dir, "latest");
    Files.delete(blobOf(dir, image.layers().get(0).digest().hex()));
    assertOneLineInputError(CliRunner.run("scan", "oci:" + dir), image.layers().get(0).digest().hex().substring(0, 12));
  }

  @Test
  void tarThatIsNoImageIsAnInputError() throws IOException {
    Path tar = tmp.resolve("not-an-image.tar");
    try (OutputStream o = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(o)) {
      TarArchiveEntry e = new TarArchiveEntry("hello.txt");
      byte[] data = "hi".getBytes(StandardCharsets.UTF_8);
      e.setSize(data.length);
      t.putArchiveEntry(e);
      t.write(data);
      t.closeArchiveEntry();
    }
    assertOneLineInputError(CliRunner.run("scan", tar.toString()), "not-an-image.tar");
  }

  @Test
  void emptyFileIsAnInputError() throws IOException {
    Path f = Files.createFile(tmp.resolve("empty.tar"));
    assertOneLineInputError(CliRunner.run("scan", f.toString()), "empty.tar");
  }

  @Test
  void missingPathIsAnInputError() {
    assertOneLineInputError(CliRunner.run("scan", tmp.resolve("nope.tar").toString()), "nope.tar");
  }

  @Test
  void randomBytesAreAnInputError() throws IOException {
    Path f = tmp.resolve("random.bin");
    byte[] junk = new byte[10_000];
    new java.util.Random(42).nextBytes(junk);
    Files.write(f, junk);
    assertOneLineInputError(CliRunner.run("scan", "docker-archive:" + f), "random.bin");
  }

  @Test
  void unknownOptionIsAUsageError() {
    CliRunner r = CliRunner.run("scan", "--frobnicate", "x");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--frobnicate");
  }

  @Test
  void unknownFormatIsAUsageError() throws IOException {
    CliRunner r = CliRunner.run("scan", "--format", "yaml", tmp.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown format 'yaml'");
  }

  @Test
  void imageAssessmentFindsRootUserAndSetuidAndGatesOnSeverity() throws IOException {
    Path dir = tmp.resolve("layout");
    BuiltImage image = ImageBuilder.create().compression(Compression.GZIP)
        .layer(LayerBuilder.create().file("etc/os-release", "ID=debian\nVERSION_ID=12\n")
            .file("usr/bin/sudo", new byte[16], 04755), "debootstrap")
        .exposedPort("22/tcp").cmd("bash").build();
    ImageWriters.writeOciLayout(image, dir, "latest");
    CliRunner r = CliRunner.run("scan", "--skip-db", "-f", "json", "--fail-on", "low", "oci:" + dir);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("\"kind\" : \"misconfiguration\"").contains("usr/bin/sudo");
    CliRunner vulnOnly = CliRunner.run("scan", "--skip-db", "-f", "json", "--scanners", "vuln,secret", "oci:" + dir);
    assertThat(vulnOnly.exitCode()).isZero();
    assertThat(vulnOnly.out()).doesNotContain("misconfiguration").contains("\"findings\" : [ ]");
    CliRunner unknown = CliRunner.run("scan", "--skip-db", "--scanners", "viruses", "oci:" + dir);
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown scanner 'viruses'");
    CliRunner cis = CliRunner.run("scan", "--skip-db", "--compliance", "docker-cis-1.6", "oci:" + dir);
    assertThat(cis.exitCode()).isEqualTo(1);
    assertThat(cis.out()).contains("FAIL");
  }

  /** --scanners leaves out the analyzers whose only output is a kind not asked for; ids are real ones. */
  @Test
  void analyzersOfScannersLeftOutAreNotRun() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    java.util.ServiceLoader.load(dev.stowaway.api.analysis.Analyzer.class).forEach(a -> ids.add(a.id()));
    java.util.ServiceLoader.load(dev.stowaway.api.analysis.ConfigAnalyzer.class).forEach(a -> ids.add(a.id()));
    List<String> vulnOnly = ScanCommand.analyzersNotRun(ScanCommand.findingKinds(List.of("vuln")), null);
    assertThat(vulnOnly).containsExactlyInAnyOrder("secrets", "secrets-config", "setuid-files",
        "system-files-misconfig", "image-config-misconfig");
    assertThat(ids).containsAll(vulnOnly);
    assertThat(ScanCommand.analyzersNotRun(ScanCommand.findingKinds(List.of("vuln", "secret")), null))
        .containsExactlyInAnyOrder("setuid-files", "system-files-misconfig", "image-config-misconfig");
    assertThat(ScanCommand.analyzersNotRun(ScanCommand.findingKinds(null), null)).isEmpty();
    assertThat(ScanCommand.analyzersNotRun(ScanCommand.findingKinds(List.of("vuln")), "docker-cis-1.6")).isEmpty();
  }

  @Test
  void versionAndHelpWork() {
    assertThat(CliRunner.run("--version").out()).startsWith("stowaway ");
    CliRunner help = CliRunner.run("scan", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("docker-archive:PATH").contains("Exit codes");
  }

  static Path blobOf(Path layout, String hex) {
    return layout.resolve("blobs/sha256/" + hex);
  }

  static void assertOneLineInputError(CliRunner r, String mentions) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).doesNotContain("\n").startsWith("stowaway: ").contains(mentions)
        .doesNotContain("Exception").doesNotContain("\tat ");
  }
}
