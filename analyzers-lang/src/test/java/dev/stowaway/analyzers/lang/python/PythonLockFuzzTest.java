package dev.stowaway.analyzers.lang.python;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Fuzzes the Python lock parsers with each input as Pipfile.lock (JSON), poetry.lock and uv.lock (TOML
 * through tomlj) and requirements.txt.
 */
class PythonLockFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new PythonLockAnalyzer(), "app/Pipfile.lock", data);
    analyze(new PythonLockAnalyzer(), "app/poetry.lock", data);
    analyze(new PythonLockAnalyzer(), "app/uv.lock", data);
    analyze(new PythonLockAnalyzer(), "app/requirements.txt", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/python", p -> p.endsWith("/Pipfile.lock") || p.endsWith("/poetry.lock")
        || p.endsWith("/uv.lock") || p.endsWith("/requirements.txt"));
  }
}
