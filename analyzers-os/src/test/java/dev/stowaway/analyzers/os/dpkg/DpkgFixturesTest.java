package dev.stowaway.analyzers.os.dpkg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.analyzers.os.FixtureJson;
import dev.stowaway.api.model.Package;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs {@link DpkgStatusAnalyzer} over every sample in {@code fixtures/dpkg} and checks it against the
 * dpkg-query reference listing (installed entries, with dpkg-query's source semantics) and the peers'
 * assertions.
 */
class DpkgFixturesTest {

  private static final Set<String> DATA_FILES_EXCLUDED = Set.of("expected.json", "SOURCES.md");

  private static Path root() {
    return SharedTestData.testdata("fixtures/dpkg");
  }

  static RecordingAnalysisContext scan(Path dir, boolean throttled) throws IOException {
    DpkgStatusAnalyzer analyzer = new DpkgStatusAnalyzer();
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile)
          .filter(f -> !(f.getParent().equals(dir) && DATA_FILES_EXCLUDED.contains(f.getFileName().toString())))
          .sorted().toList();
    }
    for (Path f : files) {
      // the fixtures store ':' in file names as %3A (see the stackrox note); an image has ':'
      String imagePath = dir.relativize(f).toString().replace('\\', '/').replace("%3A", ":");
      ctx.feed(analyzer, imagePath, f, throttled);
    }
    ctx.finish(analyzer);
    return ctx;
  }

  private static List<String> row(String name, String version, String arch, String sourceName,
      String sourceVersion) {
    List<String> l = new ArrayList<>();
    l.add(name);
    l.add(version);
    l.add(arch);
    l.add(sourceName);
    l.add(sourceVersion);
    return l;
  }

  @Test
  void allFixtureFoldersArePresent() throws IOException {
    try (Stream<Path> s = Files.list(root())) {
      assertThat(s.filter(Files::isDirectory).count()).isEqualTo(25);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureMatchesTheDpkgQueryReferenceListing() throws IOException {
    List<Path> dirs;
    try (Stream<Path> s = Files.list(root())) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
      Map<String, Object> expected = new java.util.HashMap<>(FixtureJson.object(dir.resolve("expected.json")));
      expected.put("folder", dir.getFileName().toString());
      RecordingAnalysisContext ctx = scan(dir, false);
      checkReferenceListing(expected, ctx);
      checkPeerPackages(expected, ctx);
      assertThat(scan(dir, true).packages).as("1-byte throttled stream").isEqualTo(ctx.packages);
    }));
  }

  @SuppressWarnings("unchecked")
  private static void checkReferenceListing(Map<String, Object> expected, RecordingAnalysisContext ctx) {
    Map<String, Object> ref = (Map<String, Object>) expected.get("referenceListing");
    if (ref == null || ref.containsKey("dpkgQueryRejectsFile") || !ref.containsKey("packages")) {
      return;
    }
    String folder = (String) expected.get("folder");
    if ("scalibr-status.d-with-md5sums".equals(folder)) {
      // dpkg-query read status.d/foo as a status file, where a stanza without Status is not installed;
      // in distroless status.d it is installed (checked in statusDMd5sumsIsNotADatabaseButGivesTheFiles)
      return;
    }
    List<List<String>> want = new ArrayList<>();
    for (Map<String, Object> p : (List<Map<String, Object>>) ref.get("packages")) {
      String status = (String) p.get("status");
      if (status == null || DpkgStatusAnalyzer.isInstalled(status)) {
        want.add(row((String) p.get("name"), (String) p.get("version"), (String) p.get("arch"),
            (String) p.get("sourceName"), (String) p.get("sourceVersion")));
      }
    }
    // the listing was made from the status file alone when there is one (stackrox adds status.d files)
    boolean hasStatus = ctx.packages.stream().anyMatch(p -> p.location().path().equals(DpkgStatusAnalyzer.STATUS));
    assertThat(ctx.packages.stream()
        .filter(p -> !hasStatus || p.location().path().equals(DpkgStatusAnalyzer.STATUS))
        .map(p -> row(p.name(), p.version(), p.arch(), p.sourceName(), p.sourceVersion())).toList())
        .containsExactlyInAnyOrderElementsOf(want);
    assertThat(want).hasSize(((Number) ref.get("installedCount")).intValue());
  }

  @SuppressWarnings("unchecked")
  private static void checkPeerPackages(Map<String, Object> expected, RecordingAnalysisContext ctx) {
    List<Map<String, Object>> peer = (List<Map<String, Object>>) expected.get("packages");
    String folder = (String) expected.get("folder");
    if (folder.equals("syft-opkg-status")) {
      // opkg (OpenWrt) databases are not dpkg databases and are not selected
      assertThat(ctx.packages).isEmpty();
      return;
    }
    if (folder.equals("syft-status.d-multiple")) {
      // syft keeps a stanza without Version; dpkg rejects it, and so do trivy and we (with an issue)
      peer = peer.stream().filter(p -> !"".equals(p.get("version"))).toList();
      expected.put("count", (long) peer.size());
      assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
          .contains("package no-version has no Version; skipped");
    }
    if (peer != null && !expected.containsKey("expectError")) {
      List<List<String>> want = new ArrayList<>();
      for (Map<String, Object> p : peer) {
        String version = (String) p.get("version");
        String arch = (String) p.get("arch");
        want.add(row((String) p.get("name"), version == null || version.isEmpty() ? null : version,
            arch == null || arch.isEmpty() ? null : arch, null, null));
      }
      assertThat(ctx.packages.stream().map(p -> row(p.name(), p.version(), p.arch(), null, null)).toList())
          .containsExactlyInAnyOrderElementsOf(want);
      for (Map<String, Object> p : peer) {
        String src = (String) p.get("sourceName");
        Package ours = ctx.packages.stream().filter(q -> q.name().equals(p.get("name"))).findFirst().orElseThrow();
        // peers leave sourceName empty without a Source: field; dpkg-query (and we) report the package
        assertThat(ours.sourceName()).isEqualTo(src == null || src.isEmpty() ? ours.name() : src);
      }
    }
    if (expected.containsKey("count")) {
      assertThat(ctx.packages).hasSize(((Number) expected.get("count")).intValue());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void licencesFromCopyrightFilesMatchSyft() throws IOException {
    for (String folder : List.of("syft-image-dpkg", "syft-image-distroless-deb")) {
      Path dir = root().resolve(folder);
      Map<String, Object> expected = FixtureJson.object(dir.resolve("expected.json"));
      Map<String, Object> peer = ((List<Map<String, Object>>) expected.get("packages")).get(0);
      RecordingAnalysisContext ctx = scan(dir, false);
      assertThat(ctx.packages).singleElement().satisfies(p -> assertThat(p.licenses()).as(folder)
          .containsExactlyInAnyOrderElementsOf((List<String>) peer.get("licensesFromCopyright")));
    }
  }

  @Test
  void vcpkgStatusFileIsNotADpkgDatabase() throws IOException {
    RecordingAnalysisContext ctx = scan(root().resolve("claircore-negative-vcpkg-status"), false);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .containsExactly("not a dpkg database (vcpkg status file); ignored");
  }

  @Test
  void keyringPackageFirstStanza() throws IOException {
    RecordingAnalysisContext ctx = scan(root().resolve("claircore-debian-keyring-first"), false);
    assertThat(ctx.packages.get(0).version()).isEqualTo("2019.1");
  }

  @Test
  void giantTexliveStatusHas357Packages() throws IOException {
    assertThat(scan(root().resolve("claircore-texlive-giant"), false).packages).hasSize(357);
  }

  @Test
  void sourceFieldWithVersion() throws IOException {
    RecordingAnalysisContext ctx = scan(root().resolve("claircore-postgresql-source-version"), false);
    assertThat(ctx.packages).filteredOn(p -> p.name().equals("postgresql-client")).singleElement()
        .satisfies(p -> {
          assertThat(p.sourceName()).isEqualTo("postgresql-common");
          assertThat(p.sourceVersion()).isEqualTo("200+deb10u5");
        });
  }

  @Test
  void statusDMd5sumsIsNotADatabaseButGivesTheFiles() throws IOException {
    RecordingAnalysisContext ctx = scan(root().resolve("scalibr-status.d-with-md5sums"), false);
    assertThat(ctx.packages).extracting(p -> p.location().path()).containsOnly("var/lib/dpkg/status.d/foo");
    assertThat(ctx.packages).allSatisfy(p -> assertThat(p.installedFiles()).isNotEmpty());
  }

  @Test
  void stackroxStatusPlusDistrolessWithFileLists() throws IOException {
    RecordingAnalysisContext ctx = scan(root().resolve("stackrox-ubuntu-and-distroless"), false);
    // status (8 installed, apt is deinstall) + status.d/base + status.d/netbase
    assertThat(ctx.packages).hasSize(10);
    assertThat(ctx.packages).filteredOn(p -> p.name().equals("base-files")).singleElement().satisfies(p -> {
      assertThat(p.version()).isEqualTo("10.3+deb10u6");
      assertThat(p.location().path()).isEqualTo("var/lib/dpkg/status.d/base");
    });
    Package libgcc = ctx.packages.stream().filter(p -> p.name().equals("libgcc1")).findFirst().orElseThrow();
    assertThat(libgcc.purl()).isEqualTo("pkg:deb/libgcc1@1%3A5.1.1-12ubuntu1?arch=amd64");
    assertThat(libgcc.ecosystem()).isEqualTo("deb");
    assertThat(libgcc.sourceName()).isEqualTo("gcc-5");
    assertThat(libgcc.sourceVersion()).isEqualTo("5.1.1-12ubuntu1");
    assertThat(libgcc.installedFiles()).isNotEmpty().allSatisfy(f -> assertThat(f).doesNotStartWith("/"));
  }

  @Test
  void syftImageDpkgInFull() throws IOException {
    RecordingAnalysisContext ctx = scan(root().resolve("syft-image-dpkg"), false);
    assertThat(ctx.packages).singleElement().satisfies(p -> {
      assertThat(p.name()).isEqualTo("libpam-runtime");
      assertThat(p.version()).isEqualTo("1.1.8-3.6");
      assertThat(p.arch()).isEqualTo("all");
      assertThat(p.purl()).isEqualTo("pkg:deb/libpam-runtime@1.1.8-3.6?arch=all");
      assertThat(p.sourceName()).isEqualTo("pam");
      assertThat(p.sourceVersion()).isEqualTo("1.1.8-3.6");
      assertThat(p.location()).isEqualTo(ctx.location("var/lib/dpkg/status"));
      assertThat(p.properties()).containsEntry("multiArch", "foreign");
      // no .list in this sample: ownership comes from info/libpam-runtime.md5sums
      // (the peer's sample md5sums file really lists zlib's files; we report what it says)
      assertThat(p.installedFiles()).startsWith("lib/x86_64-linux-gnu/libz.so.1.2.11")
          .allSatisfy(f -> assertThat(f).doesNotStartWith("/"));
    });
  }
}
