package dev.stowaway.store;

import static dev.stowaway.store.OsvTestRecords.record;
import static dev.stowaway.store.OsvTestRecords.utf8;
import static dev.stowaway.store.OsvTestRecords.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.vuln.Advisory;
import dev.stowaway.api.vuln.Advisory.Event;
import dev.stowaway.api.vuln.Advisory.EventKind;
import dev.stowaway.api.vuln.Advisory.RangeType;
import dev.stowaway.api.vuln.AdvisorySource.EcosystemData;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsvImporterTest {
  private static final Instant NOW = Instant.parse("2026-11-28T08:00:00Z");

  @TempDir Path tmp;

  private SqliteAdvisoryStore store() {
    return SqliteAdvisoryStore.open(tmp.resolve("cache"));
  }

  private OsvImporter importer(SqliteAdvisoryStore store) {
    return new OsvImporter(store, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void everyRealRecordImportsWithCountsPerEcosystem() throws IOException {
    Path osv = SharedTestData.testdata("osv");
    long files;
    try (Stream<Path> s = Files.walk(osv)) {
      files = s.filter(p -> p.toString().endsWith(".json")).count();
    }
    try (SqliteAdvisoryStore store = store()) {
      ImportReport report = importer(store).importPath(osv);
      assertThat(report.problems()).isEmpty();
      assertThat(report.malformed()).isZero();
      assertThat(report.imported()).isEqualTo(files).isEqualTo(274);
      assertThat(report.skippedFiles()).isEqualTo(16); // INDEX.md, SOURCES.md and 14 folder SOURCES.md
      assertThat(store.recordCount()).isEqualTo(274);
      // Folder counts from INDEX.md, plus records of other folders with entries in the ecosystem:
      // Alpine/CVE-2024-10524 also covers Debian:11/12 and Chainguard/CGA-* also covers Wolfi.
      Map<String, Long> expected = new LinkedHashMap<>();
      expected.put("AlmaLinux", 4L);
      expected.put("Chainguard", 1L);
      expected.put("Debian", 5L);
      expected.put("Maven", 13L);
      expected.put("NuGet", 1L);
      expected.put("PyPI", 104L);
      expected.put("Red Hat", 3L);
      expected.put("Rocky Linux", 2L);
      expected.put("RubyGems", 5L);
      expected.put("Ubuntu", 6L);
      expected.put("Wolfi", 1L);
      expected.put("crates.io", 52L);
      expected.put("npm", 10L);
      assertThat(report.recordsPerEcosystem()).containsAllEntriesOf(expected);
      assertThat(report.recordsPerEcosystem().get("Alpine")).isEqualTo(3L);
      assertThat(report.recordsPerEcosystem().get("Go")).isEqualTo(66L);
      List<EcosystemData> status = store.status();
      assertThat(status).extracting(EcosystemData::ecosystem).contains("Debian", "Go", "npm");
      assertThat(status).allSatisfy(d -> {
        assertThat(d.importedAt()).isEqualTo(NOW);
        assertThat(d.source()).isEqualTo(osv.toAbsolutePath().toString());
        assertThat(d.recordCount()).isEqualTo(report.recordsPerEcosystem().get(d.ecosystem()));
      });
      assertThat(store.rawJson("DSA-3029-1")).contains("Antoine Delignat-Lavaud");
    }
  }

  @Test
  void everyImportGivesTheDatabaseANewContentVersion() throws IOException {
    Path record = tmp.resolve("r.json");
    java.nio.file.Files.writeString(record, OsvTestRecords.record("CVE-2099-1", "2024-01-01T00:00:00Z", "Debian:12",
        "curl", "7.88.1-10+deb12u6"));
    try (SqliteAdvisoryStore store = store()) {
      String created = store.contentVersion().orElseThrow();
      assertThat(store.contentVersion()).contains(created); // stable while nothing is written
      importer(store).importPath(record);
      String first = store.contentVersion().orElseThrow();
      // the same record again, at the same (fixed) time and count: the data may be unchanged, the version is not
      importer(store).importPath(record);
      String second = store.contentVersion().orElseThrow();
      assertThat(java.util.List.of(created, first, second)).doesNotHaveDuplicates();
      assertThat(first).contains("Debian " + NOW + " 1");
    }
  }

  @Test
  void findByExactEcosystemOrReleasePrefixAndNormalisedPyPiName() throws IOException {
    try (SqliteAdvisoryStore store = store()) {
      importer(store).importPath(SharedTestData.testdata("osv"));
      List<Advisory> nginx = store.find("Debian:7", "nginx");
      assertThat(nginx).extracting(Advisory::id).containsExactly("DSA-3029-1");
      Advisory a = nginx.get(0);
      assertThat(a.aliases()).containsExactly("CVE-2014-3616");
      assertThat(a.modified()).isEqualTo(Instant.parse("2014-09-20T08:18:07Z"));
      assertThat(a.references()).containsExactly("https://www.debian.org/security/2014/dsa-3029");
      assertThat(a.affected()).hasSize(1);
      assertThat(a.affected().get(0).ranges().get(0).type()).isEqualTo(RangeType.ECOSYSTEM);
      assertThat(a.affected().get(0).ranges().get(0).events()).containsExactly(
          new Event(EventKind.INTRODUCED, "0"), new Event(EventKind.FIXED, "1.2.1-2.2+wheezy3"));
      assertThat(store.find("Debian", "nginx")).hasSize(1);
      assertThat(store.find("Debian:12", "nginx")).isEmpty();
      assertThat(store.find("Debia", "nginx")).isEmpty();
      assertThat(store.find("Ubuntu:22.04", "curl")).isNotEmpty()
          .allSatisfy(adv -> assertThat(adv.affected()).allSatisfy(
              af -> assertThat(af.ecosystem()).startsWith("Ubuntu:22.04:")));
      assertThat(store.find("PyPI", "Django")).isNotEmpty();
      assertThat(store.find("PyPI", "PyYAML")).hasSameSizeAs(store.find("PyPI", "pyyaml")).isNotEmpty();
      List<Advisory> log4j = store.find("Maven", "org.apache.logging.log4j:log4j-core");
      assertThat(log4j).extracting(Advisory::id).contains("GHSA-jfh8-c2jp-5v3q");
      assertThat(log4j.stream().filter(x -> x.id().equals("GHSA-jfh8-c2jp-5v3q")).findFirst().orElseThrow()
          .severity()).extracting(Advisory.SeverityEntry::type).contains("CVSS_V3");
    }
  }

  @Test
  void zipImportSkipsOtherFilesAndCountsMalformedAndOversizedEntries() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("A-1.json", utf8(record("A-1", "2024-01-01T00:00:00Z", "npm", "left-pad", "1.0.1")));
    entries.put("../../escape/A-2.json", utf8(record("A-2", "2024-01-01T00:00:00Z", "npm", "right-pad", "2.0.0")));
    entries.put("README.md", utf8("not a record"));
    entries.put("broken.json", utf8("{\"id\": \"B-1\", \"affected\": ["));
    entries.put("noid.json", utf8("{\"affected\": []}"));
    entries.put("badrange.json", utf8("{\"id\":\"B-2\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
        + "\"name\":\"x\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"fixed\":1}]}]}]}"));
    byte[] bomb = new byte[4 * 1024 * 1024];
    Arrays.fill(bomb, (byte) ' ');
    entries.put("bomb.json", bomb);
    Path zip = tmp.resolve("all.zip");
    Files.write(zip, zip(entries));
    try (SqliteAdvisoryStore store = store()) {
      ImportReport report = importer(store).maxRecordBytes(1024 * 1024).importPath(zip);
      assertThat(report.imported()).isEqualTo(2);
      assertThat(report.malformed()).isEqualTo(4);
      assertThat(report.skippedFiles()).isEqualTo(1);
      assertThat(report.problems()).anySatisfy(p -> assertThat(p).startsWith("broken.json: not valid JSON"))
          .anySatisfy(p -> assertThat(p).isEqualTo("noid.json: missing \"id\""))
          .anySatisfy(p -> assertThat(p).isEqualTo("badrange.json: B-2: event fixed is not a string"))
          .anySatisfy(p -> assertThat(p).isEqualTo("bomb.json: larger than 1048576 bytes"));
      assertThat(report.recordsPerEcosystem()).isEqualTo(Map.of("npm", 2L));
      assertThat(store.find("npm", "right-pad")).extracting(Advisory::id).containsExactly("A-2");
    }
    assertThat(tmp.resolve("escape")).doesNotExist();
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
          .containsExactlyInAnyOrder("all.zip", "cache");
    }
  }

  @Test
  void reimportKeepsTheNewerModifiedAndWithdrawnRecordsAreFlagged() throws IOException {
    Path older = tmp.resolve("older.json");
    Path newer = tmp.resolve("newer.json");
    Files.writeString(older, record("R-1", "2024-01-01T00:00:00Z", "npm", "pkg", "1.0.0"));
    Files.writeString(newer, record("R-1", "2024-06-01T00:00:00Z", "npm", "pkg", "1.0.1"));
    Path withdrawn = tmp.resolve("withdrawn.json");
    Files.writeString(withdrawn, record("W-1", "2024-01-01T00:00:00Z", "npm", "pkg", "3.0.0")
        .replace("\"modified\"", "\"withdrawn\":\"2024-02-02T00:00:00Z\",\"modified\""));
    try (SqliteAdvisoryStore store = store()) {
      OsvImporter importer = importer(store);
      assertThat(importer.importPath(newer).imported()).isEqualTo(1);
      ImportReport again = importer.importPath(older);
      assertThat(again.imported()).isZero();
      assertThat(again.skippedOlder()).isEqualTo(1);
      assertThat(store.find("npm", "pkg").get(0).summary()).isEqualTo("summary of R-1 at 2024-06-01T00:00:00Z");
      Files.writeString(newer, record("R-1", "2024-07-01T00:00:00Z", "npm", "other", "1.0.2"));
      assertThat(importer.importPath(newer).imported()).isEqualTo(1);
      assertThat(store.find("npm", "pkg")).isEmpty(); // the replaced copy's entries are gone
      assertThat(store.find("npm", "other")).hasSize(1);
      ImportReport w = importer.importPath(withdrawn);
      assertThat(w.withdrawn()).isEqualTo(1);
      Advisory wa = store.find("npm", "pkg").get(0);
      assertThat(wa.isWithdrawn()).isTrue();
      assertThat(wa.withdrawn()).isEqualTo(Instant.parse("2024-02-02T00:00:00Z"));
      assertThat(store.recordCount()).isEqualTo(2);
    }
  }

  @Test
  void jsonFileWithAnArrayOfRecordsImportsEach() throws IOException {
    Path f = tmp.resolve("list.json");
    Files.writeString(f, "[" + record("L-1", "2024-01-01T00:00:00Z", "PyPI", "Foo_Bar", "1.0") + ","
        + record("L-2", "2024-01-01T00:00:00Z", "PyPI", "foo.bar", "2.0") + "]");
    try (SqliteAdvisoryStore store = store()) {
      assertThat(importer(store).importPath(f).imported()).isEqualTo(2);
      assertThat(store.find("PyPI", "FOO-bar")).extracting(Advisory::id).containsExactly("L-1", "L-2");
    }
  }

  @Test
  void corruptZipIsRefusedAndNothingIsKept() throws IOException {
    Path zip = tmp.resolve("all.zip");
    byte[] good = zip(Map.of("A.json", utf8(record("A", "2024-01-01T00:00:00Z", "npm", "a", "1"))));
    Files.write(zip, Arrays.copyOf(good, good.length - 10)); // truncated: no central directory
    try (SqliteAdvisoryStore store = store()) {
      assertThatThrownBy(() -> importer(store).importPath(zip)).isInstanceOf(IOException.class)
          .hasMessageContaining("corrupt or truncated zip");
      assertThat(store.recordCount()).isZero();
      assertThat(store.status()).isEmpty();
    }
  }

  @Test
  void folderImportSearchesRecursivelyAndDoesNotFollowSymbolicLinks() throws IOException {
    Path outside = tmp.resolve("outside.json");
    Files.writeString(outside, record("OUT-1", "2024-01-01T00:00:00Z", "npm", "outside", "1"));
    Path dir = Files.createDirectories(tmp.resolve("data/deep/er"));
    Files.writeString(dir.resolve("IN-1.json"), record("IN-1", "2024-01-01T00:00:00Z", "npm", "inside", "1"));
    Files.writeString(dir.resolve("notes.txt"), "skipped");
    Files.createSymbolicLink(tmp.resolve("data/link.json"), outside);
    try (SqliteAdvisoryStore store = store()) {
      ImportReport report = importer(store).importPath(tmp.resolve("data"));
      assertThat(report.imported()).isEqualTo(1);
      assertThat(report.skippedFiles()).isEqualTo(1);
      assertThat(store.find("npm", "outside")).isEmpty();
      assertThat(store.find("npm", "inside")).hasSize(1);
    }
  }

  @Test
  void missingPathIsAClearError() {
    try (SqliteAdvisoryStore store = store()) {
      assertThatThrownBy(() -> importer(store).importPath(tmp.resolve("nope")))
          .isInstanceOf(IOException.class).hasMessageContaining("no such file or directory");
    }
  }
}
