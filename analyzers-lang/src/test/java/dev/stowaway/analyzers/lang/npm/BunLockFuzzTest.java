package dev.stowaway.analyzers.lang.npm;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the bun.lock parser (JSONC: comments and trailing commas). */
class BunLockFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new BunLockAnalyzer(), "app/bun.lock", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/npm", p -> p.endsWith("/bun.lock"));
  }
}
