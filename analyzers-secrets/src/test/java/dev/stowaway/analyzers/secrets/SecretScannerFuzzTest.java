package dev.stowaway.analyzers.secrets;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the secret rule engine with the built-in rules: keyword prefilter, regexes, entropy, allowlists. */
class SecretScannerFuzzTest extends FuzzTarget {
  private static final SecretScanner SCANNER = new SecretScanner(SecretRules.builtIn());

  @Override
  protected void fuzz(byte[] data) throws IOException {
    SCANNER.scan("app/config.env", new ByteArrayInputStream(data));
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/npm", p -> p.endsWith("/package.json"));
  }
}
