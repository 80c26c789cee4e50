package dev.stowaway.analyzers.lang.npm;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes package-lock.json (v1 dependencies tree, v2/v3 packages map). */
class PackageLockFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new NpmAnalyzer(), "app/package-lock.json", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/npm", p -> p.endsWith("/package-lock.json"));
  }
}
