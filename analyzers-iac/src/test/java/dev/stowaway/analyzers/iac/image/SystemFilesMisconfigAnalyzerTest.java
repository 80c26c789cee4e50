package dev.stowaway.analyzers.iac.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.LayerCoordinates;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import dev.stowaway.core.walk.LayerResult;
import dev.stowaway.core.walk.LayerWalker;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.ServiceLoader;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SystemFilesMisconfigAnalyzerTest {
  private final SystemFilesMisconfigAnalyzer analyzer = new SystemFilesMisconfigAnalyzer();

  @ParameterizedTest
  @CsvSource({
      "etc/shadow, true", "etc/passwd, true", "etc/group, true", "etc/apt/sources.list, true",
      "etc/apt/sources.list.d/debian.sources, true", "etc/apt/apt.conf.d/99insecure, true",
      "etc/yum.repos.d/epel.repo, true", "etc/yum.conf, true", "app/.git/HEAD, true", "srv/app/.env, true",
      "etc/gshadow, false", "usr/share/doc/shadow, false", "etc/yum.repos.d/epel.repo.rpmnew, false",
      "app/.git/config, false", "app/.env.example, false"})
  void selector(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  private List<String> run(String path, String content, boolean throttled) {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    assertThat(ctx.feed(analyzer, LayerEntry.file(path, b.length), b, throttled)).isTrue();
    assertThat(ctx.issues).isEmpty();
    return ctx.findings.stream().map(f -> f.id() + "@" + f.line() + " " + f.location().path() + " " + f.title())
        .toList();
  }

  @Test
  void shadowPasswdGroup() {
    for (boolean throttled : new boolean[] {false, true}) {
      assertThat(run("etc/shadow", "root:*:19000:0:99999:7:::\nguest::19000:0:99999:7:::\nbin:!:19000::::::\n",
          throttled)).containsExactly("SYS001@2 etc/shadow Account with an empty password: guest");
      assertThat(run("etc/passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/usr/sbin/nologin\n"
          + "toor:x:0:0::/root:/bin/sh\n", throttled))
          .containsExactly("SYS002@3 etc/passwd Duplicate UID 0: root and toor");
      assertThat(run("etc/group", "root:x:0:\nstaff:x:50:\nadmins:x:50:alice\n", throttled))
          .containsExactly("SYS003@3 etc/group Duplicate GID 50: staff and admins");
    }
  }

  @Test
  void packageSignatureChecks() {
    assertThat(run("etc/apt/sources.list", "# deb [trusted=yes] http://old/ ./\n"
        + "deb http://deb.debian.org/debian bookworm main\ndeb [arch=amd64 trusted=yes] http://repo.example/ ./\n",
        true)).containsExactly("SYS004@3 etc/apt/sources.list APT package signature checks disabled");
    assertThat(run("etc/apt/sources.list.d/x.sources", "Types: deb\nURIs: http://repo.example/\nTrusted: yes\n", false))
        .containsExactly("SYS004@3 etc/apt/sources.list.d/x.sources APT package signature checks disabled");
    assertThat(run("etc/apt/apt.conf.d/99x", "APT::Get::AllowUnauthenticated \"true\";\n", false)).hasSize(1);
    assertThat(run("etc/yum.repos.d/epel.repo", "[epel]\nbaseurl=http://x/\ngpgcheck=0\n", false))
        .containsExactly("SYS005@3 etc/yum.repos.d/epel.repo yum/dnf package signature checks disabled (gpgcheck=0)");
    assertThat(run("etc/yum.repos.d/ok.repo", "[ok]\ngpgcheck=1\nrepo_gpgcheck=1\n", false)).isEmpty();
  }

  @Test
  void leftovers() {
    assertThat(run("app/.git/HEAD", "ref: refs/heads/main\n", false))
        .containsExactly("SYS006@0 app/.git/HEAD Git repository left in the image: app/.git");
    assertThat(run("srv/.env", "DB_PASSWORD=x\n", false)).containsExactly("SYS007@0 srv/.env .env file left in the image");
  }

  @Test
  void compilersAndCaches() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, new LayerEntry("usr/bin/gcc", dev.stowaway.api.walk.EntryType.SYMLINK, 0, 0777, 0, 0, "gcc-12",
        java.time.Instant.EPOCH), new byte[0], false);
    ctx.feed(analyzer, "usr/bin/make", "ELF");
    ctx.feed(analyzer, "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4", "x");
    ctx.feed(analyzer, "var/cache/apt/archives/curl_7.88.1_amd64.deb", "x");
    ctx.feed(analyzer, "var/cache/apk/APKINDEX.2c4ac24e.tar.gz", "x");
    assertThat(ctx.feed(analyzer, "var/lib/apt/lists/lock", "")).isFalse();
    assertThat(ctx.feed(analyzer, "usr/bin/gcc-12", "")).isFalse();
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.findings).extracting(f -> f.id() + " " + f.location().path()).containsExactly(
        "SYS008 usr/bin/gcc", "SYS008 usr/bin/make",
        "SYS009 var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4",
        "SYS009 var/cache/apt/archives/curl_7.88.1_amd64.deb", "SYS009 var/cache/apk/APKINDEX.2c4ac24e.tar.gz");
  }

  @Test
  void binaryGarbageDoesNotThrow() {
    byte[] junk = new byte[4096];
    new java.util.Random(7).nextBytes(junk);
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, LayerEntry.file("etc/passwd", junk.length), junk, true);
    assertThat(ctx.issues).isEmpty();
  }

  @Test
  void registered() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()))
        .contains(SystemFilesMisconfigAnalyzer.class.getName());
  }

  /** The real Debian base layer: no empty passwords, no duplicate ids, signed APT sources. */
  @Test
  void debianAppBaseLayerIsClean() throws Exception {
    var blob = SharedTestData.corpusLayerBlob("debian-app", 1);
    LayerResult r;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(blob), 1 << 16)) {
      r = new LayerWalker(List.<Analyzer>of(analyzer), ScanLimits.defaults())
          .walk(in, new LayerCoordinates(0, Digest.sha256Of("debian-app-layer-1"), "debootstrap"));
    }
    assertThat(r.issues()).isEmpty();
    assertThat(r.findings()).extracting(Finding::id).isEmpty();
    assertThat(r.present()).contains("etc/shadow", "etc/passwd", "etc/group", "etc/apt/sources.list");
  }
}
