package dev.stowaway.analyzers.os.rpm;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the rpm database reader for the sqlite format. */
class RpmSqliteFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new RpmDatabaseAnalyzer(), "var/lib/rpm/rpmdb.sqlite", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/rpm/sqlite", p -> p.endsWith("/rpmdb.sqlite"));
  }
}
