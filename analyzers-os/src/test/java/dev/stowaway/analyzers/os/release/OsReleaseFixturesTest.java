package dev.stowaway.analyzers.os.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.analyzers.os.FixtureJson;
import dev.stowaway.analyzers.os.ecosystem.OsPackageEcosystemFinisher;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.RecordingAnalysisContext.OsCandidate;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs {@link OsReleaseAnalyzer} over every real sample in {@code fixtures/os-release} (153 folders, each
 * laid out as in an image) and checks the winning candidate (lowest precedence, as the merge picks it)
 * against what the peer that contributed the sample asserts. The peers (claircore, snyk, syft, trivy)
 * each write expectations in their own vocabulary; each dialect is translated explicitly below, and
 * where a peer's policy differs from ours the test says so and checks our documented behaviour instead.
 */
class OsReleaseFixturesTest {

  private static final Set<String> DATA_FILES_EXCLUDED = Set.of("expected.json", "SOURCES.md");

  /** trivy's OS family names versus os-release IDs. */
  private static final Map<String, Set<String>> TRIVY_FAMILIES = Map.of(
      "alma", Set.of("almalinux"),
      "redhat", Set.of("rhel"),
      "oracle", Set.of("ol"),
      "cbl-mariner", Set.of("mariner"),
      "slem", Set.of("sle-micro", "sle-micro-rancher", "sl-micro"),
      "centos-stream", Set.of("centos"),
      "opensuse-leap", Set.of("opensuse-leap", "opensuse"));

  private static Path root() {
    return SharedTestData.testdata("fixtures/os-release");
  }

