package dev.stowaway.analyzers.os.apk;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the apk installed-database parser. */
class ApkInstalledFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new ApkInstalledAnalyzer(), "lib/apk/db/installed", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/apk", p -> p.endsWith("apk/db/installed"));
  }
}
