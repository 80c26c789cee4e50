package dev.stowaway.store;

import dev.stowaway.core.testing.FuzzTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Fuzzes OSV record reading: the JSON tree and the record-to-advisory mapping (ranges, events, severities). */
class OsvRecordFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) throws Exception {
    OsvRecordParser.parse(JsonTree.parse(data));
  }

  @Override
  protected List<Class<? extends Throwable>> expected() {
    return List.of(IOException.class, MalformedRecordException.class);
  }

  @Override
  protected Stream<Path> seeds() {
    return testdata("osv", p -> p.endsWith(".json"));
  }
}
