package dev.stowaway.analyzers.lang.php;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the Composer parser with each input as both composer.lock and vendor/composer/installed.json (v1 and v2). */
class ComposerFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new ComposerAnalyzer(), "app/composer.lock", data);
    analyze(new ComposerAnalyzer(), "app/vendor/composer/installed.json", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/php", p -> p.endsWith("/composer.lock") || p.endsWith("/installed.json"));
  }
}
