package dev.stowaway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.vuln.Advisory;
import dev.stowaway.core.testing.SharedTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAdvisoryStoreTest {
  @TempDir Path tmp;

  private void setSchemaVersion(Path db, String v) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE meta SET value = '" + v + "' WHERE key = 'schema_version'");
    }
  }

  @Test
  void createsAnEmptyVersionedDatabaseInTheCacheDir() {
    Path cache = tmp.resolve("a/b/cache");
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(cache)) {
      assertThat(store.file()).isEqualTo(cache.resolve("advisories.db").toAbsolutePath());
      assertThat(store.recordCount()).isZero();
      assertThat(store.status()).isEmpty();
      assertThat(store.find("npm", "x")).isEmpty();
    }
    try (SqliteAdvisoryStore again = SqliteAdvisoryStore.open(cache)) {
      assertThat(again.recordCount()).isZero();
    }
  }

  @Test
  void findAllAnswersManyPackagesAsFindDoesForEach() throws Exception {
    Path osv = Files.createDirectories(tmp.resolve("osv"));
    for (int i = 0; i < 600; i++) { // more names than one query takes
      Files.writeString(osv.resolve("N-" + i + ".json"),
          OsvTestRecords.record("N-" + i, "2024-01-01T00:00:00Z", "npm", "pkg-" + i, "1.0." + i));
    }
    Files.writeString(osv.resolve("D-1.json"), OsvTestRecords.record("D-1", "2024-01-01T00:00:00Z", "Debian:12",
        "openssl", "3.0.11-1"));
    Files.writeString(osv.resolve("P-1.json"), OsvTestRecords.record("P-1", "2024-01-01T00:00:00Z", "PyPI",
        "Zope.Interface", "5.0"));
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(tmp.resolve("cache"))) {
      new OsvImporter(store).importPath(osv);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 700; i++) {
        names.add("pkg-" + i);
      }
      java.util.Map<String, List<Advisory>> all = store.findAll("npm", names);
      assertThat(all).hasSize(700);
      for (String n : names) {
        assertThat(all.get(n)).as(n).isEqualTo(store.find("npm", n));
      }
      assertThat(all.get("pkg-599")).extracting(Advisory::id).containsExactly("N-599");
      assertThat(all.get("pkg-600")).isEmpty();
      assertThat(store.findAll("Debian", List.of("openssl")).get("openssl")).extracting(Advisory::id)
          .containsExactly("D-1");
      assertThat(store.findAll("PyPI", List.of("zope_interface", "ZOPE.interface")))
          .allSatisfy((name, found) -> assertThat(found).extracting(Advisory::id).containsExactly("P-1"));
    }
  }

  @Test
  void newerSchemaIsDetectedNotRead() throws Exception {
    SqliteAdvisoryStore.open(tmp).close();
    setSchemaVersion(tmp.resolve("advisories.db"), "7");
    assertThatThrownBy(() -> SqliteAdvisoryStore.open(tmp)).isInstanceOfSatisfying(SchemaVersionException.class,
        e -> {
          assertThat(e.found()).isEqualTo(7);
          assertThat(e.expected()).isEqualTo(SqliteAdvisoryStore.SCHEMA_VERSION);
          assertThat(e).hasMessageContaining("schema version 7").hasMessageContaining("newer Stowaway");
        });
  }

  @Test
  void olderSchemaIsDetectedNotRead() throws Exception {
    SqliteAdvisoryStore.open(tmp).close();
    setSchemaVersion(tmp.resolve("advisories.db"), "0");
    assertThatThrownBy(() -> SqliteAdvisoryStore.open(tmp)).isInstanceOf(SchemaVersionException.class)
        .hasMessageContaining("schema version 0").hasMessageContaining("older Stowaway")
        .hasMessageContaining("db update");
  }

  @Test
  void aSchemaOneDatabaseIsReportedAsOlderNotMisread() throws Exception {
    Path db = Files.createDirectories(tmp.resolve("v1")).resolve("advisories.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      // the tables schema 1 had: affected rows without ids or summaries, no package index
      st.executeUpdate("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      st.executeUpdate("CREATE TABLE advisory(id TEXT PRIMARY KEY, modified TEXT, published TEXT, withdrawn TEXT,"
          + " summary TEXT, details TEXT, aliases TEXT NOT NULL, severity TEXT NOT NULL, refs TEXT NOT NULL,"
          + " raw TEXT NOT NULL)");
      st.executeUpdate("CREATE TABLE affected(advisory_id TEXT NOT NULL, ecosystem TEXT NOT NULL,"
          + " base_ecosystem TEXT NOT NULL, name TEXT NOT NULL, entry TEXT NOT NULL)");
      st.executeUpdate("INSERT INTO meta(key, value) VALUES ('schema_version', '1')");
    }
    assertThatThrownBy(() -> SqliteAdvisoryStore.openFile(db)).isInstanceOfSatisfying(SchemaVersionException.class,
        e -> {
          assertThat(e.found()).isEqualTo(1);
          assertThat(e.expected()).isEqualTo(2);
          assertThat(e).hasMessageContaining("older Stowaway").hasMessageContaining("db update");
        });
  }

  @Test
  void filteredLookUpsReturnOnlyKeptEntriesInFindAllsOrder() throws Exception {
    Path osv = Files.createDirectories(tmp.resolve("osv"));
    for (int i = 0; i < 5; i++) {
      Files.writeString(osv.resolve("N-" + i + ".json"),
          OsvTestRecords.record("N-" + i, "2024-01-01T00:00:00Z", "npm", "pkg", "1." + i));
    }
    Files.writeString(osv.resolve("D-1.json"), OsvTestRecords.record("D-1", "2024-01-01T00:00:00Z", "Debian:12",
        "openssl", "3.0.11-1"));
    Files.writeString(osv.resolve("D-0.json"), OsvTestRecords.record("D-0", "2024-01-01T00:00:00Z", "Debian:11",
        "openssl", "1.1.1"));
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(tmp.resolve("cache"))) {
      new OsvImporter(store).importPath(osv);
      List<String> seen = new ArrayList<>();
      java.util.Map<String, List<Advisory>> kept = store.findAll("npm", List.of("pkg", "other"),
          (key, summary, withdrawn) -> {
            seen.add(key + " " + summary.ecosystem() + " " + summary.ranges().get(0).events().get(1).version());
            return !summary.ranges().get(0).events().get(1).version().equals("1.2");
          });
      assertThat(seen).containsExactlyInAnyOrder("pkg npm 1.0", "pkg npm 1.1", "pkg npm 1.2", "pkg npm 1.3",
          "pkg npm 1.4");
      assertThat(kept.get("pkg")).extracting(Advisory::id).containsExactly("N-0", "N-1", "N-3", "N-4");
      assertThat(kept.get("other")).isEmpty();
      // kept records are whole: the same as the unfiltered look-up gives
      assertThat(kept.get("pkg")).isSubsetOf(store.find("npm", "pkg"));
      assertThat(kept.get("pkg").get(0).summary()).isEqualTo("summary of N-0 at 2024-01-01T00:00:00Z");
      // Debian finds both releases' rows, merged by record id
      assertThat(store.find("Debian", "openssl")).extracting(Advisory::id).containsExactly("D-0", "D-1");
      assertThat(store.findAll("Debian", List.of("openssl"), (k, s, w) -> s.ecosystem().equals("Debian:12"))
          .get("openssl")).extracting(Advisory::id).containsExactly("D-1");
    }
  }

  @Test
  void aReplacedRecordLeavesNoStaleIndexEntries() throws Exception {
    Path first = Files.createDirectories(tmp.resolve("first"));
    Files.writeString(first.resolve("X-1.json"), OsvTestRecords.record("X-1", "2024-01-01T00:00:00Z", "npm",
        "left-pad", "1.0"));
    Path second = Files.createDirectories(tmp.resolve("second"));
    // the newer copy names another package in another ecosystem: npm's index row must lose the entry
    Files.writeString(second.resolve("X-1.json"), OsvTestRecords.record("X-1", "2024-02-01T00:00:00Z", "PyPI",
        "requests", "2.0"));
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(tmp.resolve("cache"))) {
      new OsvImporter(store).importPath(first);
      assertThat(store.find("npm", "left-pad")).hasSize(1);
      new OsvImporter(store).importPath(second);
      assertThat(store.find("npm", "left-pad")).isEmpty();
      assertThat(store.find("PyPI", "Requests")).extracting(Advisory::id).containsExactly("X-1");
    }
  }

  @Test
  void foreignSqliteAndNonSqliteFilesAreRefused() throws Exception {
    Path foreign = tmp.resolve("foreign");
    Files.createDirectories(foreign);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign.resolve("advisories.db"));
         Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE something(x)");
    }
    assertThatThrownBy(() -> SqliteAdvisoryStore.open(foreign)).isInstanceOf(AdvisoryStoreException.class)
        .hasMessageContaining("not a Stowaway advisory database");
    Path text = tmp.resolve("text");
    Files.createDirectories(text);
    Files.writeString(text.resolve("advisories.db"), "this is not a database, just some text ".repeat(100));
    assertThatThrownBy(() -> SqliteAdvisoryStore.open(text)).isInstanceOf(AdvisoryStoreException.class)
        .hasMessageContaining("advisories.db");
  }

  @Test
  void concurrentReadersSeeTheSameAnswers() throws Exception {
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(tmp)) {
      new OsvImporter(store).importPath(SharedTestData.testdata("osv"));
      List<String[]> queries = List.of(new String[] {"Debian:7", "nginx"}, new String[] {"npm", "lodash"},
          new String[] {"Maven", "org.apache.logging.log4j:log4j-core"}, new String[] {"PyPI", "django"},
          new String[] {"Go", "stdlib"});
      List<List<String>> expected = new ArrayList<>();
      for (String[] q : queries) {
        expected.add(store.find(q[0], q[1]).stream().map(Advisory::id).toList());
      }
      assertThat(expected).allSatisfy(ids -> assertThat(ids).isNotEmpty());
      ExecutorService pool = Executors.newFixedThreadPool(12);
      try {
        List<Future<Boolean>> futures = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
          futures.add(pool.submit(() -> {
            for (int i = 0; i < 100; i++) {
              int k = i % queries.size();
              List<String> got = store.find(queries.get(k)[0], queries.get(k)[1]).stream().map(Advisory::id).toList();
              if (!got.equals(expected.get(k))) {
                return false;
              }
            }
            return true;
          }));
        }
        for (Future<Boolean> f : futures) {
          assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void closedStoreRejectsLookups() {
    SqliteAdvisoryStore store = SqliteAdvisoryStore.open(tmp);
    store.close();
    assertThatThrownBy(() -> store.find("npm", "x")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void nameKeysAndBaseEcosystems() {
    assertThat(SqliteAdvisoryStore.nameKey("PyPI", "Zope.Interface__x")).isEqualTo("zope-interface-x");
    assertThat(SqliteAdvisoryStore.nameKey("npm", "Foo_Bar")).isEqualTo("Foo_Bar");
    assertThat(SqliteAdvisoryStore.baseEcosystem("Red Hat:rhel_eus:8.8::baseos")).isEqualTo("Red Hat");
    assertThat(SqliteAdvisoryStore.baseEcosystem("npm")).isEqualTo("npm");
  }
}
