package dev.stowaway.analyzers.lang.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** {@link ScanLimits#maxNestedEntries()}: an archive with more entries stops being read there, with an issue. */
class ArchiveLimitsTest {

  @Test
  void moreEntriesThanMaxNestedEntriesStopsTheArchiveWithAnIssueKeepingWhatWasRead() throws IOException {
    ByteArrayOutputStream jar = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(jar)) {
      z.putNextEntry(new ZipEntry("META-INF/maven/g/a/pom.properties"));
      z.write("groupId=g\nartifactId=a\nversion=1\n".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 100; i++) {
        z.putNextEntry(new ZipEntry("com/example/C" + i + ".class"));
        z.write(new byte[] {(byte) 0xca, (byte) 0xfe});
      }
    }
    byte[] bytes = jar.toByteArray();
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0,
        ScanLimits.defaults().withMaxNestedEntries(10));
    ctx.feed(new JavaArchiveAnalyzer(), LayerEntry.file("app/a.jar", bytes.length), bytes, false);
    assertThat(ctx.issues).anySatisfy(i -> {
      assertThat(i.path()).isEqualTo("app/a.jar");
      assertThat(i.message()).contains("maxNestedEntries (10)");
    });

    RecordingAnalysisContext within = new RecordingAnalysisContext();
    within.feed(new JavaArchiveAnalyzer(), LayerEntry.file("app/a.jar", bytes.length), bytes, false);
    assertThat(within.issues).noneMatch(i -> i.message().contains("maxNestedEntries"));
    assertThat(within.packages).extracting(Package::purl).containsExactly("pkg:maven/g/a@1");
  }
}
