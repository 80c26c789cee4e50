package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.core.image.Compression;
import dev.stowaway.core.image.build.ImageBuilder;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.json.JsonObject;
import dev.stowaway.store.snapshot.Snapshot;
import dev.stowaway.store.snapshot.SnapshotStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three builds of one image whose package versions change (zlib in the base layer throughout; openssl
 * upgraded in layer 1 each build; curl added in layer 2 by the second build and dropped by the third),
 * each scanned with {@code --save}; then history and diff over snapshots and over saved JSON reports.
 */
class SnapshotHistoryCliTest {

  @TempDir
  Path tmp;

  Path db;

  static String record(String id, String pkg, String introduced, String fixed) {
    String events = "{\"introduced\": \"" + introduced + "\"}" + (fixed == null ? "" : ", {\"fixed\": \"" + fixed + "\"}");
    return """
        {"schema_version": "1.6.0", "id": "%s", "modified": "2024-05-01T00:00:00Z", "summary": "test advisory for %s",
         "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N"}],
         "affected": [{"package": {"ecosystem": "Debian:12", "name": "%s"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [%s]}]}]}
        """.formatted(id, pkg, pkg, events);
  }

  static String stanza(String pkg, String version) {
    // zlib1g is built from the source package zlib, which the advisory names
    return "Package: " + pkg + "\nStatus: install ok installed\nArchitecture: amd64\n"
        + (pkg.equals("zlib1g") ? "Source: zlib\n" : "") + "Version: " + version + "\n\n";
  }

