package dev.stowaway.analyzers.os.rpm;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the rpm database reader for the bdb format. */
class RpmBdbFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new RpmDatabaseAnalyzer(), "var/lib/rpm/Packages", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/rpm/bdb", p -> p.endsWith("/Packages"));
  }
}
