package dev.stowaway.store;

import dev.stowaway.api.vuln.Advisory;
import dev.stowaway.api.vuln.Advisory.Affected;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Imports OSV records into a {@link SqliteAdvisoryStore} from an OSV {@code all.zip}, a folder searched
 * recursively for {@code *.json} files (other files skipped; symbolic links not followed), or one JSON
 * file holding a record or an array of records. Nothing is extracted: zip entries are read in memory,
 * each bounded by {@link #maxRecordBytes}, so entry names ({@code ../x}) and zip bombs do no harm.
 *
 * <p>A record already held is replaced by id unless the held copy has a newer {@code modified}.
 * Withdrawn records are stored and flagged. Malformed records are counted and reported, never fatal.
 * One import is one transaction: if it fails, nothing of it is kept.
 *
 * <p>Not thread-safe; one importer per import. Writers to one file are serialised by SQLite.
 *
 * @see <a href="https://ossf.github.io/osv-schema/">OSV schema</a>
 * @see <a href="https://google.github.io/osv.dev/data/#data-dumps">OSV data dumps (all.zip)</a>
 */
public final class OsvImporter {
  /** The default bound on one record's size. */
  public static final long DEFAULT_MAX_RECORD_BYTES = 16L * 1024 * 1024;
  private static final int MAX_PROBLEMS = 100;

  private final SqliteAdvisoryStore store;
  private final Clock clock;
  private long maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;

  /**
   * Creates an importer writing into a store.
   *
   * @param store the store; not null; stays owned by the caller
   */
  public OsvImporter(SqliteAdvisoryStore store) {
    this(store, Clock.systemUTC());
  }

  /**
   * Creates an importer with a clock for the recorded import time.
   *
   * @param store the store; not null
   * @param clock the clock; not null
   */
  public OsvImporter(SqliteAdvisoryStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Sets the bound on one record's size; larger records are counted as malformed.
   *
   * @param bytes the bound, positive
   * @return this importer
   */
  public OsvImporter maxRecordBytes(long bytes) {
    if (bytes <= 0 || bytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxRecordBytes out of range: " + bytes);
    }
    maxRecordBytes = bytes;
    return this;
  }

  /**
   * Imports a zip, a folder or a JSON file, recording the path as the source.
   *
   * @param path the data; not null
   * @return what was done
   * @throws IOException if the path cannot be read, or a zip is corrupt (nothing is kept then)
   */
  public ImportReport importPath(Path path) throws IOException {
    return importPath(path, path.toAbsolutePath().toString());
  }

  /**
   * Imports a zip, a folder or a JSON file.
   *
   * @param path the data; not null
   * @param source what to record as the source (such as the URL it was downloaded from); not null
   * @return what was done
   * @throws IOException if the path cannot be read, or a zip is corrupt (nothing is kept then)
   */
  public ImportReport importPath(Path path, String source) throws IOException {
    return importPath(path, source, List.of());
  }

  /**
   * Imports, first deleting what the database holds for some ecosystems (a full refresh of them).
   *
   * @param path the data; not null
   * @param source what to record as the source; not null
   * @param replaceEcosystems base ecosystems ({@code Debian}) whose entries are deleted first, in the
   *     same transaction; not null
   * @return what was done
   * @throws IOException if the path cannot be read, or a zip is corrupt (nothing is kept then)
   */
  public ImportReport importPath(Path path, String source, List<String> replaceEcosystems) throws IOException {
    if (!Files.exists(path)) {
      throw new IOException("no such file or directory: " + path);
    }
    try (Connection c = store.connect(false)) {
      c.setAutoCommit(false);
      Run run = new Run(c, source);
      try {
        for (String eco : replaceEcosystems) {
          run.deleteEcosystem(eco);
        }
        if (Files.isDirectory(path)) {
          run.importFolder(path);
        } else if (isZip(path)) {
          run.importZip(path);
        } else {
          run.importRecordFile(path.getFileName().toString(), Files.newInputStream(path));
        }
        ImportReport report = run.finish();
        SqliteAdvisoryStore.newContentVersion(c); // results matched against the old data are not reused
        c.commit();
        return report;
      } catch (IOException | RuntimeException | SQLException e) {
        c.rollback();
        throw e;
      } finally {
        run.close();
      }
    } catch (SQLException e) {
      throw new AdvisoryStoreException("cannot write advisory database " + store.file() + ": " + e.getMessage(), e);
    }
  }

  private static boolean isZip(Path path) throws IOException {
    if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
      return true;
    }
    try (InputStream in = Files.newInputStream(path)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    }
  }

  /** One import's state: statements, counters, ecosystems touched. */
  private final class Run {
    private final Connection c;
    private final String source;
    private final PreparedStatement selectModified;
    private final PreparedStatement deleteAffected;
    private final PreparedStatement upsertAdvisory;
    private final PreparedStatement upsertRaw;
    private final PreparedStatement insertAffected;
    private final PreparedStatement heldEcosystems;
    private final Set<String> touched = new TreeSet<>();
    /** Base ecosystems whose package index is rebuilt at the end: touched ones and those a replaced record left. */
    private final Set<String> reindex = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();
    private long imported;
    private long skippedOlder;
    private long withdrawn;
    private long malformed;
    private long skippedFiles;

    Run(Connection c, String source) throws SQLException {
      this.c = c;
      this.source = source;
      selectModified = c.prepareStatement("SELECT modified FROM advisory WHERE id = ?");
      deleteAffected = c.prepareStatement("DELETE FROM affected WHERE advisory_id = ?");
      upsertAdvisory = c.prepareStatement(
          "INSERT OR REPLACE INTO advisory(id, modified, withdrawn, record) VALUES (?, ?, ?, ?)");
      upsertRaw = c.prepareStatement("INSERT OR REPLACE INTO advisory_raw(id, raw) VALUES (?, ?)");
      insertAffected = c.prepareStatement("INSERT INTO affected(advisory_id, ecosystem, base_ecosystem, name, entry,"
          + " summary) VALUES (?, ?, ?, ?, ?, ?)");
      heldEcosystems = c.prepareStatement("SELECT DISTINCT base_ecosystem FROM affected WHERE advisory_id = ?");
    }

    void deleteEcosystem(String eco) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM affected WHERE base_ecosystem = ?")) {
        ps.setString(1, eco);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM advisory WHERE NOT EXISTS (SELECT 1 FROM affected f WHERE f.advisory_id = advisory.id)")) {
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM advisory_raw WHERE NOT EXISTS (SELECT 1 FROM advisory a WHERE a.id = advisory_raw.id)")) {
        ps.executeUpdate();
      }
      touched.add(eco);
    }

    void importFolder(Path dir) throws IOException, SQLException {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(dir)) {
        files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
      }
      for (Path f : files) {
        if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
          importRecordFile(dir.relativize(f).toString(), Files.newInputStream(f));
        } else {
          skippedFiles++;
        }
      }
    }

    void importZip(Path zip) throws IOException, SQLException {
      ZipFile zf;
      try {
        zf = new ZipFile(zip.toFile());
      } catch (ZipException e) {
        throw new IOException("corrupt or truncated zip " + zip + ": " + e.getMessage(), e);
      }
      try (zf) {
        Enumeration<? extends ZipEntry> entries = zf.entries();
        while (entries.hasMoreElements()) {
          ZipEntry entry = entries.nextElement();
          if (entry.isDirectory()) {
            continue;
          }
          if (!entry.getName().toLowerCase(Locale.ROOT).endsWith(".json")) {
            skippedFiles++;
            continue;
          }
          try {
            importRecordFile(entry.getName(), zf.getInputStream(entry));
          } catch (ZipException e) {
            throw new IOException("corrupt zip " + zip + " at entry " + entry.getName() + ": " + e.getMessage(), e);
          }
        }
      }
    }

    /** Reads one file or entry (closing the stream) and stores its record or records. */
    void importRecordFile(String name, InputStream stream) throws IOException, SQLException {
      byte[] bytes;
      try (InputStream in = stream) {
        bytes = readBounded(in);
      }
      if (bytes == null) {
        problem(name, "larger than " + maxRecordBytes + " bytes");
        return;
      }
      Object tree;
      try {
        tree = JsonTree.parse(bytes);
      } catch (IOException e) {
        problem(name, "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        return;
      }
      if (tree instanceof List<?> list) {
        for (Object o : list) {
          store(name, o, JsonTree.write(o));
        }
      } else {
        store(name, tree, new String(bytes, StandardCharsets.UTF_8));
      }
    }

    private byte[] readBounded(InputStream in) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxRecordBytes) {
          return null;
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }

    private void store(String name, Object tree, String raw) throws SQLException {
      Advisory a;
      try {
        a = OsvRecordParser.parse(tree);
      } catch (MalformedRecordException e) {
        problem(name, e.getMessage());
        return;
      }
      for (Affected af : a.affected()) {
        touched.add(SqliteAdvisoryStore.baseEcosystem(af.ecosystem()));
      }
      selectModified.setString(1, a.id());
      try (ResultSet rs = selectModified.executeQuery()) {
        if (rs.next()) {
          Instant held = rs.getString(1) == null ? null : Instant.parse(rs.getString(1));
          if (held != null && (a.modified() == null || held.isAfter(a.modified()))) {
            skippedOlder++;
            return;
          }
          heldEcosystems.setString(1, a.id()); // the replaced copy's entries leave these ecosystems' index rows
          try (ResultSet held2 = heldEcosystems.executeQuery()) {
            while (held2.next()) {
              reindex.add(held2.getString(1));
            }
          }
        }
      }
      deleteAffected.setString(1, a.id());
      deleteAffected.executeUpdate();
      upsertAdvisory.setString(1, a.id());
      upsertAdvisory.setString(2, text(a.modified()));
      upsertAdvisory.setString(3, text(a.withdrawn()));
      upsertAdvisory.setBytes(4, AdvisoryCodec.encodeRecord(a));
      upsertAdvisory.executeUpdate();
      upsertRaw.setString(1, a.id());
      upsertRaw.setString(2, raw);
      upsertRaw.executeUpdate();
      for (Affected af : a.affected()) {
        insertAffected.setString(1, a.id());
        insertAffected.setString(2, af.ecosystem());
        insertAffected.setString(3, SqliteAdvisoryStore.baseEcosystem(af.ecosystem()));
        insertAffected.setString(4, SqliteAdvisoryStore.nameKey(af.ecosystem(), af.packageName()));
        insertAffected.setBytes(5, AdvisoryCodec.encodeEntry(af));
        insertAffected.setBytes(6, AdvisoryCodec.encodeSummary(af));
        insertAffected.addBatch();
      }
      insertAffected.executeBatch();
      imported++;
      if (a.isWithdrawn()) {
        withdrawn++;
      }
    }

    private void problem(String name, String message) {
      malformed++;
      if (problems.size() < MAX_PROBLEMS) {
        problems.add(name + ": " + message);
      }
    }

    ImportReport finish() throws SQLException {
      reindex.addAll(touched);
      for (String eco : reindex) {
        rebuildPackageIndex(eco);
      }
      TreeMap<String, Long> counts = new TreeMap<>();
      String now = clock.instant().toString();
      try (PreparedStatement count = c.prepareStatement(
              "SELECT count(DISTINCT advisory_id) FROM affected WHERE base_ecosystem = ?");
           PreparedStatement upsert = c.prepareStatement("INSERT OR REPLACE INTO ecosystem_status(ecosystem,"
               + " source, imported_at, record_count) VALUES (?, ?, ?, ?)")) {
        for (String eco : touched) {
          count.setString(1, eco);
          long n;
          try (ResultSet rs = count.executeQuery()) {
            rs.next();
            n = rs.getLong(1);
          }
          counts.put(eco, n);
          upsert.setString(1, eco);
          upsert.setString(2, source);
          upsert.setString(3, now);
          upsert.setLong(4, n);
          upsert.executeUpdate();
        }
      }
      return new ImportReport(source, imported, skippedOlder, withdrawn, malformed, skippedFiles, problems, counts);
    }

    /**
     * Rewrites the package-index rows of one base ecosystem from its affected rows: one row per (name,
     * ecosystem), entries in record id then entry order, rows written in name order so the names of a look-up
     * chunk sit on few pages. Cheaper than keeping concatenated rows up to date record by record.
     */
    private void rebuildPackageIndex(String eco) throws SQLException {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM package_index WHERE base_ecosystem = ?");
           PreparedStatement select = c.prepareStatement("SELECT f.name, f.ecosystem, f.id, f.advisory_id,"
               + " a.withdrawn IS NOT NULL, f.summary FROM affected f JOIN advisory a ON a.id = f.advisory_id"
               + " WHERE f.base_ecosystem = ? ORDER BY f.name, f.ecosystem, f.advisory_id, f.id");
           PreparedStatement insert = c.prepareStatement(
               "INSERT INTO package_index(name, ecosystem, base_ecosystem, entries) VALUES (?, ?, ?, ?)")) {
        delete.setString(1, eco);
        delete.executeUpdate();
        select.setString(1, eco);
        String name = null;
        String ecosystem = null;
        AdvisoryCodec.Bytes row = new AdvisoryCodec.Bytes(256);
        int pending = 0;
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            String n = rs.getString(1);
            String e = rs.getString(2);
            if (name != null && (!name.equals(n) || !ecosystem.equals(e))) {
              pending = addIndexRow(insert, name, ecosystem, eco, row, pending);
            }
            name = n;
            ecosystem = e;
            AdvisoryCodec.appendIndexEntry(row, rs.getLong(3), rs.getString(4), rs.getBoolean(5), rs.getBytes(6));
          }
        }
        if (name != null) {
          addIndexRow(insert, name, ecosystem, eco, row, pending);
        }
        insert.executeBatch();
      }
    }

    private static int addIndexRow(PreparedStatement insert, String name, String ecosystem, String base,
        AdvisoryCodec.Bytes row, int pending) throws SQLException {
      insert.setString(1, name);
      insert.setString(2, ecosystem);
      insert.setString(3, base);
      insert.setBytes(4, row.toByteArray());
      insert.addBatch();
      row.reset();
      if (pending + 1 >= 1_000) {
        insert.executeBatch();
        return 0;
      }
      return pending + 1;
    }

    void close() throws SQLException {
      heldEcosystems.close();
      selectModified.close();
      deleteAffected.close();
      upsertAdvisory.close();
      upsertRaw.close();
      insertAffected.close();
    }

    private static String text(Instant t) {
      return t == null ? null : t.toString();
    }
  }
}
