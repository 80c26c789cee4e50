package dev.stowaway.analyzers.lang.ruby;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the installed-gemspec reader (the Ruby subset RubyGems writes under specifications/). */
class GemspecFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new GemspecAnalyzer(), "usr/lib/ruby/gems/3.1.0/specifications/x-1.0.gemspec", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/ruby", p -> p.endsWith(".gemspec"));
  }
}
