package dev.stowaway.analyzers.lang.dotnet;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes the .NET parsers with each input as a {@code .deps.json}, a {@code packages.lock.json} and a {@code .nuspec}. */
class DotnetFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws IOException {
    analyze(new DotnetAnalyzer(), "app/App.deps.json", data);
    analyze(new DotnetAnalyzer(), "src/App/packages.lock.json", data);
    analyze(new DotnetAnalyzer(), "root/.nuget/packages/x/1.0.0/x.nuspec", data);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/dotnet", p -> p.endsWith(".deps.json") || p.endsWith("/packages.lock.json"));
  }
}
