package dev.stowaway.analyzers.os.rpm;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs {@link RpmDatabaseAnalyzer} over every sample in {@code fixtures/rpm/{bdb,ndb,sqlite}} and compares
 * name, epoch, version, release, arch and source RPM with the peers' lists (in order where the peer
 * asserts an order) and the {@code rpm -qa} reference listings.
 */
class RpmFixturesTest {

  private static final Map<String, String> FILES = Map.of(
      "bdb", "Packages", "ndb", "Packages.db", "sqlite", "rpmdb.sqlite");
  private static final Map<String, String> IMAGE_PATHS = Map.of(
      "bdb", "var/lib/rpm/Packages", "ndb", "usr/lib/sysimage/rpm/Packages.db",
      "sqlite", "var/lib/rpm/rpmdb.sqlite");

  static List<Path> folders() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String kind : List.of("bdb", "ndb", "sqlite")) {
      try (Stream<Path> s = Files.list(SharedTestData.testdata("fixtures/rpm/" + kind))) {
        out.addAll(s.filter(Files::isDirectory).sorted().toList());
      }
    }
    return out;
  }

  static RecordingAnalysisContext scan(Path dir, boolean throttled) throws IOException {
    String kind = dir.getParent().getFileName().toString();
    RpmDatabaseAnalyzer analyzer = new RpmDatabaseAnalyzer();
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    assertThat(ctx.feed(analyzer, IMAGE_PATHS.get(kind), dir.resolve(FILES.get(kind)), throttled)).isTrue();
    ctx.finish(analyzer);
    return ctx;
  }

  private static List<Object> row(Object... v) {
    return new ArrayList<>(Arrays.asList(v));
  }

  static List<Object> ours(Package p) {
    String epoch = p.properties().get("epoch");
    String v = p.version();
    if (epoch != null) {
      v = v.substring(epoch.length() + 1);
    }
    int dash = v.lastIndexOf('-');
    return row(p.name(), epoch == null ? null : Long.parseLong(epoch), v.substring(0, dash),
        v.substring(dash + 1), p.arch(), p.properties().get("sourceRpm"));
  }

  @SuppressWarnings("unchecked")
  static List<List<Object>> expectedRows(List<Map<String, Object>> list) {
    List<List<Object>> want = new ArrayList<>();
    for (Map<String, Object> p : list) {
      Object epoch = p.get("epoch");
      Object src = p.get("sourceRpm");
      want.add(row(p.get("name"), epoch == null || ((Number) epoch).longValue() == 0 ? null
          : ((Number) epoch).longValue(), p.get("version"), p.get("release"),
          "".equals(p.get("arch")) ? null : p.get("arch"),
          src == null || "".equals(src) || "(none)".equals(src) ? null : src));
    }
    return want;
  }

  @Test
  void allElevenSamplesArePresent() throws IOException {
    assertThat(folders()).hasSize(11);
  }

  @TestFactory
  @SuppressWarnings("unchecked")
  Stream<DynamicTest> everySampleMatchesItsExpectation() throws IOException {
    return folders().stream().map(dir -> DynamicTest.dynamicTest(
        dir.getParent().getFileName() + "/" + dir.getFileName(), () -> {
          Map<String, Object> expected = FixtureJson.object(dir.resolve("expected.json"));
          RecordingAnalysisContext ctx = scan(dir, false);
          assertThat(ctx.issues).isEmpty();
          List<List<Object>> got = ctx.packages.stream().map(RpmFixturesTest::ours).toList();
          List<Map<String, Object>> peer = (List<Map<String, Object>>) expected.get("packages");
          if (peer != null) {
            if (Boolean.TRUE.equals(expected.get("orderedAsListed"))) {
              assertThat(got).containsExactlyElementsOf(expectedRows(peer));
            } else {
              assertThat(got).containsExactlyInAnyOrderElementsOf(expectedRows(peer));
            }
          }
          List<Map<String, Object>> peerAsserted = (List<Map<String, Object>>) expected.get("peerAsserted");
          if (peerAsserted != null) {
            assertThat(got).containsAll(expectedRows(peerAsserted));
          }
          Map<String, Object> ref = (Map<String, Object>) expected.get("referenceListing");
          if (ref != null && ref.get("packages") != null) {
            assertThat(got).containsExactlyInAnyOrderElementsOf(
                expectedRows((List<Map<String, Object>>) ref.get("packages")));
          }
          if (expected.get("count") != null) {
            assertThat(ctx.packages).hasSize(((Number) expected.get("count")).intValue());
          }
          assertThat(ctx.packages).allSatisfy(p -> {
            assertThat(p.ecosystem()).isEqualTo("rpm");
            assertThat(p.location().path()).isEqualTo(IMAGE_PATHS.get(dir.getParent().getFileName().toString()));
          });
        }));
  }

  @TestFactory
  Stream<DynamicTest> sameResultThroughAOneByteStream() throws IOException {
    return folders().stream().filter(d -> {
      try {
        return Files.size(d.resolve(FILES.get(d.getParent().getFileName().toString()))) < 200_000;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).map(dir -> DynamicTest.dynamicTest(dir.getParent().getFileName() + "/" + dir.getFileName(),
        () -> assertThat(scan(dir, true).packages).isEqualTo(scan(dir, false).packages)));
  }

  @Test
  void libuuidInFull() throws IOException {
    RecordingAnalysisContext ctx = scan(SharedTestData.testdata("fixtures/rpm/bdb/rhel8-libuuid"), false);
    assertThat(ctx.packages).singleElement().satisfies(p -> {
      assertThat(p.name()).isEqualTo("libuuid");
      assertThat(p.version()).isEqualTo("2.32.1-42.el8_8");
      assertThat(p.arch()).isEqualTo("x86_64");
      assertThat(p.purl()).isEqualTo("pkg:rpm/libuuid@2.32.1-42.el8_8?arch=x86_64");
      assertThat(p.sourceName()).isEqualTo("util-linux");
      assertThat(p.sourceVersion()).isEqualTo("2.32.1-42.el8_8");
      assertThat(p.licenses()).containsExactly("BSD");
      assertThat(p.properties()).containsEntry("vendor", "Red Hat, Inc.");
      assertThat(p.location()).isEqualTo(ctx.location("var/lib/rpm/Packages"));
      assertThat(p.installedFiles()).contains("usr/lib64/libuuid.so.1")
          .allSatisfy(f -> assertThat(f).doesNotStartWith("/"));
    });
  }

  @Test
  void epochInVersionAndPurl() throws IOException {
    RecordingAnalysisContext ctx = scan(SharedTestData.testdata("fixtures/rpm/bdb/hello-with-epoch"), false);
    assertThat(ctx.packages).singleElement().satisfies(p -> {
      assertThat(p.version()).isEqualTo("1:0.0.1-rls");
      assertThat(p.purl()).isEqualTo("pkg:rpm/hello@0.0.1-rls?arch=x86_64&epoch=1");
      assertThat(p.sourceName()).isEqualTo("hello");
      assertThat(p.sourceVersion()).isEqualTo("0.0.1-rls");
    });
  }
}
