package dev.stowaway.analyzers.lang.binary;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Fuzzes the executable scanner: ELF/PE/Mach-O detection, the segment tables ({@link AddressMap}), Go build
 * info (inline and pointer forms, module info sentinels) and the cargo-auditable zlib JSON. The real Go and
 * Rust binaries are mostly over the seed size cap, so {@code ExecutableFuzzTestInputs} also holds excerpts
 * of them (the headers plus the bytes around the build-info marker) that the fuzzer can mutate quickly.
 */
class ExecutableFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new ExecutableAnalyzer(), "app/prog.exe", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return Stream.concat(
        testdata("fixtures/go", ExecutableFuzzTest::binary),
        testdata("fixtures/rust", ExecutableFuzzTest::binary));
  }

  private static boolean binary(String p) {
    return p.startsWith("trivy-binary-") && !p.endsWith("SOURCES.md") && !p.endsWith("expected.json");
  }
}
