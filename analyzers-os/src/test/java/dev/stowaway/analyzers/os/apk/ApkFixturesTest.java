package dev.stowaway.analyzers.os.apk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.analyzers.os.FixtureJson;
import dev.stowaway.api.model.Package;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Runs {@link ApkInstalledAnalyzer} over every sample in {@code fixtures/apk}. */
class ApkFixturesTest {

  private static Path root() {
    return SharedTestData.testdata("fixtures/apk");
  }

  static RecordingAnalysisContext scan(Path dir, boolean throttled) throws IOException {
    ApkInstalledAnalyzer analyzer = new ApkInstalledAnalyzer();
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    for (String p : List.of("lib/apk/db/installed", "usr/lib/apk/db/installed", "etc/os-release")) {
      Path f = dir.resolve(p);
      if (Files.isRegularFile(f)) {
        ctx.feed(analyzer, p, f, throttled);
      }
    }
    ctx.finish(analyzer);
    return ctx;
  }

  private static List<Object> row(Object... v) {
    return new ArrayList<>(Arrays.asList(v));
  }

  @Test
  void allFixtureFoldersArePresent() throws IOException {
    try (Stream<Path> s = Files.list(root())) {
      assertThat(s.filter(Files::isDirectory).count()).isEqualTo(19);
    }
  }

  @TestFactory
  @SuppressWarnings("unchecked")
  Stream<DynamicTest> everyFixtureMatchesItsExpectation() throws IOException {
    List<Path> dirs;
    try (Stream<Path> s = Files.list(root())) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
      Map<String, Object> expected = FixtureJson.object(dir.resolve("expected.json"));
      RecordingAnalysisContext ctx = scan(dir, false);
      assertThat(scan(dir, true).packages).as("1-byte throttled stream").isEqualTo(ctx.packages);
      if (expected.containsKey("expectError")) {
        assertThat(ctx.packages).isEmpty();
        assertThat(ctx.issues).isNotEmpty();
        return;
      }
      Map<String, Object> ref = (Map<String, Object>) expected.get("referenceListing");
      if (ref != null && ref.containsKey("packages")) {
        // a plain line parse: every stanza with P and V
        List<List<Object>> want = new ArrayList<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) ref.get("packages")) {
          if (p.get("version") == null) {
            continue;
          }
          String origin = (String) p.get("origin");
          String license = (String) p.get("license");
          want.add(row(p.get("name"), p.get("version"), p.get("arch"),
              origin == null ? p.get("name") : origin, p.get("version"),
              license == null ? List.of() : List.of(license)));
        }
        assertThat(ctx.packages.stream().map(p -> row(p.name(), p.version(), p.arch(), p.sourceName(),
            p.sourceVersion(), p.licenses())).toList()).containsExactlyElementsOf(want);
      }
      Object names = expected.get("packageNamesSorted");
      if (names != null) {
        assertThat(new TreeSet<>(ctx.packages.stream().map(Package::name).toList())).containsExactlyElementsOf(
            (List<String>) names);
      }
      if (expected.containsKey("count") && !dir.getFileName().toString().equals("alpine-3.4-stackrox")) {
        assertThat(ctx.packages).hasSize(((Number) expected.get("count")).intValue());
      }
      assertThat(ctx.packages).allSatisfy(p -> {
        assertThat(p.ecosystem()).isEqualTo("apk");
        assertThat(p.purl()).startsWith("pkg:apk/" + p.name().replace("+", "%2B") + "@");
        assertThat(p.location().path()).endsWith("lib/apk/db/installed");
      });
    }));
  }

  @Test
  @SuppressWarnings("unchecked")
  void trivyPackagesAndInstalledFiles() throws IOException {
    Path dir = root().resolve("alpine-3.4-trivy");
    Map<String, Object> expected = FixtureJson.object(dir.resolve("expected.json"));
    RecordingAnalysisContext ctx = scan(dir, false);
    List<Map<String, Object>> peer = (List<Map<String, Object>>) expected.get("packages");
    assertThat(ctx.packages).hasSize(peer.size());
    for (int i = 0; i < peer.size(); i++) {
      Map<String, Object> t = (Map<String, Object>) peer.get(i).get("trivy");
      Package p = ctx.packages.get(i);
      assertThat(p.name()).isEqualTo(t.get("Name"));
      assertThat(p.version()).isEqualTo(t.get("Version"));
      assertThat(p.sourceName()).isEqualTo(t.get("SrcName"));
      assertThat(p.sourceVersion()).isEqualTo(t.get("SrcVersion"));
      assertThat(p.arch()).isEqualTo(t.get("Arch"));
      // trivy normalises licence names to SPDX (GPL2 -> GPL-2.0-only); we keep L: as written
      assertThat(p.licenses()).hasSize(t.get("Licenses") == null ? 0 : 1);
      if (t.get("InstalledFiles") != null) {
        assertThat(p.installedFiles()).isEqualTo(t.get("InstalledFiles"));
      }
    }
    List<String> all = ctx.packages.stream().flatMap(p -> p.installedFiles().stream()).toList();
    assertThat(all).containsExactlyInAnyOrderElementsOf((List<String>) expected.get("systemInstalledFiles"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void stackroxReportsOriginsAndSkipsTheStanzaWithoutVersion() throws IOException {
    Path dir = root().resolve("alpine-3.4-stackrox");
    Map<String, Object> expected = FixtureJson.object(dir.resolve("expected.json"));
    RecordingAnalysisContext ctx = scan(dir, false);
    Set<List<Object>> sources = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
    ctx.packages.forEach(p -> sources.add(row(p.sourceName(), p.sourceVersion())));
    Set<List<Object>> want = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
    ((List<Map<String, Object>>) expected.get("packages")).forEach(p -> want.add(row(p.get("name"), p.get("version"))));
    assertThat(sources).containsExactlyElementsOf(want);
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .anySatisfy(m -> assertThat(m).contains("invalidPackageWithoutAVersion").contains("no version"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void apkToolsFileOwnersAndQuery() throws IOException {
    Path dir = root().resolve("alpine-3.21-apk-tools-upstream");
    Map<String, Object> expected = FixtureJson.object(dir.resolve("expected.json"));
    RecordingAnalysisContext ctx = scan(dir, false);
    Map<String, Object> owners = (Map<String, Object>) expected.get("fileOwners");
    Package apkTools = ctx.packages.stream().filter(p -> p.name().equals("apk-tools")).findFirst().orElseThrow();
    assertThat(apkTools.installedFiles()).contains("sbin/apk", "usr/lib/libapk.so.2.14.0");
    assertThat(owners.get("sbin/apk")).isEqualTo("apk-tools");
    assertThat(ctx.packages).noneSatisfy(p -> assertThat(p.installedFiles()).contains("bin/not-found"));
    Map<String, Object> q = (Map<String, Object>) expected.get("apkToolsQuery");
    assertThat(apkTools.version()).isEqualTo(q.get("version"));
    assertThat(apkTools.arch()).isEqualTo(q.get("arch"));
    assertThat(apkTools.licenses()).containsExactly((String) q.get("license"));
    assertThat(apkTools.sourceName()).isEqualTo(q.get("origin"));
    assertThat(apkTools.purl()).isEqualTo("pkg:apk/apk-tools@2.14.6-r3?arch=x86_64");
    assertThat(apkTools.location()).isEqualTo(ctx.location("lib/apk/db/installed"));
  }
}
