package dev.stowaway.analyzers.lang.java;

import dev.stowaway.core.testing.FuzzTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the MANIFEST.MF parser on its own (continuation lines, sections). */
class JarManifestFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) {
    ArchiveIdentifier.parseManifest(new String(data, StandardCharsets.UTF_8));
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/java", p -> p.contains("MANIFEST.MF"));
  }
}
