package dev.stowaway.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
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
