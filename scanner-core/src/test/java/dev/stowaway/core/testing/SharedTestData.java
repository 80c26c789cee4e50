package dev.stowaway.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code ../shared/testdata} and the image corpus. In CI ({@code CI=true}) a missing folder fails
 * the test; elsewhere the test is skipped with a printed reason.
 */
public final class SharedTestData {
  private SharedTestData() {}

  /** @return {@code ../shared/testdata}, or skips/fails as the class comment says */
  public static Path testdata() {
    String prop = System.getProperty("stowaway.shared");
    Path p = prop != null ? Path.of(prop).resolve("testdata") : Path.of("../../shared/testdata");
    return require(p.toAbsolutePath().normalize(), "shared test data");
  }

  /** @return a path under {@code ../shared/testdata} */
  public static Path testdata(String relative) {
    return testdata().resolve(relative);
  }

  /** @return the image corpus built by {@code ../shared/scripts/build-test-images.sh} */
  public static Path corpus() {
    String prop = System.getProperty("stowaway.corpus", "/var/tmp/stowaway-corpus");
    Path p = Path.of(prop);
    return require(p.resolve("expected"), "image corpus (run ../shared/scripts/build-test-images.sh " + p + ")")
        .getParent();
  }

  /**
   * The blob of one layer of a corpus image in its OCI layout, found through the ground truth (the blobs'
   * digests change each time the corpus is rebuilt, so tests must not name them).
   *
   * @param image the corpus image, e.g. {@code debian-app}
   * @param index the layer's 1-based index in {@code expected/<image>.json}
   * @return {@code oci/<image>/blobs/sha256/<hex>}
   */
  public static Path corpusLayerBlob(String image, int index) {
    Path corpus = corpus();
    try {
      String expected = Files.readString(corpus.resolve("expected/" + image + ".json"));
      Matcher m = Pattern.compile("\\{\\s*\"index\":\\s*" + index + ",\\s*\"digest\":\\s*\"sha256:([0-9a-f]{64})\"")
          .matcher(expected);
      if (!m.find()) {
        throw new AssertionError("layer " + index + " not listed in expected/" + image + ".json");
      }
      return corpus.resolve("oci/" + image + "/blobs/sha256/" + m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path require(Path p, String what) {
    if (Files.isDirectory(p)) {
      return p;
    }
    String msg = what + " not found at " + p;
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(msg + " (required in CI)");
    }
    System.out.println("SKIPPED: " + msg);
    Assumptions.abort(msg);
    return p;
  }
}
