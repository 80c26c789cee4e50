package dev.stowaway.analyzers.os.dpkg;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the dpkg status parser ({@code var/lib/dpkg/status}). */
class DpkgStatusFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new DpkgStatusAnalyzer(), "var/lib/dpkg/status", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/dpkg", p -> p.endsWith("var/lib/dpkg/status") || p.contains("/status.d/"));
  }
}
