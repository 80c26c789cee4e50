package dev.stowaway.analyzers.lang.npm;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the pnpm-lock.yaml parser (YAML through snakeyaml-engine; lock file v5 to v9). */
class PnpmLockFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new PnpmLockAnalyzer(), "app/pnpm-lock.yaml", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/npm", p -> p.endsWith("/pnpm-lock.yaml"));
  }
}
