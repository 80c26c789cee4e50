package dev.stowaway.analyzers.lang.golang;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the go.mod parser (directives, blocks, replace rules). */
class GoModFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new GoModAnalyzer(), "src/app/go.mod", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/go", p -> p.endsWith("/go.mod") || p.endsWith("/gomod"));
  }
}
