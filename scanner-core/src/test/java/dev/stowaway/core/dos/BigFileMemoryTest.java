package dev.stowaway.core.dos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The walker never holds a whole layer or a whole large file in memory: a layer with a 2 GiB file,
 * selected by two analyzers, is scanned in a child JVM limited to a 128 MiB heap.
 */
class BigFileMemoryTest {

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void twoGigabyteFileScansUnder128MiBHeap() throws IOException, InterruptedException {
    long size = 2L << 30;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        BigFileScanMain.class.getName(), Long.toString(size))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(4, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    // The first analyzer by id streamed all 2 GiB; the second was told the entry is too big to buffer.
    assertThat(out).contains("package a " + size);
    assertThat(out).doesNotContain("package b ");
    assertThat(out).contains("issue b skipped: " + size + " bytes is too large to buffer");
    assertThat(out).containsPattern("maxMemory (1[0-3]\\d{7})\\b");
  }
}
