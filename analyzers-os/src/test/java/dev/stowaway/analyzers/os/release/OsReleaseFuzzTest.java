package dev.stowaway.analyzers.os.release;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes os-release detection (the os-release parser and the older release files). */
class OsReleaseFuzzTest extends FuzzTarget {
  private static final String[] PATHS = {"etc/os-release", "etc/lsb-release", "etc/redhat-release",
      "etc/alpine-release", "etc/debian_version", "etc/SuSE-release", "etc/system-release-cpe"};

  /** The first byte picks the release file, the rest is its content. */
  @Override
  protected void fuzz(byte[] data) throws IOException {
    int pick = data.length == 0 ? 0 : (data[0] & 0xff) % PATHS.length;
    byte[] body = data.length == 0 ? data : java.util.Arrays.copyOfRange(data, 1, data.length);
    OsReleaseAnalyzer a = new OsReleaseAnalyzer();
    if (a.selector().matches(dev.stowaway.api.walk.LayerEntry.file(PATHS[pick], body.length))) {
      analyze(a, PATHS[pick], body);
    }
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("fixtures/os-release", p -> p.contains("etc/") && p.endsWith("release"));
  }
}
