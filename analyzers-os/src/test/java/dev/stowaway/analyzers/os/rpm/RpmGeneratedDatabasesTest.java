package dev.stowaway.analyzers.os.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Multi-package databases written by real tools (see {@code generated/generate.sh}: rpmbuild + rpm 4.18
 * for SQLite, Berkeley DB's {@code db5.3_load} for the hash file, read back by rpm's bdb_ro): our
 * inventory equals {@code rpm -qa} and our file lists equal {@code rpm -qal}. One package has 400 files,
 * so its 62 KB header spans many BerkeleyDB overflow pages.
 */
class RpmGeneratedDatabasesTest {

  private static byte[] resource(String name) {
    try (InputStream in = RpmGeneratedDatabasesTest.class.getResourceAsStream("generated/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long tempCopies() throws IOException {
    try (java.util.stream.Stream<java.nio.file.Path> s =
        java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("stowaway-rpmdb")).count();
    }
  }

  @org.junit.jupiter.api.Test
  void sqliteTemporaryCopyIsDeleted() throws IOException {
    long before = tempCopies();
    byte[] db = resource("sqlite/rpmdb.sqlite");
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    new RpmDatabaseAnalyzer().analyze(LayerEntry.file("var/lib/rpm/rpmdb.sqlite", db.length),
        new java.io.ByteArrayInputStream(db), ctx);
    assertThat(ctx.packages).hasSize(4);
    assertThat(tempCopies()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"bdb/Packages, var/lib/rpm/Packages", "sqlite/rpmdb.sqlite, var/lib/rpm/rpmdb.sqlite"})
  void inventoryEqualsRpmQa(String resource, String imagePath) {
    byte[] db = resource(resource);
    RpmDatabaseAnalyzer analyzer = new RpmDatabaseAnalyzer();
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, LayerEntry.file(imagePath, db.length), db, false);
    ctx.finish(analyzer);
    assertThat(ctx.issues).isEmpty();

    List<String> ours = ctx.packages.stream().map(p -> {
      String epoch = p.properties().getOrDefault("epoch", "0");
      String vr = p.version().contains(":") ? p.version().substring(p.version().indexOf(':') + 1) : p.version();
      int dash = vr.lastIndexOf('-');
      return String.join("|", p.name(), epoch, vr.substring(0, dash), vr.substring(dash + 1), p.arch(),
          p.properties().get("sourceRpm"), p.licenses().get(0), p.properties().getOrDefault("vendor", "(none)"));
    }).sorted().toList();
    List<String> rpmQa = new String(resource("rpm-qa.txt"), StandardCharsets.UTF_8).lines().toList();
    assertThat(ours).containsExactlyElementsOf(rpmQa).hasSize(4);

    List<String> files = ctx.packages.stream().flatMap(p -> p.installedFiles().stream()).map(f -> "/" + f)
        .sorted().toList();
    List<String> rpmQal = new String(resource("rpm-qal.txt"), StandardCharsets.UTF_8).lines().toList();
    assertThat(files).containsExactlyElementsOf(rpmQal);

    Package beta = ctx.packages.stream().filter(p -> p.name().equals("beta")).findFirst().orElseThrow();
    assertThat(beta.version()).isEqualTo("2:2.3.4-5.el9");
    assertThat(beta.purl()).isEqualTo("pkg:rpm/beta@2.3.4-5.el9?arch=noarch&epoch=2");
    assertThat(beta.installedFiles()).containsExactly("etc/beta.conf", "usr/share/beta/README");
  }
}