  private static List<Path> folders() throws IOException {
    try (Stream<Path> s = Files.list(root())) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  @Test
  void allOneHundredFiftyThreeSamplesArePresent() throws IOException {
    assertThat(folders()).hasSize(153);
  }

  @TestFactory
  Stream<DynamicTest> everySampleMatchesItsPeerExpectation() throws IOException {
    return folders().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
  }

  @TestFactory
  Stream<DynamicTest> everySampleParsesTheSameThroughAOneByteStream() throws IOException {
    return folders().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
      assertThat(scan(dir, true).osReleases).isEqualTo(scan(dir, false).osReleases);
    }));
  }

  /** The detected OS of real samples, through the finisher, gives the OSV ecosystem of their packages. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "claircore-debian-12 | Debian:12",
      "claircore-DistrolessCorrupt | Debian:12",
      "syft-debian-from-debian_version | Debian:10",
      "snyk-debian-6 | Debian:6.0",
      "claircore-ubuntu-22.04 | Ubuntu:22.04:LTS",
      "claircore-ubuntu-23.10 | Ubuntu:23.10",
      "claircore-ubuntu-10.04 | Ubuntu:10.04:LTS",
      "claircore-alpine-3.18 | Alpine:v3.18",
      "syft-wolfi | Wolfi",
      "trivy-rocky | Rocky Linux:9",
      "trivy-alma | AlmaLinux:9",
      "trivy-rhel | Red Hat",
      "claircore-OpenSUSe | openSUSE:Leap 15.1",
      "syft-sles | SUSE:Linux Enterprise Server 15 SP2",
      "trivy-slemicro | SUSE:Linux Enterprise Micro 5.3",
      "syft-photon | Photon OS:2.0",
      "trivy-azurelinux-3.0 | Azure Linux:3",
      "trivy-mariner-2.0 | Azure Linux:2"})
  void realSamplesMapToOsvEcosystems(String folder, String ecosystem) throws IOException {
    OsCandidate win = winner(scan(root().resolve(folder), false));
    assertThat(OsPackageEcosystemFinisher.ecosystemFor(win.release())).isEqualTo(ecosystem);
  }

  static RecordingAnalysisContext scan(Path dir, boolean throttled) throws IOException {
    OsReleaseAnalyzer analyzer = new OsReleaseAnalyzer();
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile)
          .filter(f -> !(f.getParent().equals(dir) && DATA_FILES_EXCLUDED.contains(f.getFileName().toString())))
          .sorted().toList();
    }
    for (Path f : files) {
      ctx.feed(analyzer, dir.relativize(f).toString().replace('\\', '/'), f, throttled);
    }
    ctx.finish(analyzer);
    return ctx;
  }

  static OsCandidate winner(RecordingAnalysisContext ctx) {
    return ctx.osReleases.stream().min(Comparator.comparingInt(OsCandidate::precedence)).orElse(null);
  }

  @SuppressWarnings("unchecked")
  private static void check(Path dir) throws IOException {
    Map<String, Object> expected = FixtureJson.object(dir.resolve("expected.json"));
    String repo = (String) ((Map<String, Object>) expected.get("source")).get("repo");
    RecordingAnalysisContext ctx = scan(dir, false);
    OsCandidate win = winner(ctx);
    switch (repo) {
      case "quay/claircore" -> checkClaircore(dir, expected, ctx, win);
      case "snyk/snyk-docker-plugin" -> checkSnyk((Map<String, Object>) expected.get("os"), win);
      case "anchore/syft" -> checkSyft(dir, expected, ctx, win);
      case "aquasecurity/trivy" -> checkTrivy(dir, expected, ctx, win);
      default -> throw new AssertionError("unknown peer " + repo);
    }
  }

  // ---- quay/claircore ----

  @SuppressWarnings("unchecked")
  private static void checkClaircore(Path dir, Map<String, Object> expected, RecordingAnalysisContext ctx,
      OsCandidate win) throws IOException {
    if (expected.containsKey("parsedKeyValues")) {
      // claircore asserts the raw key/value parse of the os-release member: compare our parser exactly
      String text = Files.readString(dir.resolve("etc/os-release"), StandardCharsets.UTF_8);
      assertThat(OsReleaseParser.parse(text).values()).isEqualTo(expected.get("parsedKeyValues"));
    }
    if (expected.containsKey("distributions")) {
      // alpine scanner: version is major.minor, or "edge" from the pretty name
      Map<String, Object> d = ((List<Map<String, Object>>) expected.get("distributions")).get(0);
      OsRelease r = win.release();
      assertThat(r.id()).isEqualTo(d.get("did"));
      assertThat(r.name()).isEqualTo(d.get("name"));
      assertThat(r.prettyName()).isEqualTo(d.get("pretty_name"));
      String version = r.prettyName().endsWith(" edge") ? "edge" : majorMinor(r.versionId());
      assertThat(version).isEqualTo(d.get("version"));
      return;
    }
    Map<String, Object> d = (Map<String, Object>) expected.get("distribution");
    if (d == null) {
      // claircore's Ubuntu scanner finds no Ubuntu in a Debian os-release; we detect Debian
      assertThat(win.release().id()).isNotEqualTo("ubuntu").isEqualTo("debian");
      return;
    }
    OsRelease r = win.release();
    if (d.containsKey("DID")) {
      // claircore's Ubuntu scanner reads lsb-release and synthesises Version/PrettyName from it
      assertThat(r.id()).isEqualTo(d.get("DID"));
      assertThat(r.versionId()).isEqualTo(d.get("VersionID"));
      assertThat(r.versionCodename()).isEqualTo(d.get("VersionCodeName"));
      return;
    }
    assertThat(r.id()).isEqualTo(d.get("did"));
    if (d.containsKey("versionId")) {
      assertThat(r.versionId()).isEqualTo(d.get("versionId"));
      // distroless writes VERSION with the NAME in front ("Debian GNU/Linux 10 (buster)")
      String version = r.version().startsWith(r.name() + " ") ? r.version().substring(r.name().length() + 1)
          : r.version();
      assertThat(version).matches((String) expected.get("versionPattern"));
      return;
    }
    assertThat(r.versionId()).isEqualTo(d.get("version_id"));
    assertThat(r.version()).isEqualTo(d.get("version"));
    assertThat(r.name()).isEqualTo(d.get("name"));
    assertThat(r.versionCodename()).isEqualTo(d.get("version_code_name"));
    Map<String, Object> raw = (Map<String, Object>) expected.get("parsedKeyValues");
    if (raw == null || Objects.equals(raw.get("PRETTY_NAME"), d.get("pretty_name"))) {
      assertThat(r.prettyName()).isEqualTo(d.get("pretty_name"));
    } else {
      // claircore falls back to NAME when PRETTY_NAME repeats VERSION; we keep PRETTY_NAME as written
      assertThat(r.prettyName()).isEqualTo(raw.get("PRETTY_NAME"));
    }
  }

  // ---- snyk/snyk-docker-plugin ----

  private static void checkSnyk(Map<String, Object> os, OsCandidate win) {
    OsRelease r = win.release();
    String name = (String) os.get("name");
    assertThat(r.id()).isEqualTo(name.equals("oracle") ? "ol" : name);
    String version = (String) os.get("version");
    if (version.equals("unstable")) {
      // Debian testing/unstable has no VERSION_ID
      assertThat(r.versionId()).isNull();
      assertThat(r.prettyName()).endsWith("/sid");
    } else {
      // snyk truncates RHEL-family and Debian versions to the major (and writes SLES 15 as 15.0); we
      // keep VERSION_ID as written
      assertThat(r.versionId()).satisfiesAnyOf(v -> assertThat(v).isEqualTo(version),
          v -> assertThat(v).startsWith(version + "."), v -> assertThat(version).isEqualTo(v + ".0"));
    }
    String pretty = (String) os.get("prettyName");
    if (!pretty.isEmpty()) {
      assertThat(r.prettyName()).isEqualTo(pretty);
    }
  }

  // ---- anchore/syft ----

  @SuppressWarnings("unchecked")
  private static void checkSyft(Path dir, Map<String, Object> expected, RecordingAnalysisContext ctx,
      OsCandidate win) {
    Map<String, Object> rel = (Map<String, Object>) expected.get("release");
    if (rel == null) {
      assertThat(ctx.osReleases).isEmpty();
      return;
    }
    if (!rel.containsKey("ID")) {
      // syft keeps a release without ID; an OsRelease needs one, so we record an issue and no candidate,
      // leaving room for a lower-precedence release file to name the OS
      assertThat(ctx.osReleases).isEmpty();
      assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message).contains("names no operating system");
      return;
    }
    OsRelease r = win.release();
    assertThat(r.id()).isEqualTo(rel.get("ID"));
    String versionId = (String) rel.get("VersionID");
    if (versionId != null && r.versionId() != null && !versionId.equals(r.versionId())) {
      // syft replaces os-release's VERSION_ID 13 by debian_version's point release 13.5; we keep 13
      assertThat(versionId).startsWith(r.versionId() + ".");
      assertThat(dir.resolve("etc/debian_version")).exists();
    } else {
      assertThat(r.versionId()).isEqualTo(versionId);
    }
    boolean fromOsRelease = win.precedence() <= 1;
    if (fromOsRelease || win.path().endsWith("-release") && !win.path().endsWith("system-release-cpe")) {
      assertThat(r.name()).isEqualTo(rel.get("Name"));
      assertThat(r.prettyName()).isEqualTo(rel.get("PrettyName"));
    }
    if (fromOsRelease) {
      assertThat(r.version()).isEqualTo(rel.get("Version"));
      assertThat(r.versionCodename()).isEqualTo(rel.get("VersionCodename"));
      List<String> like = (List<String>) rel.get("IDLike");
      assertThat(r.idLike()).isEqualTo(like == null ? List.of() : like);
    }
  }

  // ---- aquasecurity/trivy ----

  @SuppressWarnings("unchecked")
  private static void checkTrivy(Path dir, Map<String, Object> expected, RecordingAnalysisContext ctx,
      OsCandidate win) {
    Map<String, Object> os = (Map<String, Object>) expected.get("os");
    String folder = dir.getFileName().toString();
    if (os == null) {
      // trivy detects no OS it can scan. We report what the file says; none of these names an OSV
      // ecosystem, so OS packages keep their plain deb/apk/rpm ecosystem
      if (win != null) {
        assertThat(OsPackageEcosystemFinisher.ecosystemFor(win.release())).isNull();
      }
      switch (folder) {
        case "trivy-no-id" -> {
          assertThat(ctx.osReleases).isEmpty();
          assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
              .contains("names no operating system");
        }
        case "trivy-no-version" -> {
          assertThat(win.release().id()).isEqualTo("alpine");
          assertThat(win.release().versionId()).isNull();
        }
        case "trivy-unknown" -> assertThat(win.release().id()).isEqualTo("unknown");
        default -> throw new AssertionError("unexpected negative trivy fixture " + folder);
      }
      return;
    }
    String family = (String) os.get("family");
    String name = (String) os.get("name");
    OsCandidate c = win;
    OsCandidate specific = ctx.osReleases.stream()
        .filter(o -> o.precedence() == 2 && !o.path().equals("etc/alpine-release")).findFirst().orElse(null);
    if (specific != null && !Objects.equals(specific.release().versionId(), win.release().versionId())) {
      // trivy prefers a RHEL-family release file (centos-release: 7.6.1810) over os-release (7); we rank
      // os-release first. Check that ranking and that the specific file parsed to trivy's value.
      assertThat(win.path()).isEqualTo("etc/os-release");
      c = specific;
    }
    OsRelease r = c.release();
    assertThat(r.id()).isIn(TRIVY_FAMILIES.getOrDefault(family, Set.of(family)));
    if (family.equals("centos-stream")) {
      assertThat(r.name()).isEqualTo("CentOS Stream");
    }
    if (r.versionId() != null) {
      assertThat(r.versionId()).isEqualTo(name);
    } else {
      // debian_version "buster/sid": no number, the text is kept as VERSION
      assertThat(r.version()).isEqualTo(name);
    }
  }

  private static String majorMinor(String versionId) {
    String[] parts = versionId.split("\\.");
    return parts.length >= 2 ? parts[0] + "." + parts[1] : versionId;
  }
}
