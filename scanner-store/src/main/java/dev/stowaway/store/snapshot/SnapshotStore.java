package dev.stowaway.store.snapshot;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.report.AnalyzerInfo;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.api.vuln.AdvisorySource;
import dev.stowaway.core.ResultOrder;
import dev.stowaway.core.ScannerVersion;
import dev.stowaway.core.diff.ScanDiff;
import dev.stowaway.core.report.JsonReportReader;
import dev.stowaway.core.report.JsonReporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The history of scans: one SQLite file ({@value #FILE_NAME}, next to the advisory database in the cache
 * directory, or any file an embedder chooses with {@link #openFile}) holding one snapshot per recorded
 * scan: image name, repository and tag, manifest and config digests, time, scanner and analyzer versions,
 * the import time of the advisory data used, the layers with their {@code created_by}, the package
 * inventory with the introducing layer and installed files, and the findings with their suppression state.
 * The whole JSON report is kept too (compressed), so a snapshot can be {@link #load loaded} back as a
 * {@link ScanResult} and re-matched or compared without the image.
 *
 * <p>It is a file of its own rather than tables in the advisory database because {@code db update}
 * replaces that database wholesale by an atomic rename; history must survive it.
 *
 * <p>Several processes may read and write the same file at once: the file uses SQLite's write-ahead log,
 * writers take the write lock at the start of their transaction and wait up to
 * {@value #BUSY_TIMEOUT_MS} ms for each other, and each snapshot is written in one transaction, so a
 * process killed mid-way leaves either the whole snapshot or nothing. Thread-safe: each call uses its own
 * connection. Close it when done (a closed store rejects calls).
 */
public final class SnapshotStore implements AutoCloseable {

  /** The store file name inside the cache directory. */
  public static final String FILE_NAME = "snapshots.db";
  /** The schema version this code writes and reads. */
  public static final int SCHEMA_VERSION = 1;
  /** How long a writer waits for another one, in milliseconds. */
  public static final int BUSY_TIMEOUT_MS = 30_000;

  private final Path file;
  private final Clock clock;
  private volatile boolean closed;

  private SnapshotStore(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /**
   * Tells whether a cache directory holds a snapshot store (the CLI then records scans by default).
   *
   * @param cacheDir the cache directory; not null
   * @return true if {@value #FILE_NAME} exists in it
   */
  public static boolean exists(Path cacheDir) {
    return Files.isRegularFile(cacheDir.resolve(FILE_NAME));
  }

  /**
   * Opens (or creates) the store in a cache directory, creating the directory if needed.
   *
   * @param cacheDir the cache directory; not null
   * @return the open store; the caller closes it
   * @throws SnapshotStoreException if the file is not a snapshot store of this schema or cannot be opened
   */
  public static SnapshotStore open(Path cacheDir) {
    try {
      Files.createDirectories(cacheDir);
    } catch (IOException e) {
      throw new SnapshotStoreException("cannot create cache directory " + cacheDir + ": " + e.getMessage(), e);
    }
    return openFile(cacheDir.resolve(FILE_NAME));
  }

  /**
   * Opens (or creates) the store at a file of the caller's choosing.
   *
   * @param file the store file; its directory must exist
   * @return the open store; the caller closes it
   * @throws SnapshotStoreException if the file is not a snapshot store of this schema or cannot be opened
   */
  public static SnapshotStore openFile(Path file) {
    return openFile(file, Clock.systemUTC());
  }

  /**
   * Opens (or creates) the store at a file, with a clock for the recording times.
   *
   * @param file the store file; its directory must exist
   * @param clock the clock; not null
   * @return the open store; the caller closes it
   * @throws SnapshotStoreException if the file is not a snapshot store of this schema or cannot be opened
   */
  public static SnapshotStore openFile(Path file, Clock clock) {
    SnapshotStore store = new SnapshotStore(file.toAbsolutePath(), clock);
    try (Connection c = store.connect()) {
      prepareSchema(c, store.file);
    } catch (SQLException e) {
      throw store.failure("open", e);
    }
    return store;
  }

  /** @return the store file; never null */
  public Path file() {
    return file;
  }

  private Connection connect() throws SQLException {
    if (closed) {
      throw new IllegalStateException("snapshot store " + file + " is closed");
    }
    Properties props = new Properties();
    props.setProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT_MS));
    // take the write lock when a transaction starts, so two writers queue instead of failing to upgrade
    props.setProperty("transaction_mode", "IMMEDIATE");
    props.setProperty("foreign_keys", "true");
    return org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, props); // as SqliteAdvisoryStore.connect
  }

  private static void prepareSchema(Connection c, Path file) throws SQLException {
    try (Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
        rs.next();
      }
      c.setAutoCommit(false);
      try {
        int tables;
        boolean hasMeta;
        try (ResultSet rs = st.executeQuery(
            "SELECT count(*), coalesce(sum(name = 'meta'), 0) FROM sqlite_master WHERE type = 'table'")) {
          rs.next();
          tables = rs.getInt(1);
          hasMeta = rs.getInt(2) > 0;
        }
        if (tables == 0) {
          createSchema(st);
          c.commit();
          return;
        }
        if (!hasMeta) {
          throw new SnapshotStoreException(file + " is an SQLite database but not a Stowaway snapshot store "
              + "(no meta table); move it away or use another --cache-dir", null);
        }
        String version = null;
        String kind = null;
        try (ResultSet rs = st.executeQuery("SELECT key, value FROM meta")) {
          while (rs.next()) {
            if (rs.getString(1).equals("schema_version")) {
              version = rs.getString(2);
            } else if (rs.getString(1).equals("kind")) {
              kind = rs.getString(2);
            }
          }
        }
        if (!"snapshots".equals(kind)) {
          throw new SnapshotStoreException(file + " is not a Stowaway snapshot store (kind " + kind + ")", null);
        }
        if (!String.valueOf(SCHEMA_VERSION).equals(version)) {
          throw new SnapshotStoreException(file + " has snapshot schema version " + version
              + " but this Stowaway reads version " + SCHEMA_VERSION + "; use a matching Stowaway or another "
              + "--cache-dir", null);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("SQLITE_NOTADB")) {
        throw new SnapshotStoreException(file + " is not an SQLite database; move it away or use another "
            + "--cache-dir", e);
      }
      throw e;
    }
  }

  private static void createSchema(Statement st) throws SQLException {
    st.executeUpdate("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    st.executeUpdate("INSERT INTO meta(key, value) VALUES ('kind', 'snapshots'), ('schema_version', '"
        + SCHEMA_VERSION + "')");
    st.executeUpdate("CREATE TABLE snapshot(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,"
        + " repository TEXT NOT NULL, tag TEXT, manifest_digest TEXT, config_digest TEXT,"
        + " scanned_at INTEGER NOT NULL, recorded_at INTEGER NOT NULL, scanner_version TEXT NOT NULL,"
        + " advisory_data_at INTEGER, origin TEXT NOT NULL, based_on INTEGER REFERENCES snapshot(id),"
        + " critical INTEGER NOT NULL, high INTEGER NOT NULL, medium INTEGER NOT NULL, low INTEGER NOT NULL,"
        + " unknown INTEGER NOT NULL, suppressed INTEGER NOT NULL, report BLOB NOT NULL)");
    st.executeUpdate("CREATE INDEX snapshot_by_repository ON snapshot(repository, scanned_at)");
    st.executeUpdate("CREATE INDEX snapshot_by_name ON snapshot(name, scanned_at)");
    st.executeUpdate("CREATE TABLE snapshot_analyzer(snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),"
        + " id TEXT NOT NULL, version TEXT NOT NULL)");
    st.executeUpdate("CREATE TABLE snapshot_layer(snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),"
        + " idx INTEGER NOT NULL, digest TEXT NOT NULL, diff_id TEXT NOT NULL, size INTEGER NOT NULL,"
        + " created_by TEXT)");
    st.executeUpdate("CREATE TABLE snapshot_package(snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),"
        + " seq INTEGER NOT NULL, ecosystem TEXT NOT NULL, name TEXT NOT NULL, version TEXT, purl TEXT,"
        + " layer_index INTEGER, path TEXT NOT NULL, nested_path TEXT, installed_files TEXT NOT NULL)");
    st.executeUpdate("CREATE INDEX package_by_snapshot ON snapshot_package(snapshot_id, seq)");
    st.executeUpdate("CREATE INDEX package_by_name ON snapshot_package(name, ecosystem)");
    st.executeUpdate("CREATE TABLE snapshot_finding(snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),"
        + " kind TEXT NOT NULL, id TEXT NOT NULL, finding_key TEXT NOT NULL, severity TEXT NOT NULL, purl TEXT,"
        + " layer_index INTEGER, removed INTEGER NOT NULL, suppressed INTEGER NOT NULL, suppression_kind TEXT,"
        + " suppression_reason TEXT)");
    st.executeUpdate("CREATE INDEX finding_by_snapshot ON snapshot_finding(snapshot_id)");
    st.executeUpdate("CREATE INDEX finding_by_key ON snapshot_finding(finding_key, snapshot_id)");
  }

  /**
   * Returns the repository part of an image name: without a transport prefix ({@code oci:},
   * {@code docker-archive:}, {@code registry:}, ...), tag or digest. {@code oci:/images/app:1.2} gives
   * {@code /images/app}; {@code registry.example:5000/team/app@sha256:...} gives
   * {@code registry.example:5000/team/app}.
   *
   * @param name the image name; not null
   * @return the repository; never null
   */
  public static String repositoryOf(String name) {
    return splitName(name)[0];
  }

  /**
   * Returns the tag of an image name ({@code app:1.2} gives {@code 1.2}), or null when it has none.
   *
   * @param name the image name; not null
   * @return the tag, or null
   */
  public static String tagOf(String name) {
    return splitName(name)[1];
  }

  private static String[] splitName(String name) {
    String n = name;
    int scheme = n.indexOf(':');
    if (scheme > 0 && List.of("oci", "oci-archive", "docker-archive", "registry", "docker", "sbom", "rootfs")
            .contains(n.substring(0, scheme))) {
      n = n.substring(scheme + 1);
      if (n.startsWith("//")) {
        n = n.substring(2);
      }
    }
    int at = n.indexOf('@');
    if (at >= 0) {
      return new String[] {n.substring(0, at), null};
    }
    int colon = n.lastIndexOf(':');
    if (colon > n.lastIndexOf('/') && colon > 0 && colon < n.length() - 1) {
      return new String[] {n.substring(0, colon), n.substring(colon + 1)};
    }
    return new String[] {n, null};
  }

  /**
   * Returns when the advisory data a result was matched against was imported: the oldest import time
   * among the result's base ecosystems that the source has data for.
   *
   * @param advisories the advisory source used; may be null
   * @param result the result; not null
   * @return the time, or null when there is no source or no data for any of the ecosystems
   */
  public static Instant advisoryDataTime(AdvisorySource advisories, ScanResult result) {
    if (advisories == null) {
      return null;
    }
    List<String> ecosystems = result.packages().stream().map(p -> {
      int colon = p.ecosystem().indexOf(':');
      return colon < 0 ? p.ecosystem() : p.ecosystem().substring(0, colon);
    }).distinct().toList();
    Instant oldest = null;
    for (AdvisorySource.EcosystemData d : advisories.status()) {
      if (ecosystems.contains(d.ecosystem()) && (oldest == null || d.importedAt().isBefore(oldest))) {
        oldest = d.importedAt();
      }
    }
    return oldest;
  }

  /**
   * Records a scan result as a new snapshot, in one transaction.
   *
   * @param result the result, with any suppressions applied; not null
   * @param origin how it was made; not null
   * @param basedOn for a re-scan, the id of the snapshot re-matched; else null
   * @param advisoryDataAt when the advisory data used was imported, or null
   * @return the new snapshot's summary; never null
   * @throws SnapshotStoreException if it cannot be written
   */
  public Snapshot save(ScanResult result, Snapshot.Origin origin, Long basedOn, Instant advisoryDataAt) {
    byte[] report = compressedReport(result);
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    int suppressed = 0;
    for (Finding f : result.findings()) {
      if (result.isSuppressed(f)) {
        suppressed++;
      } else if (!f.removed()) {
        counts.merge(f.severity(), 1, Integer::sum);
      }
    }
    String name = result.artifact().name();
    Snapshot s;
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshot(name, repository, tag, manifest_digest,"
            + " config_digest, scanned_at, recorded_at, scanner_version, advisory_data_at, origin, based_on,"
            + " critical, high, medium, low, unknown, suppressed, report)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
          ps.setString(1, name);
          ps.setString(2, repositoryOf(name));
          ps.setString(3, tagOf(name));
          ps.setString(4, text(result.artifact().manifestDigest()));
          ps.setString(5, text(result.artifact().configDigest()));
          ps.setLong(6, result.scannedAt().toEpochMilli());
          ps.setLong(7, clock.millis());
          ps.setString(8, ScannerVersion.get());
          setLong(ps, 9, advisoryDataAt == null ? null : advisoryDataAt.toEpochMilli());
          ps.setString(10, origin.name());
          setLong(ps, 11, basedOn);
          int i = 12;
          for (Severity sev : Severity.values()) {
            ps.setInt(i++, counts.getOrDefault(sev, 0));
          }
          ps.setInt(17, suppressed);
          ps.setBytes(18, report);
          ps.executeUpdate();
          try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            id = keys.getLong(1);
          }
        }
        insertDetails(c, id, result);
        c.commit();
        s = new Snapshot(id, name, repositoryOf(name), tagOf(name), result.artifact().manifestDigest(),
            result.artifact().configDigest(), result.scannedAt(), ScannerVersion.get(), advisoryDataAt, origin,
            basedOn, counts, suppressed);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure("write", e);
    }
    return s;
  }

  private static void insertDetails(Connection c, long id, ScanResult result) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO snapshot_analyzer(snapshot_id, id, version) VALUES (?, ?, ?)")) {
      for (AnalyzerInfo a : result.analyzers()) {
        ps.setLong(1, id);
        ps.setString(2, a.id());
        ps.setString(3, a.version());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshot_layer(snapshot_id, idx, digest, diff_id,"
        + " size, created_by) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (LayerInfo l : result.artifact().layers()) {
        ps.setLong(1, id);
        ps.setInt(2, l.index());
        ps.setString(3, l.digest().toString());
        ps.setString(4, l.diffId().toString());
        ps.setLong(5, l.size());
        ps.setString(6, l.createdBy());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshot_package(snapshot_id, seq, ecosystem, name,"
        + " version, purl, layer_index, path, nested_path, installed_files) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int seq = 0;
      // the same order as the report's packages, so load() can give each its installed files back
      for (Package p : result.packages().stream().sorted(ResultOrder.PACKAGES).toList()) {
        ps.setLong(1, id);
        ps.setInt(2, seq++);
        ps.setString(3, p.ecosystem());
        ps.setString(4, p.name());
        ps.setString(5, p.version());
        ps.setString(6, p.purl());
        setLong(ps, 7, p.location().layer() == null ? null : (long) p.location().layer().index());
        ps.setString(8, p.location().path());
        ps.setString(9, p.location().nestedPath());
        ps.setString(10, String.join("\n", p.installedFiles()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshot_finding(snapshot_id, kind, id, finding_key,"
        + " severity, purl, layer_index, removed, suppressed, suppression_kind, suppression_reason)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Finding f : result.findings()) {
        Suppression sup = result.suppression(f);
        ps.setLong(1, id);
        ps.setString(2, f.kind());
        ps.setString(3, f.id());
        ps.setString(4, ScanDiff.findingKey(f));
        ps.setString(5, f.severity().name());
        ps.setString(6, f.purl());
        setLong(ps, 7, f.location() == null || f.location().layer() == null ? null
            : (long) f.location().layer().index());
        ps.setInt(8, f.removed() ? 1 : 0);
        ps.setInt(9, result.isSuppressed(f) ? 1 : 0);
        ps.setString(10, sup == null ? null : sup.kind().name());
        ps.setString(11, sup == null ? null : sup.reason());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Loads the full result of a snapshot, packages with their installed files.
   *
   * @param id the snapshot id
   * @return the result; never null
   * @throws SnapshotStoreException if there is no such snapshot or it cannot be read
   */
  public ScanResult load(long id) {
    try (Connection c = connect()) {
      byte[] report;
      try (PreparedStatement ps = c.prepareStatement("SELECT report FROM snapshot WHERE id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new SnapshotStoreException("no snapshot " + id + " in " + file, null);
          }
          report = rs.getBytes(1);
        }
      }
      ScanResult r;
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(report))) {
        r = JsonReportReader.read(in, "snapshot " + id);
      }
      List<List<String>> files = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT installed_files FROM snapshot_package WHERE snapshot_id = ? ORDER BY seq")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String f = rs.getString(1);
            files.add(f.isEmpty() ? List.of() : List.of(f.split("\n")));
          }
        }
      }
      List<Package> sorted = r.packages().stream().sorted(ResultOrder.PACKAGES).toList();
      if (files.size() != sorted.size()) {
        throw new SnapshotStoreException("snapshot " + id + " in " + file + " is inconsistent: " + sorted.size()
            + " packages in the report, " + files.size() + " in the inventory", null);
      }
      List<Package> packages = new ArrayList<>(sorted.size());
      for (int i = 0; i < sorted.size(); i++) {
        Package p = sorted.get(i);
        packages.add(new Package(p.ecosystem(), p.name(), p.version(), p.purl(), p.sourceName(), p.sourceVersion(),
            p.arch(), p.licenses(), p.location(), files.get(i), p.properties()));
      }
      return new ScanResult(r.artifact(), r.os(), packages, r.findings(), r.issues(), r.analyzers(), r.scannedAt(),
          r.suppressions());
    } catch (SQLException e) {
      throw failure("read", e);
    } catch (IOException e) {
      throw new SnapshotStoreException("snapshot " + id + " in " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Returns one snapshot's summary.
   *
   * @param id the snapshot id
   * @return the snapshot, or empty when there is none with that id
   */
  public Optional<Snapshot> snapshot(long id) {
    List<Snapshot> l = query("WHERE id = ?", id);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /**
   * Lists the snapshots of an image, oldest first: those whose repository is the image's repository
   * ({@code app} lists {@code app:1}, {@code app:2}, {@code app@sha256:...}), or whose name is exactly it.
   *
   * @param image an image name or repository; not null
   * @return the snapshots; empty when none
   */
  public List<Snapshot> history(String image) {
    return query("WHERE repository = ? OR name = ? ORDER BY scanned_at, id", repositoryOf(image), image);
  }

  /**
   * Returns the newest snapshot of an image: of exactly that name if there is one, else of its repository.
   *
   * @param image an image name or repository; not null
   * @return the snapshot, or empty when the image was never recorded
   */
  public Optional<Snapshot> latest(String image) {
    List<Snapshot> l = query("WHERE name = ? ORDER BY scanned_at DESC, id DESC LIMIT 1", image);
    if (l.isEmpty()) {
      l = query("WHERE repository = ? ORDER BY scanned_at DESC, id DESC LIMIT 1", repositoryOf(image));
    }
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /**
   * Returns the newest snapshot of every image name recorded, sorted by name: what {@code rescan --all}
   * re-matches.
   *
   * @return the snapshots; empty when the store is empty
   */
  public List<Snapshot> latestPerImage() {
    return query("WHERE id IN (SELECT (SELECT s2.id FROM snapshot s2 WHERE s2.name = s1.name"
        + " ORDER BY s2.scanned_at DESC, s2.id DESC LIMIT 1) FROM snapshot s1 GROUP BY s1.name) ORDER BY name");
  }

  /**
   * Returns when a finding was first recorded for a repository.
   *
   * @param repository the repository (see {@link #repositoryOf}); not null
   * @param findingKey the finding's {@link ScanDiff#findingKey key}; not null
   * @return the scan time of the oldest snapshot of the repository holding it, or null when none does
   */
  public Instant firstSeen(String repository, String findingKey) {
    try (Connection c = connect();
         PreparedStatement ps = c.prepareStatement("SELECT min(s.scanned_at) FROM snapshot_finding f"
             + " JOIN snapshot s ON s.id = f.snapshot_id WHERE f.finding_key = ? AND s.repository = ?")) {
      ps.setString(1, findingKey);
      ps.setString(2, repository);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long v = rs.getLong(1);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /**
   * Returns the analyzers (and their versions) recorded with a snapshot.
   *
   * @param id the snapshot id
   * @return the analyzers, sorted by id; empty for an unknown id
   */
  public List<AnalyzerInfo> analyzers(long id) {
    try (Connection c = connect();
         PreparedStatement ps = c.prepareStatement(
             "SELECT id, version FROM snapshot_analyzer WHERE snapshot_id = ? ORDER BY id")) {
      ps.setLong(1, id);
      List<AnalyzerInfo> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new AnalyzerInfo(rs.getString(1), rs.getString(2)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  private List<Snapshot> query(String where, Object... args) {
    try (Connection c = connect();
         PreparedStatement ps = c.prepareStatement("SELECT id, name, repository, tag, manifest_digest, config_digest,"
             + " scanned_at, scanner_version, advisory_data_at, origin, based_on, critical, high, medium, low,"
             + " unknown, suppressed FROM snapshot " + where)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<Snapshot> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
          int i = 12;
          for (Severity s : Severity.values()) {
            counts.put(s, rs.getInt(i++));
          }
          long advisory = rs.getLong(9);
          Instant advisoryAt = rs.wasNull() ? null : Instant.ofEpochMilli(advisory);
          long basedOn = rs.getLong(11);
          Long based = rs.wasNull() ? null : basedOn;
          Snapshot.Origin origin;
          try {
            origin = Snapshot.Origin.valueOf(rs.getString(10));
          } catch (IllegalArgumentException e) {
            throw new SnapshotStoreException(file + ": snapshot " + rs.getLong(1) + " has an unknown origin "
                + rs.getString(10), e);
          }
          out.add(new Snapshot(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
              digest(rs.getString(5)), digest(rs.getString(6)), Instant.ofEpochMilli(rs.getLong(7)),
              rs.getString(8), advisoryAt, origin, based, counts, rs.getInt(17)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  private static byte[] compressedReport(ScanResult result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      new JsonReporter().write(result, gz);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static Digest digest(String s) {
    return s == null ? null : Digest.parse(s);
  }

  private static String text(Digest d) {
    return d == null ? null : d.toString();
  }

  private static void setLong(PreparedStatement ps, int index, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setLong(index, v);
    }
  }

  private SnapshotStoreException failure(String what, SQLException e) {
    return new SnapshotStoreException("cannot " + what + " snapshot store " + file + ": " + e.getMessage(), e);
  }

  /** Marks the store closed; calls after this fail. Idempotent. */
  @Override
  public void close() {
    closed = true;
  }
}
