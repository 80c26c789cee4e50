package dev.stowaway.analyzers.os.rpm;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the rpm database reader for the ndb format. */
class RpmNdbFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new RpmDatabaseAnalyzer(), "var/lib/rpm/Packages.db", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/rpm/ndb", p -> p.endsWith("/Packages.db"));
  }
}
