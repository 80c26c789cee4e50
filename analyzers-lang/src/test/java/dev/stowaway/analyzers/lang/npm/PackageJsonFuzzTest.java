package dev.stowaway.analyzers.lang.npm;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes package.json reading (the npm analyzer's JSON reader and license forms). */
class PackageJsonFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new NpmAnalyzer(), "app/node_modules/x/package.json", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/npm", p -> p.endsWith("/package.json"));
  }
}
