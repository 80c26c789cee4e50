package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-image corpus: {@link HostileCorpusRunner} builds each image (streamed, on disk) and scans it
 * with every analyzer in a child JVM limited to {@code -Xmx256m} and a few minutes. Each case must end with
 * the rest of the image scanned (the base layer's {@code marker} package) and an issue naming the file and
 * the limit, or, where the archive itself lies, a clear error.
 */
class HostileImageCorpusTest {
  private static final String MARKER = "pkg:apk/alpine/marker@1.0-r0?arch=x86_64&distro=alpine-3.19";

  @TempDir
  static Path work;

  private static final Map<String, String[]> CASES = new HashMap<>();
  private static long maxHeap;

  @BeforeAll
  static void runCorpusInA256MegabyteJvm() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")),
        "-cp", System.getProperty("java.class.path"), HostileCorpusRunner.class.getName(),
        Files.createDirectories(work.resolve("images")).toString()));
    Process p = new ProcessBuilder(cmd).redirectError(work.resolve("stderr.txt").toFile())
        .redirectOutput(work.resolve("stdout.txt").toFile()).start();
    // Seconds on an idle machine; the bound is generous for a loaded CI runner.
    boolean finished = p.waitFor(15, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String text = Files.readString(work.resolve("stdout.txt"), StandardCharsets.UTF_8);
    assertThat(finished).as("the corpus finishes in bounded time; so far:%n%s", text).isTrue();
    assertThat(p.exitValue()).as("exit code; stdout:%n%s%nstderr:%n%s", text,
        Files.readString(work.resolve("stderr.txt"))).isZero();
    for (String line : text.split("\n")) {
      String[] f = line.split("\\|", -1);
      if (f[0].equals("CASE")) {
        CASES.put(f[1], f);
      } else if (f[0].equals("MAXHEAP")) {
        maxHeap = Long.parseLong(f[1].trim());
      }
    }
  }

  private static String[] result(String name) {
    assertThat(CASES).containsKey(name);
    return CASES.get(name);
  }

  /** Asserts the scan finished, the base layer was scanned, and one issue contains every fragment. */
  private static void scannedWithIssue(String name, String... fragments) {
    String[] r = result(name);
    assertThat(r[2]).as(name + ": " + r[4]).isEqualTo("OK");
    assertThat(r[3].split(";")).as(name + ": the rest of the image is scanned").contains(MARKER);
    assertThat(r[4].split(HostileCorpusRunner.SEP)).as(name + ": the recorded issue")
        .anySatisfy(issue -> assertThat(issue).contains(fragments));
  }

  private static void clearError(String name, String... fragments) {
    String[] r = result(name);
    assertThat(r[2]).as(name + " must be refused").isEqualTo("ERROR");
    assertThat(r[4]).contains(fragments);
  }

  @Test
  void theChildRanWithA256MegabyteHeap() {
    assertThat(maxHeap).isLessThanOrEqualTo(256L << 20);
  }

  @Test
  void gzipBombStopsAtTheDecompressionRatio() {
    scannedWithIssue("gzip-bomb", "layer 1", "limit maxDecompressionRatio", "not analysed");
  }

  @Test
  void pathsEscapingTheRootAreSkippedWithIssues() {
    scannedWithIssue("path-traversal", "escapes the image root", "../../etc/passwd");
    scannedWithIssue("path-traversal", "escapes the image root", "./a/../../../../tmp/evil");
  }

  @Test
  void linkLoopsAndLinksOutsideTheRootAreHarmless() {
    scannedWithIssue("links", "hard link target escapes the image root", "../../etc/passwd");
    // Symlinks out of the root and in loops are recorded, never followed: nothing is read through them.
    assertThat(result("links")[4]).doesNotContain("root:x:0:0");
  }

  @Test
  void oneFileListedAMillionTimesIsOneFile() {
    String[] r = result("one-file-a-million-times");
    assertThat(r[2]).isEqualTo("OK");
    assertThat(r[3].split(";")).contains(MARKER);
  }

  @Test
  void anEntryDeclaringTwentyGigabytesStopsTheLayerAtOnce() {
    scannedWithIssue("huge-declared-entry", "var/lib/sparse.img declares 21474836480 bytes",
        "limit maxLayerBytes");
  }

  @Test
  void packageJsonOfOne500MegabyteStringIsSkippedWithAnIssue() {
    scannedWithIssue("package-json-one-500mb-string", "app/node_modules/huge/package.json", "limit");
  }

  @Test
  void nestedJarsAThousandDeepStopAtTheNestingDepth() {
    scannedWithIssue("nested-jars-1000-deep", "app/deep.jar", "maxNestingDepth");
    assertThat(result("nested-jars-1000-deep")[3]).contains("pkg:maven/org.hostile/level1@1.0");
  }

  @Test
  void zipBombInAJarStopsAtTheNestedByteBudgetKeepingTheJarsIdentity() {
    scannedWithIssue("zip-bomb-in-jar", "app/bomb.jar", "maxNestedBytes");
    assertThat(result("zip-bomb-in-jar")[3]).contains("pkg:maven/org.hostile/bomb@1.0");
  }

  @Test
  void aBinaryThatOnlyLooksLikeGoIsAnIssueNotAPackage() {
    scannedWithIssue("binary-that-only-looks-like-go", "usr/local/bin/notgo", "Go build info");
    assertThat(result("binary-that-only-looks-like-go")[3]).doesNotContain("pkg:golang");
  }

  @Test
  void zipWhoseCentralDirectoryLiesIsReadFromItsLocalHeaders() {
    String[] r = result("zip-lying-central-directory");
    assertThat(r[2]).isEqualTo("OK");
    assertThat(r[3]).contains(MARKER, "pkg:maven/org.hostile/liar@1.0");
  }

  @Test
  void archivesThatLieAreClearErrors() {
    clearError("digests-lie", "diffID mismatch");
    clearError("config-2-layers-manifest-3", "3", "2");
    clearError("manifest-missing", "no manifest.json");
  }

  @Test
  void manifestJsonLastIsScannedNormally() {
    String[] r = result("manifest-last");
    assertThat(r[2]).isEqualTo("OK");
    assertThat(r[3].split(";")).contains(MARKER);
  }

  @Test
  void dockerfileOfOne100MegabyteLineIsAnIssueNotAnOutOfMemoryError() {
    String[] r = result("dockerfile-100mb-line");
    assertThat(r[2]).isEqualTo("OK");
    assertThat(r[4]).containsIgnoringCase("larger than");
  }
}
