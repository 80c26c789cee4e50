package dev.stowaway.analyzers.lang.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PythonEggAnalyzerTest {
  private static final String PATH = "usr/lib/python3.8/site-packages/setuptools-51.3.3-py3.8.egg";
  private final PythonEggAnalyzer analyzer = new PythonEggAnalyzer();

  /** A zip with the given entries, in order; STORED when {@code stored}. */
  static byte[] zip(Map<String, byte[]> entries, boolean stored) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        ZipEntry z = new ZipEntry(e.getKey());
        if (stored) {
          z.setMethod(ZipEntry.STORED);
          z.setSize(e.getValue().length);
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(e.getValue());
          z.setCrc(crc.getValue());
        }
        zip.putNextEntry(z);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @CsvSource({
      "usr/lib/python3/site-packages/foo-1.0-py3.11.egg, true",
      "usr/lib/python3/site-packages/foo-1.0-py3.11.egg-info, false",
      "usr/lib/python3/site-packages/foo.egg/EGG-INFO/PKG-INFO, false"})
  void selector(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  @ParameterizedTest(name = "stored={0}")
  @ValueSource(booleans = {false, true})
  void zippedEggReadFromItsPkgInfo(boolean stored) throws IOException {
    // the real PKG-INFO of setuptools 51.3.3 (trivy's fixture), placed where an egg keeps it; its headers
    // end at the first empty line inside Description (as Python's email parser reads it), before the
    // licence classifier, and "License: UNKNOWN" is no licence
    byte[] pkgInfo = Files.readAllBytes(SharedTestData.testdata(
        "fixtures/python/trivy-packaging-setuptools-51.3.3-py3.8.egg-info.PKG-INFO/setuptools-51.3.3-py3.8.egg-info.PKG-INFO"));
    byte[] egg = zip(Map.of("setuptools/__init__.py", "x = 1\n".repeat(1000).getBytes(StandardCharsets.UTF_8),
        "EGG-INFO/PKG-INFO", pkgInfo), stored);
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, LayerEntry.file(PATH, egg.length), egg, true);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).containsExactly(Package.builder("PyPI", "setuptools", "51.3.3")
        .purl("pkg:pypi/setuptools@51.3.3")
        .location(new Location(RecordingAnalysisContext.LAYER0.ref(), PATH, null))
        .property("identifiedBy", "egg").build());
  }

  @Test
  void eggWithoutPkgInfoIsAnIssue() throws IOException {
    byte[] egg = zip(Map.of("foo/__init__.py", new byte[10]), false);
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, LayerEntry.file(PATH, egg.length), egg, false);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .containsExactly("python egg without EGG-INFO/PKG-INFO");
  }

  @Test
  void notAZipIsAnIssue() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, PATH, "#!/bin/sh\necho not an egg\n");
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .containsExactly("python egg is not a zip archive");
  }

  @Test
  void zipBombPosingAsAnEggEndsInAnIssue() throws IOException {
    // 64 MiB of zeros deflate to ~64 KiB; the byte budget of 1 MiB stops the inflation
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("EGG-INFO/PKG-INFO"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    ScanLimits limits = ScanLimits.defaults().withMaxNestedBytes(1 << 20);
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0, limits);
    ctx.feed(analyzer, LayerEntry.file(PATH, out.size()), out.toByteArray(), false);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .anySatisfy(m -> assertThat(m).startsWith("python egg not fully read: maxNestedBytes"));
  }
}
