package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.DockerArchiveStyle;
import dev.stowaway.core.image.build.ImageBuilder;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.image.build.LayerBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a scan may touch outside itself: no socket (a local image, by default and with {@code --offline}),
 * no file outside a private temporary folder, and no temporary file left behind, even when the scanning
 * process is killed. Each scan runs in a child JVM whose working folder and {@code java.io.tmpdir} are
 * fresh empty folders, so anything written shows.
 */
class IsolationTest {
  @TempDir
  static Path work;
  private static Path image;

  /** A gzip-compressed docker-archive (the reader decompresses it to a temporary file) with hostile paths. */
  @BeforeAll
  static void image() throws IOException {
    BuiltImage built = ImageBuilder.create()
        .layer(HostileCorpusRunner.base().symlink("escape", "../../../../etc").file("etc/app.env",
            "AWS_ACCESS_KEY_ID=AKIAZ7VRSQ5TJN2XMK4A\n"), "ADD base")
        .build();
    Path tar = work.resolve("image.tar");
    ImageWriters.writeDockerArchive(built, tar, "isolated:1", DockerArchiveStyle.CLASSIC);
    image = work.resolve("image.tar.gz");
    try (InputStream in = Files.newInputStream(tar); OutputStream out = new GZIPOutputStream(Files.newOutputStream(image))) {
      in.transferTo(out);
    }
    Files.delete(tar);
  }

  private static Process child(Path dir, String main, String... args) throws IOException {
    Path cwd = Files.createDirectories(dir.resolve("cwd"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-Djava.io.tmpdir=" + tmp, "-Duser.home=" + cwd,
        "-Djava.nio.channels.spi.SelectorProvider=" + TrapSelectorProvider.class.getName(),
        "-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).directory(cwd.toFile()).redirectError(dir.resolve("stderr.txt").toFile())
        .redirectOutput(dir.resolve("stdout.txt").toFile()).start();
  }

  private static String finish(Process p, Path dir) throws IOException, InterruptedException {
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
    return Files.readString(dir.resolve("stderr.txt"));
  }

  private static List<Path> contents(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).toList();
    }
  }

  @Test
  void theTrapsSeeEveryKindOfSocket(@TempDir Path dir) throws Exception {
    String err = finish(child(dir, NoNetworkRunner.class.getName(), "control"), dir);
    // One line per attempt: a plain socket, an NIO channel, and java.net.http (whichever it uses inside).
    assertThat(err.lines().filter(l -> l.startsWith("NETWORK-ATTEMPT: ")).count()).isGreaterThanOrEqualTo(3);
    assertThat(err).contains("NETWORK-ATTEMPT: Socket\n", "NETWORK-ATTEMPT: SocketChannel\n");
  }

  @Test
  void aLocalScanOpensNoSocketAndWritesNothingOutsideItsTemporaryFolder(@TempDir Path dir) throws Exception {
    for (String mode : List.of("default", "offline")) {
      Path run = Files.createDirectories(dir.resolve(mode));
      List<String> args = new ArrayList<>(List.of("scan", "--skip-db", "--format", "json",
          "docker-archive:" + image));
      if (mode.equals("offline")) {
        args.add("--offline");
      }
      Process p = child(run, NoNetworkRunner.class.getName(), args.toArray(String[]::new));
      String err = finish(p, run);
      assertThat(err).as(mode).doesNotContain("NETWORK-ATTEMPT");
      String out = Files.readString(run.resolve("stdout.txt"), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(mode + ": " + err).isIn(0, 1);
      assertThat(out).contains("pkg:apk/alpine/marker@1.0-r0", "aws-access-key-id");
      assertThat(contents(run.resolve("cwd"))).as("nothing written in the working folder").isEmpty();
      assertThat(contents(run.resolve("tmp"))).as("temporary files deleted").isEmpty();
    }
  }

  @Test
  void offlineRefusesARegistryImageWithoutTryingTheNetwork(@TempDir Path dir) throws Exception {
    Process p = child(dir, NoNetworkRunner.class.getName(), "scan", "--skip-db", "--offline",
        "registry.example.com/team/app:1.0");
    String err = finish(p, dir);
    assertThat(p.exitValue()).isEqualTo(Main.USAGE_OR_INPUT);
    assertThat(err).contains("--offline").doesNotContain("NETWORK-ATTEMPT");
  }

  @Test
  void aScanKilledMidWayLeavesNoTemporaryFileOnceTheNextScanStarts(@TempDir Path dir) throws Exception {
    Process p = child(dir, HoldOpenRunner.class.getName(), image.toString());
    Path tmp = dir.resolve("tmp");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!Files.readString(dir.resolve("stdout.txt")).contains("OPEN") && System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as(Files.readString(dir.resolve("stderr.txt"))).isTrue();
      Thread.sleep(100);
    }
    assertThat(contents(tmp)).as("the decompressed copy exists while the image is open").hasSize(1);
    p.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
    assertThat(contents(tmp)).as("SIGKILL: nothing could clean up").hasSize(1);
    // The next scan in any process sweeps copies whose process is gone.
    Path next = Files.createDirectories(dir.resolve("next"));
    Files.move(tmp, next.resolve("tmp"));
    Process second = child(next, NoNetworkRunner.class.getName(), "scan", "--skip-db", "--offline", "--format",
        "json", "docker-archive:" + image);
    String err = finish(second, next);
    assertThat(second.exitValue()).as(err).isIn(0, 1);
    assertThat(contents(next.resolve("tmp"))).isEmpty();
  }
}
