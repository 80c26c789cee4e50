package dev.stowaway.analyzers.os.dpkg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.analyzers.os.FixtureJson;
import dev.stowaway.analyzers.os.ecosystem.OsPackageEcosystemFinisher;
import dev.stowaway.analyzers.os.release.OsReleaseAnalyzer;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The flattened root filesystem of the real {@code debian-app} image from the corpus: the dpkg inventory
 * must equal the ground truth the build script took with {@code dpkg-query -W} (name, version, arch,
 * source, source version), every package must own files, and the os-release plus the finisher must turn
 * the packages into {@code Debian:12} with Debian purls. (Which layer introduced each package needs the
 * core's walker and merge; that belongs to the core's image tests.)
 */
class DpkgCorpusTest {

  @Test
  @SuppressWarnings("unchecked")
  void debianAppRootfsMatchesDpkgQuery() throws IOException {
    Path corpus = SharedTestData.corpus();
    Path rootfs = corpus.resolve("rootfs/debian-app");
    Map<String, Object> expected = FixtureJson.object(corpus.resolve("expected/debian-app.json"));

    DpkgStatusAnalyzer dpkg = new DpkgStatusAnalyzer();
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(dpkg, "var/lib/dpkg/status", rootfs.resolve("var/lib/dpkg/status"), false);
    try (Stream<Path> s = Files.list(rootfs.resolve("var/lib/dpkg/info"))) {
      for (Path f : s.sorted().toList()) {
        ctx.feed(dpkg, "var/lib/dpkg/info/" + f.getFileName(), f, false);
      }
    }
    ctx.finish(dpkg);
    assertThat(ctx.issues).isEmpty();

    List<List<String>> want = new ArrayList<>();
    for (Map<String, Object> d : (List<Map<String, Object>>) expected.get("debs")) {
      want.add(List.of((String) d.get("name"), (String) d.get("version"), (String) d.get("arch"),
          (String) d.get("source"), (String) d.get("source_version")));
    }
    assertThat(ctx.packages.stream()
        .map(p -> List.of(p.name(), p.version(), p.arch(), p.sourceName(), p.sourceVersion())).toList())
        .containsExactlyInAnyOrderElementsOf(want);
    assertThat(ctx.packages).hasSize(((Number) expected.get("dpkg_packages")).intValue());
    assertThat(ctx.packages).allSatisfy(p -> assertThat(p.installedFiles()).as(p.name()).isNotEmpty());
    Package curl = ctx.packages.stream().filter(p -> p.name().equals("curl")).findFirst().orElseThrow();
    assertThat(curl.installedFiles()).contains("usr/bin/curl").doesNotContain("usr/bin", "usr");
    try (Stream<Path> s = Files.list(rootfs.resolve("usr/share/doc"))) {
      for (Path d : s.sorted().toList()) {
        Path c = d.resolve("copyright");
        if (Files.isRegularFile(c, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && !Files.isSymbolicLink(d)) {
          ctx.feed(dpkg, "usr/share/doc/" + d.getFileName() + "/copyright", c, false);
        }
      }
    }
    ctx.packages.clear();
    ctx.finish(dpkg);
    Package curlWithLicence = ctx.packages.stream().filter(p -> p.name().equals("curl")).findFirst().orElseThrow();
    assertThat(curlWithLicence.licenses()).startsWith("curl");
    assertThat(ctx.packages.stream().filter(p -> !p.licenses().isEmpty()).count())
        .as("packages with licences").isGreaterThan(ctx.packages.size() / 2);

    OsReleaseAnalyzer osAnalyzer = new OsReleaseAnalyzer();
    RecordingAnalysisContext osCtx = new RecordingAnalysisContext();
    Path osRelease = Files.isSymbolicLink(rootfs.resolve("etc/os-release"))
        ? rootfs.resolve("usr/lib/os-release") : rootfs.resolve("etc/os-release");
    osCtx.feed(osAnalyzer, rootfs.relativize(osRelease).toString(), osRelease, false);
    osCtx.finish(osAnalyzer);
    OsRelease os = osCtx.osReleases.get(0).release();
    assertThat(os.id()).isEqualTo("debian");

    List<Package> finished = new OsPackageEcosystemFinisher().finish(os, ctx.packages);
    Package finishedCurl = finished.stream().filter(p -> p.name().equals("curl")).findFirst().orElseThrow();
    assertThat(finishedCurl.ecosystem()).isEqualTo("Debian:" + os.versionId().split("\\.")[0]);
    assertThat(finishedCurl.purl()).isEqualTo("pkg:deb/debian/curl@" + curl.version().replace("+", "%2B")
        .replace(":", "%3A") + "?arch=" + curl.arch() + "&distro=debian-" + os.versionId().split("\\.")[0]);
  }
}
