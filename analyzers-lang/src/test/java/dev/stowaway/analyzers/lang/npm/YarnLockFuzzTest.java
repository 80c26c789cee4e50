package dev.stowaway.analyzers.lang.npm;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the yarn.lock parser (v1 and berry). */
class YarnLockFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new YarnLockAnalyzer(), "app/yarn.lock", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/npm", p -> p.endsWith("/yarn.lock"));
  }
}
