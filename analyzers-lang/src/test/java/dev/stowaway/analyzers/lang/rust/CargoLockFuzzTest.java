package dev.stowaway.analyzers.lang.rust;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the Cargo.lock parser (TOML through tomlj). */
class CargoLockFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new CargoLockAnalyzer(), "src/app/Cargo.lock", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/rust", p -> p.endsWith("/Cargo.lock"));
  }
}
