package dev.stowaway.analyzers.lang.ruby;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the Gemfile.lock parser (sections, specs, platform suffixes). */
class GemfileLockFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new GemfileLockAnalyzer(), "app/Gemfile.lock", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/ruby", p -> p.endsWith("/Gemfile.lock"));
  }
}
