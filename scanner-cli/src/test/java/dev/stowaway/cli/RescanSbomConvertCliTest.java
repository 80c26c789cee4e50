package dev.stowaway.cli;

import static dev.stowaway.cli.SnapshotHistoryCliTest.record;
import static org.assertj.core.api.Assertions.assertThat;

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

/** rescan without the image, scan sbom:FILE, and convert of a saved report. */
class RescanSbomConvertCliTest {

  @TempDir
  Path tmp;

  Path db;
  Path osv;
  String image;
  Path layout;

  @BeforeEach
  void setUp() throws IOException {
    osv = Files.createDirectories(tmp.resolve("osv"));
    Files.writeString(osv.resolve("d.json"), record("CVE-2099-1004", "zlib", "0", null));
    db = tmp.resolve("db");
    assertThat(CliRunner.run("db", "import", "--cache-dir", db.toString(), osv.toString()).exitCode()).isZero();
    layout = tmp.resolve("app");
    image = SnapshotHistoryCliTest.build(layout, 1, "3.0.1-1", "7.88.1-10");
  }

  private CliRunner run(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = args[0];
    all[1] = "--cache-dir=" + db;
    System.arraycopy(args, 1, all, 2, args.length - 1);
    return CliRunner.run(all);
  }

  @Test
  void rescanReportsTheImageNewlyAffectedWithoutReadingIt() throws IOException {
    CliRunner scan = run("scan", "--save", "--scanners=vuln", image);
    assertThat(scan.exitCode()).as(scan.err()).isZero();
    CliRunner quiet = run("rescan", "-f", "json", "--all");
    assertThat(quiet.exitCode()).as(quiet.err()).isZero();
    JsonObject none = Json.parseObject(quiet.out().getBytes(StandardCharsets.UTF_8), "rescan");
    assertThat(none.objects("images")).singleElement().satisfies(i -> assertThat(i.objects("newlyAffectedBy")).isEmpty());

    // the image is gone: a re-scan can only use the recorded inventory
    try (var walk = Files.walk(layout)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    // a CVE lands today for openssl
    Path today = Files.createDirectories(tmp.resolve("today"));
    Files.writeString(today.resolve("n.json"), record("CVE-2099-2001", "openssl", "0", "3.0.9-1"));
    assertThat(CliRunner.run("db", "import", "--cache-dir", db.toString(), today.toString()).exitCode()).isZero();

    CliRunner r = run("rescan", "-f", "json", "--fail-on", "high", "--all");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    JsonObject out = Json.parseObject(r.out().getBytes(StandardCharsets.UTF_8), "rescan");
    List<JsonObject> images = out.objects("images");
    assertThat(images).hasSize(1);
    JsonObject img = images.get(0);
    assertThat(img.string("name")).isEqualTo("oci:" + layout + ":1");
    assertThat(img.objects("newlyAffectedBy")).extracting(v -> v.string("id") + " " + v.string("packageName") + " "
        + v.string("installedVersion") + " -> " + v.string("fixedVersion"))
        .containsExactly("CVE-2099-2001 openssl 3.0.1-1 -> 3.0.9-1");
    long recorded = img.longValue("snapshot");
    try (SnapshotStore store = SnapshotStore.open(db)) {
      Snapshot s = store.snapshot(recorded).orElseThrow();
      assertThat(s.origin()).isEqualTo(Snapshot.Origin.RESCAN);
      assertThat(s.basedOn()).isEqualTo(img.longValue("previousSnapshot"));
      assertThat(s.count(dev.stowaway.api.model.Severity.HIGH) + s.count(dev.stowaway.api.model.Severity.CRITICAL))
          .isEqualTo(2);
    }
    // the re-scan was recorded, so the same advisory is not news the second time
    CliRunner again = run("rescan", "--fail-on", "high", "oci:" + layout + ":1");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("Re-matched 1 image; 0 newly affected.");
    CliRunner text = run("rescan", "--no-save", "--all");
    assertThat(text.exitCode()).isZero();

    assertThat(run("rescan", "rescan-needs-a-target").exitCode()).isEqualTo(2);
    assertThat(CliRunner.run("rescan", "--cache-dir", db.toString()).exitCode()).isEqualTo(2);
  }

  @Test
  void rescanTableNamesImageAndAdvisory() throws IOException {
    assertThat(run("scan", "--save", "--scanners=vuln", image).exitCode()).isZero();
    Path today = Files.createDirectories(tmp.resolve("today"));
    Files.writeString(today.resolve("n.json"), record("CVE-2099-2002", "curl", "0", null));
    assertThat(CliRunner.run("db", "import", "--cache-dir", db.toString(), today.toString()).exitCode()).isZero();
    CliRunner r = run("rescan", "--all");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains(layout + ":1 (snapshot 1 -> 2): newly affected by 1 advisory")
        .contains("CVE-2099-2002").contains("curl 7.88.1-10").contains("1 newly affected");
  }

  @Test
  void scansOurOwnSbomsLikeTheImage() throws IOException {
    for (String format : new String[] {"cyclonedx", "spdx"}) {
      Path bom = tmp.resolve("bom." + format + ".json");
      CliRunner sbom = CliRunner.run("sbom", "-f", format, "-o", bom.toString(), image);
      assertThat(sbom.exitCode()).as(sbom.err()).isZero();
      CliRunner r = run("scan", "-f", "json", "sbom:" + bom);
      assertThat(r.exitCode()).as(format + r.err()).isZero();
      // zlib1g is judged by its source package zlib: CycloneDX carries it, our SPDX does not
      if (format.equals("cyclonedx")) {
        assertThat(r.out()).contains("\"id\" : \"CVE-2099-1004\"").contains("\"packageName\" : \"zlib1g\"");
      }
      assertThat(r.out()).contains("\"name\" : \"openssl\"").contains("\"version\" : \"3.0.1-1\"")
          .contains("\"ecosystem\" : \"Debian:12\"");
    }
  }

  @Test
  void scansASyftStyleSbomAndRecordsIt() throws IOException {
    Path bom = tmp.resolve("syft.json");
    Files.writeString(bom, """
        {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
         "metadata": {"component": {"type": "container", "name": "registry.example/team/app:7"}},
         "components": [
          {"type": "library", "name": "zlib1g", "version": "1:1.2.13.dfsg-1",
           "purl": "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&upstream=zlib&distro=debian-12"},
          {"type": "operating-system", "name": "debian", "version": "12"}]}
        """);
    CliRunner r = run("scan", "-f", "json", "--save", "sbom:" + bom);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"id\" : \"CVE-2099-1004\"").contains("\"name\" : \"registry.example/team/app:7\"");
    try (SnapshotStore store = SnapshotStore.open(db)) {
      Snapshot s = store.latest("registry.example/team/app").orElseThrow();
      assertThat(s.origin()).isEqualTo(Snapshot.Origin.SBOM);
      assertThat(s.tag()).isEqualTo("7");
    }
    Files.writeString(bom, "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.1\"}");
    CliRunner bad = run("scan", "sbom:" + bom);
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("specVersion 1.1");
  }

