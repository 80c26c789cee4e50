package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11's memory target: a layer of 3 million small files scans with every analyzer under
 * {@code -Xmx128m}. Asserts only success and the counts; speed is the benchmark's business.
 *
 * <p>In CI ({@code CI=true}) the layer has 3,000,000 files; elsewhere 300,000 unless
 * {@code -Dstowaway.manyFiles=N} says otherwise (3 million took 10 minutes on the shared 2-core
 * development machine under heavy load).
 */
class ManyFilesMemoryTest {
  private static final int FILES = Integer.getInteger("stowaway.manyFiles",
      "true".equals(System.getenv("CI")) ? 3_000_000 : 300_000);

  @Test
  void millionsOfFilesScanUnder128Megabytes(@TempDir Path tmp) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + tmp, "-cp",
        System.getProperty("java.class.path"), ManyFilesRunner.class.getName(), String.valueOf(FILES)))
        .redirectError(tmp.resolve("stderr.txt").toFile()).redirectOutput(tmp.resolve("stdout.txt").toFile()).start();
    boolean finished = p.waitFor(15, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    assertThat(finished).as("bounded time").isTrue();
    String out = java.nio.file.Files.readString(tmp.resolve("stdout.txt"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("stdout %s, stderr %s", out,
        java.nio.file.Files.readString(tmp.resolve("stderr.txt"))).isZero();
    // RESULT|packages|issues|entries: the base layer's package, no issue, the base's few entries + FILES.
    String[] r = out.strip().split("\\|");
    assertThat(r[0]).isEqualTo("RESULT");
    assertThat(Long.parseLong(r[1])).isEqualTo(1);
    assertThat(Long.parseLong(r[2])).isZero();
    assertThat(Long.parseLong(r[3])).isBetween(FILES + 2L, FILES + 10L);
  }
}
