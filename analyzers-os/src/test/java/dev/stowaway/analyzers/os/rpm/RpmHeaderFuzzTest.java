package dev.stowaway.analyzers.os.rpm;

import dev.stowaway.core.testing.FuzzTarget;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import java.util.List;

/** Fuzzes the rpm header blob parser directly (the part every rpm database format shares). */
class RpmHeaderFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws Exception {
    RpmDatabaseAnalyzer.toPackage(RpmHeader.parse(data, 0, data.length), "var/lib/rpm/Packages",
        new RecordingAnalysisContext());
  }

  @Override
  protected List<Class<? extends Throwable>> expected() {
    return List.of(RpmHeader.MalformedHeaderException.class);
  }
}
