package dev.stowaway.analyzers.os.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.walk.EntryType;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.RecordingAnalysisContext.OsCandidate;
import dev.stowaway.core.testing.ThrottledInputStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OsReleaseAnalyzerTest {

  private final OsReleaseAnalyzer analyzer = new OsReleaseAnalyzer();

  private static final String UBUNTU = """
      # written by hand
      PRETTY_NAME="Ubuntu 22.04.4 LTS"
      NAME="Ubuntu"
      VERSION_ID="22.04"
      VERSION="22.04.4 LTS (Jammy Jellyfish)"

      VERSION_CODENAME=jammy
      ID=ubuntu
      ID_LIKE=debian
      """;

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "etc/os-release, true",
      "usr/lib/os-release, true",
      "etc/alpine-release, true",
      "etc/debian_version, true",
      "etc/redhat-release, true",
      "etc/centos-release, true",
      "etc/rocky-release, true",
      "etc/almalinux-release, true",
      "etc/fedora-release, true",
      "etc/oracle-release, true",
      "etc/lsb-release, true",
      "etc/SuSE-release, true",
      "etc/system-release-cpe, true",
      "bin/busybox, true",
      "usr/lib/os-release.d/x, false",
      "opt/app/etc/os-release, false",
      "etc/os-release.bak, false",
      "etc/issue, false",
      "usr/bin/busybox, false",
      "var/lib/dpkg/status, false"})
  void selectsReleaseFilesOnly(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  @Test
  void doesNotSelectSymlinksTheCoreResolvesThem() {
    LayerEntry link = new LayerEntry("etc/os-release", EntryType.SYMLINK, 0, 0777, 0, 0,
        "../usr/lib/os-release", Instant.EPOCH);
    assertThat(analyzer.selector().matches(link)).isFalse();
  }

  @Test
  void parsesOsReleaseInFull() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "etc/os-release", UBUNTU);
    ctx.finish(analyzer);
    assertThat(ctx.osReleases).containsExactly(new OsCandidate("etc/os-release", 0,
        new OsRelease("ubuntu", "22.04", "22.04.4 LTS (Jammy Jellyfish)", "jammy", "Ubuntu",
            "Ubuntu 22.04.4 LTS", List.of("debian"))));
    assertThat(ctx.issues).isEmpty();
  }

  @Test
  void sameResultThroughAOneByteStream() {
    byte[] b = UBUNTU.getBytes(StandardCharsets.UTF_8);
    RecordingAnalysisContext fast = new RecordingAnalysisContext();
    fast.feed(analyzer, LayerEntry.file("usr/lib/os-release", b.length), b, false);
    fast.finish(analyzer);
    RecordingAnalysisContext slow = new RecordingAnalysisContext();
    slow.feed(analyzer, LayerEntry.file("usr/lib/os-release", b.length), b, true);
    slow.finish(analyzer);
    assertThat(slow.osReleases).isEqualTo(fast.osReleases).hasSize(1);
    assertThat(slow.osReleases.get(0).precedence()).isEqualTo(1);
  }

  @Test
  void quotingAndEscapesFollowTheSpec() {
    Map<String, String> v = OsReleaseParser.parse(String.join("\n",
        "A=\"with \\\"quotes\\\" and \\\\ and \\$x and \\`y\\`\"",
        "B='single $x \\n'",
        "C=plain",
        "D=\"a\"'b'c",
        "E=value # trailing comment",
        "  F=\"indented\"\r",
        "G=",
        "H=\"\"",
        "#I=commented",
        "J=\"keeps \\n unknown escape\"",
        "C=later wins")).values();
    assertThat(v).containsExactly(
        Map.entry("A", "with \"quotes\" and \\ and $x and `y`"),
        Map.entry("B", "single $x \\n"),
        Map.entry("C", "later"),
        Map.entry("D", "abc"),
        Map.entry("E", "value"),
        Map.entry("F", "indented"),
        Map.entry("G", ""),
        Map.entry("H", ""),
        Map.entry("J", "keeps \\n unknown escape"));
  }

  @Test
  void malformedLinesBecomeIssuesNotExceptions() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "etc/os-release", "ID=debian\nthis is not an assignment\nNAME=\"unterminated\n"
        + "VERSION_ID='12\n-BAD=x\n\u0000\u0001garbage=\n");
    ctx.finish(analyzer);
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message).containsExactly(
        "line 2: not a KEY=VALUE assignment", "line 3: unterminated double quote",
        "line 4: unterminated single quote", "line 5: invalid key");
    // leading control characters (line 6) are stripped like whitespace, as in the unprintable sample
    OsRelease r = ctx.osReleases.get(0).release();
    assertThat(r.id()).isEqualTo("debian");
    assertThat(r.name()).isEqualTo("unterminated");
    assertThat(r.versionId()).isEqualTo("12");
  }

  @Test
  void binaryGarbageAndEmptyFilesGiveIssuesAndNoOs() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    byte[] garbage = new byte[4096];
    new java.util.Random(7).nextBytes(garbage);
    ctx.feed(analyzer, LayerEntry.file("etc/os-release", garbage.length), garbage, true);
    ctx.feed(analyzer, "etc/redhat-release", "");
    ctx.feed(analyzer, "etc/debian_version", "\n\n");
    ctx.feed(analyzer, "etc/system-release-cpe", "not a cpe");
    ctx.finish(analyzer);
    assertThat(ctx.osReleases).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::path)
        .contains("etc/os-release", "etc/redhat-release", "etc/debian_version", "etc/system-release-cpe");
  }

  @Test
  void oversizedReleaseFileIsSkippedWithAnIssue() {
    byte[] big = ("ID=debian\n" + "X=".repeat(40_000)).getBytes(StandardCharsets.UTF_8);
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, LayerEntry.file("etc/os-release", big.length), big, false);
    ctx.finish(analyzer);
    assertThat(ctx.osReleases).isEmpty();
    assertThat(ctx.issues).singleElement().satisfies(i -> assertThat(i.message()).contains("larger than"));
  }

  @Test
  void synthesisesReleasesFromOlderFiles() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "etc/alpine-release", "3.19.1\n");
    ctx.feed(analyzer, "etc/redhat-release", "Rocky Linux release 9.3 (Blue Onyx)\n");
    ctx.feed(analyzer, "etc/centos-release", "CentOS Linux release 7.6.1810 (Core)\n");
    ctx.feed(analyzer, "etc/debian_version", "bookworm/sid\n");
    ctx.feed(analyzer, "etc/SuSE-release", "SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 4\n");
    ctx.feed(analyzer, "etc/lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=10.04\nDISTRIB_CODENAME=lucid\n"
        + "DISTRIB_DESCRIPTION=\"Ubuntu 10.04 LTS\"\n");
    ctx.finish(analyzer);
    assertThat(ctx.osReleases).containsExactly(
        new OsCandidate("etc/alpine-release", 2,
            new OsRelease("alpine", "3.19.1", null, null, "Alpine Linux", null, List.of())),
        new OsCandidate("etc/redhat-release", 3, new OsRelease("rocky", "9.3", "9.3 (Blue Onyx)", "Blue Onyx",
            "Rocky Linux", "Rocky Linux release 9.3 (Blue Onyx)", List.of("rhel"))),
        new OsCandidate("etc/centos-release", 2, new OsRelease("centos", "7.6.1810", "7.6.1810 (Core)", "Core",
            "CentOS Linux", "CentOS Linux release 7.6.1810 (Core)", List.of("rhel"))),
        new OsCandidate("etc/debian_version", 4,
            new OsRelease("debian", null, "bookworm/sid", "bookworm", "Debian GNU/Linux", null, List.of())),
        new OsCandidate("etc/SuSE-release", 3, new OsRelease("sles", "11.4", "11.4", null,
            "SUSE Linux Enterprise Server 11", "SUSE Linux Enterprise Server 11 (x86_64)", List.of("suse"))),
        new OsCandidate("etc/lsb-release", 3,
            new OsRelease("ubuntu", "10.04", null, "lucid", "Ubuntu", "Ubuntu 10.04 LTS", List.of())));
  }

  @Test
  void osReleaseWithoutVersionTakesItFromDebianVersionInTheSameLayer() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "etc/debian_version", "10.8\n");
    ctx.feed(analyzer, "etc/os-release", "PRETTY_NAME=\"Distroless\"\nNAME=\"Debian GNU/Linux\"\nID=\"debian\"\n");
    ctx.finish(analyzer);
    assertThat(ctx.osReleases).containsExactly(
        new OsCandidate("etc/debian_version", 4,
            new OsRelease("debian", "10.8", "10.8", null, "Debian GNU/Linux", null, List.of())),
        new OsCandidate("etc/os-release", 0,
            new OsRelease("debian", "10.8", "10.8", null, "Debian GNU/Linux", "Distroless", List.of())));
  }

  @Test
  void busyboxBannerIsFoundAcrossReadBoundaries() throws Exception {
    byte[] junk = new byte[8192 - 5];
    byte[] banner = "BusyBox v1.36.1 (2023-11-07) multi-call binary".getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[junk.length + banner.length + 100_000];
    System.arraycopy(banner, 0, all, junk.length, banner.length);
    assertThat(OsReleaseAnalyzer.findBusyboxVersion(new ThrottledInputStream(new ByteArrayInputStream(all), 7)))
        .isEqualTo("1.36.1");
    assertThat(OsReleaseAnalyzer.findBusyboxVersion(new ByteArrayInputStream(all))).isEqualTo("1.36.1");
    assertThat(OsReleaseAnalyzer.findBusyboxVersion(new ByteArrayInputStream(new byte[50_000]))).isNull();
    assertThat(OsReleaseAnalyzer.findBusyboxVersion(new ByteArrayInputStream(
        "usage: BusyBox v%s".getBytes(StandardCharsets.ISO_8859_1)))).isNull();
  }

  @Test
  void isRegisteredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(ServiceLoader.Provider::type))
        .contains(OsReleaseAnalyzer.class);
    assertThat(analyzer.id()).isEqualTo("os-release");
  }
}
