package dev.stowaway.analyzers.os.apk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApkInstalledAnalyzerTest {

  private final ApkInstalledAnalyzer analyzer = new ApkInstalledAnalyzer();

  static final String DB = """
      C:Q1abc=
      P:libcrypto3
      V:3.1.4-r5
      A:x86_64
      S:1000
      L:Apache-2.0
      o:openssl
      F:lib
      R:libcrypto.so.3
      a:0:0:755
      Z:Q1xyz=
      F:usr/lib/engines-3
      R:afalg.so
      R:capi.so

      P:musl
      V:1.2.4_git20230717-r4
      A:aarch64
      L:MIT
      F:lib
      R:ld-musl-aarch64.so.1
      """;

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "lib/apk/db/installed, true",
      "usr/lib/apk/db/installed, true",
      "lib/apk/db/scripts.tar, false",
      "lib/apk/db/triggers, false",
      "var/lib/apk/db/installed, false",
      "etc/apk/world, false"})
  void selectorTable(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 1))).isEqualTo(selected);
  }

  private RecordingAnalysisContext run(String db, boolean throttled) {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    byte[] b = db.getBytes(StandardCharsets.UTF_8);
    ctx.feed(analyzer, LayerEntry.file("lib/apk/db/installed", b.length), b, throttled);
    ctx.finish(analyzer);
    return ctx;
  }

  @Test
  void parsesPackagesInFull() {
    RecordingAnalysisContext ctx = run(DB, false);
    var loc = ctx.location("lib/apk/db/installed");
    assertThat(ctx.packages).containsExactly(
        Package.builder("apk", "libcrypto3", "3.1.4-r5").purl("pkg:apk/libcrypto3@3.1.4-r5?arch=x86_64")
            .source("openssl", "3.1.4-r5").arch("x86_64").licenses(List.of("Apache-2.0")).location(loc)
            .installedFiles(List.of("lib/libcrypto.so.3", "usr/lib/engines-3/afalg.so", "usr/lib/engines-3/capi.so"))
            .build(),
        Package.builder("apk", "musl", "1.2.4_git20230717-r4")
            .purl("pkg:apk/musl@1.2.4_git20230717-r4?arch=aarch64").source("musl", "1.2.4_git20230717-r4")
            .arch("aarch64").licenses(List.of("MIT")).location(loc)
            .installedFiles(List.of("lib/ld-musl-aarch64.so.1")).build());
    assertThat(ctx.issues).isEmpty();
  }

  @Test
  void sameResultThroughAOneByteStreamAndWithCrlf() {
    assertThat(run(DB, true).packages).isEqualTo(run(DB, false).packages).hasSize(2);
    assertThat(run(DB.replace("\n", "\r\n"), false).packages).isEqualTo(run(DB, false).packages);
  }

  @Test
  void truncatedDatabaseKeepsWhatIsComplete() {
    String cut = DB.substring(0, DB.indexOf("V:1.2.4"));
    RecordingAnalysisContext ctx = run(cut, false);
    assertThat(ctx.packages).extracting(Package::name).containsExactly("libcrypto3");
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .containsExactly("package at line 16 (musl) has no version (V); skipped");
  }

  @Test
  void garbageIsNotADatabase() {
    RecordingAnalysisContext ctx = run("\u0000\u0001binary junk\nP:x\nV:1\n", false);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).singleElement()
        .satisfies(i -> assertThat(i.message()).startsWith("not an apk installed database"));
  }

  @Test
  void hugeLineIsBounded() {
    RecordingAnalysisContext ctx = run("P:x\nV:1\nT:" + "d".repeat(1_000_000) + "\njunk line\n", false);
    assertThat(ctx.packages).extracting(Package::name).containsExactly("x");
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .containsExactly("1 malformed lines ignored");
  }

  @Test
  void isRegisteredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(ServiceLoader.Provider::type))
        .contains(ApkInstalledAnalyzer.class);
    assertThat(analyzer.id()).isEqualTo("apk");
  }
}
