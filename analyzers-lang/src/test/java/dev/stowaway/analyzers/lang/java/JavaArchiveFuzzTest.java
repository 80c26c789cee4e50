package dev.stowaway.analyzers.lang.java;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes Java archive walking: the streaming zip reader, nested jars, pom.properties, pom.xml, MANIFEST.MF. */
class JavaArchiveFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new JavaArchiveAnalyzer(), "app/lib/fuzz.jar", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/java", p -> p.endsWith(".jar") || p.endsWith(".war") || p.endsWith(".par"));
  }
}
