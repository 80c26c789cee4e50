package dev.stowaway.analyzers.lang.python;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the Python core-metadata parser (METADATA / PKG-INFO, RFC 822 style headers). */
class PythonMetadataFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new PythonMetadataAnalyzer(), "usr/lib/python3/site-packages/x-1.0.dist-info/METADATA", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/python", p -> p.endsWith("METADATA") || p.contains("PKG-INFO"));
  }
}
