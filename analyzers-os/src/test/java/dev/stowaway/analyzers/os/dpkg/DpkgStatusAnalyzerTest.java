package dev.stowaway.analyzers.os.dpkg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DpkgStatusAnalyzerTest {

  private final DpkgStatusAnalyzer analyzer = new DpkgStatusAnalyzer();

  static final String STATUS = """
      Package: libc6
      Status: install ok installed
      Priority: optional
      Architecture: amd64
      Multi-Arch: same
      Source: glibc
      Version: 2.36-9+deb12u4
      Description: GNU C Library: Shared libraries
       Contains the standard libraries that are used by nearly all programs on
       the system.
       .
       A long description line.

      Package: libgcc-s1
      Status: install ok installed
      Architecture: amd64
      Multi-Arch: same
      Source: gcc-12 (12.2.0-14)
      Version: 1:12.2.0-14
      Conffiles:
       /etc/x 0123

      Package: removed-one
      Status: deinstall ok config-files
      Architecture: amd64
      Version: 1.0

      Package: half-gone
      Status: purge ok not-installed
      Version: 1.0

      Package: pending
      Status: install ok triggers-pending
      Architecture: all
      Version: 2.0-1
      """;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final String LIBC_LIST = "/.\n/etc\n/etc/ld.so.conf.d\n/etc/ld.so.conf.d/x86_64.conf\n/lib\n"
      + "/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu/libc.so.6\n/lib/x86_64-linux-gnu-extra\n"
      + "/lib/x86_64-linux-gnu-extra/a\n/usr/share/doc/libc6\n";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "var/lib/dpkg/status, true",
      "var/lib/dpkg/status.d/base, true",
      "var/lib/dpkg/status.d/base.md5sums, true",
      "var/lib/dpkg/info/libc6:amd64.list, true",
      "var/lib/dpkg/info/libc6.md5sums, true",
      "var/lib/dpkg/info/libc6.postinst, false",
      "var/lib/dpkg/status-old, false",
      "var/lib/dpkg/available, false",
      "var/lib/dpkg/info/sub/x.list, false",
      "usr/var/lib/dpkg/status, false",
      "var/lib/opkg/status, false",
      "usr/share/doc/curl/copyright, true",
      "usr/share/doc/curl/changelog.gz, false",
      "usr/share/doc/curl/examples/copyright, false"})
  void selectorTable(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 1))).isEqualTo(selected);
  }

  private RecordingAnalysisContext run(boolean throttled) {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    byte[] status = bytes(STATUS);
    ctx.feed(analyzer, LayerEntry.file("var/lib/dpkg/status", status.length), status, throttled);
    byte[] list = bytes(LIBC_LIST);
    ctx.feed(analyzer, LayerEntry.file("var/lib/dpkg/info/libc6:amd64.list", list.length), list, throttled);
    byte[] md5 = bytes("d41d8cd98f00b204e9800998ecf8427e  usr/lib/x86_64-linux-gnu/libgcc_s.so.1\r\n");
    ctx.feed(analyzer, LayerEntry.file("var/lib/dpkg/info/libgcc-s1:amd64.md5sums", md5.length), md5, throttled);
    ctx.finish(analyzer);
    return ctx;
  }

  @Test
  void parsesInstalledStanzasInFull() {
    RecordingAnalysisContext ctx = run(false);
    var loc = ctx.location("var/lib/dpkg/status");
    assertThat(ctx.packages).containsExactly(
        Package.builder("deb", "libc6", "2.36-9+deb12u4")
            .purl("pkg:deb/libc6@2.36-9%2Bdeb12u4?arch=amd64").source("glibc", "2.36-9+deb12u4").arch("amd64")
            .location(loc).property("multiArch", "same")
            .installedFiles(List.of("etc/ld.so.conf.d/x86_64.conf", "lib/x86_64-linux-gnu-extra/a",
                "lib/x86_64-linux-gnu/libc.so.6", "usr/share/doc/libc6"))
            .build(),
        Package.builder("deb", "libgcc-s1", "1:12.2.0-14")
            .purl("pkg:deb/libgcc-s1@1%3A12.2.0-14?arch=amd64").source("gcc-12", "12.2.0-14").arch("amd64")
            .location(loc).property("multiArch", "same")
            .installedFiles(List.of("usr/lib/x86_64-linux-gnu/libgcc_s.so.1"))
            .build(),
        Package.builder("deb", "pending", "2.0-1")
            .purl("pkg:deb/pending@2.0-1?arch=all").source("pending", "2.0-1").arch("all").location(loc)
            .build());
    assertThat(ctx.issues).isEmpty();
  }

  @Test
  void sameResultThroughAOneByteStream() {
    assertThat(run(true).packages).isEqualTo(run(false).packages).hasSize(3);
  }

  @Test
  void distrolessStatusDWithSeveralStanzasAndMd5sums() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "var/lib/dpkg/status.d/libssl3", """
        Package: libssl3
        Version: 3.0.11-1~deb12u2
        Architecture: amd64
        Source: openssl

        Package: openssl-extra
        Version: 3.0.11-1~deb12u2
        Architecture: amd64
        Source: openssl
        """);
    ctx.feed(analyzer, "var/lib/dpkg/status.d/libssl3.md5sums",
        "aa  usr/lib/x86_64-linux-gnu/libssl.so.3\nbb  /usr/share/doc/libssl3/copyright\n");
    ctx.feed(analyzer, "var/lib/dpkg/status.d/libssl3.preinst", "#!/bin/sh\nPackage: not-a-package\n");
    ctx.finish(analyzer);
    assertThat(ctx.packages).extracting(Package::name).containsExactly("libssl3", "openssl-extra");
    assertThat(ctx.packages).allSatisfy(p -> {
      assertThat(p.location().path()).isEqualTo("var/lib/dpkg/status.d/libssl3");
      assertThat(p.sourceName()).isEqualTo("openssl");
    });
    assertThat(ctx.packages.get(0).installedFiles())
        .containsExactly("usr/lib/x86_64-linux-gnu/libssl.so.3", "usr/share/doc/libssl3/copyright");
  }

  @Test
  void truncatedStatusKeepsCompleteStanzasAndReportsTheRest() {
    String cut = STATUS.substring(0, STATUS.indexOf("Version: 1:12.2.0-14") + "Versio".length());
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "var/lib/dpkg/status", cut);
    ctx.finish(analyzer);
    assertThat(ctx.packages).extracting(Package::name).containsExactly("libc6");
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .contains("package libgcc-s1 has no Version; skipped");
  }

  @Test
  void hostileInputGivesIssuesNotExceptions() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    byte[] garbage = new byte[100_000];
    new java.util.Random(3).nextBytes(garbage);
    ctx.feed(analyzer, LayerEntry.file("var/lib/dpkg/status", garbage.length), garbage, false);
    String longLine = "Package: x\nVersion: 1\nDescription: " + "y".repeat(300_000) + "\n";
    ctx.feed(analyzer, "var/lib/dpkg/status.d/x", longLine);
    ctx.feed(analyzer, "var/lib/dpkg/status.d/y", "Package:\n\nPackage: bad\nVersion: 1:5.#\n\nno colon here\n");
    ctx.finish(analyzer);
    assertThat(ctx.issues).isNotEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message).contains(
        "1 lines longer than 65536 bytes were cut",
        "package bad has an invalid Version '1:5.#'; skipped",
        "1 malformed lines ignored");
    assertThat(ctx.packages).extracting(Package::name).containsExactly("x");
  }

  @Test
  void versionSyntax() {
    assertThat(DpkgStatusAnalyzer.isValidVersion("1:2.36-9+deb12u4")).isTrue();
    assertThat(DpkgStatusAnalyzer.isValidVersion("2019.1")).isTrue();
    assertThat(DpkgStatusAnalyzer.isValidVersion("1.0~rc1-2ubuntu0.1")).isTrue();
    assertThat(DpkgStatusAnalyzer.isValidVersion("1:2:3-4")).isTrue(); // colons allowed after an epoch
    assertThat(DpkgStatusAnalyzer.isValidVersion("a:1")).isFalse();
    assertThat(DpkgStatusAnalyzer.isValidVersion("1.0-")).isFalse();
    assertThat(DpkgStatusAnalyzer.isValidVersion("1 0")).isFalse();
  }

  @Test
  void statusStates() {
    assertThat(Map.of(
        "install ok installed", DpkgStatusAnalyzer.isInstalled("install ok installed"),
        "hold ok installed", DpkgStatusAnalyzer.isInstalled("hold ok installed"),
        "install ok half-configured", DpkgStatusAnalyzer.isInstalled("install ok half-configured"),
        "install ok unpacked", DpkgStatusAnalyzer.isInstalled("install ok unpacked"),
        "deinstall ok config-files", DpkgStatusAnalyzer.isInstalled("deinstall ok config-files"),
        "purge ok not-installed", DpkgStatusAnalyzer.isInstalled("purge ok not-installed")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("install ok installed", true, "hold ok installed", true,
            "install ok half-configured", true, "install ok unpacked", false,
            "deinstall ok config-files", false, "purge ok not-installed", false));
  }

  @Test
  void isRegisteredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(ServiceLoader.Provider::type))
        .contains(DpkgStatusAnalyzer.class);
    assertThat(analyzer.id()).isEqualTo("dpkg");
  }
}