  @Test
  void convertReRendersASavedReportWithoutScanning() throws IOException {
    Path report = tmp.resolve("saved.json");
    CliRunner scan = run("scan", "-f", "json", "-o", report.toString(), image);
    assertThat(scan.exitCode()).as(scan.err()).isZero();
    CliRunner json = CliRunner.run("convert", "--format", "json", report.toString());
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(json.out()).isEqualTo(Files.readString(report));
    CliRunner sarif = CliRunner.run("convert", "--format", "sarif", report.toString());
    assertThat(sarif.exitCode()).isZero();
    assertThat(sarif.out()).contains("\"version\" : \"2.1.0\"").contains("CVE-2099-1004");
    for (String f : new String[] {"cyclonedx", "spdx", "junit", "table"}) {
      CliRunner c = CliRunner.run("convert", "-f", f, report.toString());
      assertThat(c.exitCode()).as(f + c.err()).isZero();
      assertThat(c.out()).as(f).contains("zlib");
    }
    assertThat(CliRunner.run("convert", "--fail-on", "high", report.toString()).exitCode()).isEqualTo(1);
    CliRunner notReport = CliRunner.run("convert", osv.resolve("d.json").toString());
    assertThat(notReport.exitCode()).isEqualTo(2);
    assertThat(notReport.err()).contains("schemaVersion");
    assertThat(CliRunner.run("convert", tmp.resolve("missing.json").toString()).exitCode()).isEqualTo(2);
  }
}