  /** Writes build N as an OCI layout at the same place, tag N, and returns the scan argument. */
  static String build(Path layout, int n, String openssl, String curl) throws IOException {
    if (Files.exists(layout)) {
      try (var walk = Files.walk(layout)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    ImageBuilder b = ImageBuilder.create().compression(Compression.GZIP)
        .layer(LayerBuilder.create().file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
            .file("var/lib/dpkg/status", stanza("zlib1g", "1:1.2.13.dfsg-1")), "debootstrap bookworm")
        .layer(LayerBuilder.create().file("var/lib/dpkg/status",
            stanza("zlib1g", "1:1.2.13.dfsg-1") + stanza("openssl", openssl)), "RUN apt-get install openssl");
    if (curl != null) {
      b.layer(LayerBuilder.create().file("var/lib/dpkg/status",
          stanza("zlib1g", "1:1.2.13.dfsg-1") + stanza("openssl", openssl) + stanza("curl", curl)),
          "RUN apt-get install curl");
    }
    ImageWriters.writeOciLayout(b.build(), layout, String.valueOf(n));
    return "oci:" + layout + ":" + n;
  }

  @BeforeEach
  void database() throws IOException {
    Path osv = Files.createDirectories(tmp.resolve("osv"));
    Files.writeString(osv.resolve("a.json"), record("CVE-2099-1001", "openssl", "0", "3.0.2-1"));
    Files.writeString(osv.resolve("b.json"), record("CVE-2099-1002", "openssl", "3.0.2-1", "3.0.3-1"));
    Files.writeString(osv.resolve("c.json"), record("CVE-2099-1003", "curl", "0", null));
    Files.writeString(osv.resolve("d.json"), record("CVE-2099-1004", "zlib", "0", null));
    db = tmp.resolve("db");
    CliRunner imp = CliRunner.run("db", "import", "--cache-dir", db.toString(), osv.toString());
    assertThat(imp.exitCode()).as(imp.err()).isZero();
  }

  private CliRunner scan(String image, String... extra) {
    String[] args = new String[4 + extra.length + 1];
    args[0] = "scan";
    args[1] = "--cache-dir";
    args[2] = db.toString();
    args[3] = "--scanners=vuln";
    System.arraycopy(extra, 0, args, 4, extra.length);
    args[args.length - 1] = image;
    CliRunner r = CliRunner.run(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r;
  }

  @Test
  void threeBuildsGiveTheRightNewAndFixedFindingsAndIntroducingLayers() throws IOException {
    Path layout = tmp.resolve("app");
    Path[] reports = new Path[4];
    for (int n = 1; n <= 3; n++) {
      String image = switch (n) {
        case 1 -> build(layout, 1, "3.0.1-1", null);
        case 2 -> build(layout, 2, "3.0.2-1", "7.88.1-10");
        default -> build(layout, 3, "3.0.3-1", null);
      };
      reports[n] = tmp.resolve("report" + n + ".json");
      CliRunner r = scan(image, "--save", "-f", "json", "-o", reports[n].toString());
      assertThat(r.err()).contains("recorded snapshot " + n);
    }

    CliRunner history = CliRunner.run("history", "--cache-dir", db.toString(), "-f", "json", "oci:" + layout);
    assertThat(history.exitCode()).as(history.err()).isZero();
    JsonObject h = Json.parseObject(history.out().getBytes(StandardCharsets.UTF_8), "history");
    List<JsonObject> snaps = h.objects("snapshots");
    assertThat(snaps).extracting(s -> s.string("tag")).containsExactly("1", "2", "3");
    // build 1: 1001 (openssl) + 1004 (zlib); build 2: 1002 + 1003 + 1004; build 3: 1004
    assertThat(snaps).extracting(s -> s.object("counts").longValue("HIGH") + s.object("counts").longValue("CRITICAL"))
        .containsExactly(2L, 3L, 1L);
    CliRunner table = CliRunner.run("history", "--cache-dir", db.toString(), "oci:" + layout + ":2");
    assertThat(table.out()).contains("ID").contains("CRIT").contains(layout + ":1").contains(layout + ":3");

    // 1 -> 2: openssl upgrade fixes 1001 and brings 1002 (layer 1); curl arrives with 1003 (layer 2)
    JsonObject d12 = diff("1", "2");
    assertThat(ids(d12, "newFindings")).containsExactly("CVE-2099-1002", "CVE-2099-1003");
    assertThat(d12.objects("newFindings")).extracting(f -> f.object("introducedBy").string("createdBy"))
        .containsExactly("RUN apt-get install openssl", "RUN apt-get install curl");
    assertThat(d12.objects("newFindings")).extracting(f -> f.object("introducedBy").longValue("index"))
        .containsExactly(1L, 2L);
    assertThat(ids(d12, "fixedFindings")).containsExactly("CVE-2099-1001");
    assertThat(ids(d12, "unchangedFindings")).containsExactly("CVE-2099-1004");
    JsonObject packages = d12.object("packages");
    assertThat(packages.objects("added")).extracting(p -> p.string("name")).containsExactly("curl");
    assertThat(packages.objects("removed")).isEmpty();
    assertThat(packages.objects("changed")).extracting(p -> p.string("name") + " " + p.strings("before") + " " + p.strings("after"))
        .containsExactly("openssl [3.0.1-1] [3.0.2-1]");
    String scanned2 = snaps.get(1).string("scannedAt");
    assertThat(d12.objects("newFindings")).extracting(f -> f.string("firstSeen")).containsOnly(scanned2);

    // 2 -> 3: both new ones fixed, curl removed
    JsonObject d23 = diff("2", "3");
    assertThat(ids(d23, "newFindings")).isEmpty();
    assertThat(ids(d23, "fixedFindings")).containsExactly("CVE-2099-1002", "CVE-2099-1003");
    assertThat(d23.object("packages").objects("removed")).extracting(p -> p.string("name")).containsExactly("curl");

    // 3 -> 2 again (a roll-back): the findings are new to build 3 but were first seen with snapshot 2
    JsonObject d32 = diff("3", "2");
    assertThat(ids(d32, "newFindings")).containsExactly("CVE-2099-1002", "CVE-2099-1003");
    assertThat(d32.objects("newFindings")).extracting(f -> f.string("firstSeen")).containsOnly(scanned2);

    // the same diff from the saved JSON reports, and from image names (their latest snapshots)
    JsonObject fromReports = diff(reports[1].toString(), reports[2].toString());
    assertThat(ids(fromReports, "newFindings")).containsExactly("CVE-2099-1002", "CVE-2099-1003");
    assertThat(ids(fromReports, "fixedFindings")).containsExactly("CVE-2099-1001");
    JsonObject fromNames = diff("oci:" + layout + ":1", "oci:" + layout + ":2");
    assertThat(ids(fromNames, "newFindings")).containsExactly("CVE-2099-1002", "CVE-2099-1003");

    CliRunner text = CliRunner.run("diff", "--cache-dir", db.toString(), "1", "2");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("New findings: 2").contains("introduced by layer 2")
        .contains("RUN apt-get install curl").contains("Fixed findings: 1").contains("~ Debian:12 openssl 3.0.1-1 -> 3.0.2-1")
        .contains("+ Debian:12 curl 7.88.1-10");
    CliRunner gate = CliRunner.run("diff", "--cache-dir", db.toString(), "--fail-on", "high", "1", "2");
    assertThat(gate.exitCode()).isEqualTo(1);
    assertThat(CliRunner.run("diff", "--cache-dir", db.toString(), "--fail-on", "high", "2", "3").exitCode()).isZero();
  }

  private JsonObject diff(String a, String b) throws IOException {
    CliRunner r = CliRunner.run("diff", "--cache-dir", db.toString(), "-f", "json", a, b);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return Json.parseObject(r.out().getBytes(StandardCharsets.UTF_8), "diff");
  }

  private static List<String> ids(JsonObject diff, String list) throws IOException {
    return diff.objects(list).stream().map(f -> {
      try {
        return f.string("id");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).toList();
  }

  @Test
  void savingIsOptInThenOnByDefaultUntilNoSave() throws IOException {
    String image = build(tmp.resolve("app"), 1, "3.0.1-1", null);
    scan(image);
    assertThat(SnapshotStore.exists(db)).isFalse();
    scan(image, "--save");
    assertThat(SnapshotStore.exists(db)).isTrue();
    scan(image);
    scan(image, "--no-save");
    try (SnapshotStore store = SnapshotStore.open(db)) {
      List<Snapshot> h = store.history(image);
      assertThat(h).hasSize(2);
      assertThat(h.get(0).advisoryDataAt()).isNotNull();
      assertThat(store.analyzers(h.get(0).id())).extracting(a -> a.id()).contains("dpkg");
    }
    CliRunner both = CliRunner.run("scan", "--cache-dir", db.toString(), "--save", "--no-save", image);
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(CliRunner.run("history", "--cache-dir", tmp.resolve("none").toString(), "x").exitCode()).isEqualTo(2);
    assertThat(CliRunner.run("history", "--cache-dir", db.toString(), "-f", "xml", image).exitCode()).isEqualTo(2);
    assertThat(CliRunner.run("diff", "--cache-dir", db.toString(), "-f", "xml", "1", "1").exitCode()).isEqualTo(2);
    CliRunner unknown = CliRunner.run("diff", "--cache-dir", db.toString(), "99", "1");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no snapshot 99");
  }
}
