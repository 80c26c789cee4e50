package dev.stowaway.store;

import dev.stowaway.api.vuln.Advisory;
import dev.stowaway.api.vuln.Advisory.Affected;
import dev.stowaway.api.vuln.AdvisorySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The advisory database: one SQLite file ({@value #FILE_NAME}) in a cache directory, holding OSV records
 * indexed by (package name, ecosystem), each with its raw JSON and a compact form for matching, a
 * schema version, and per-ecosystem import facts. Fill it with {@link OsvImporter} or
 * {@link OsvUpdater}.
 *
 * <p>Thread-safe: {@link #find} may be called from many threads at once (each borrows a pooled
 * read-only connection). Close it when done; a closed store rejects look-ups.
 */
public final class SqliteAdvisoryStore implements AdvisorySource, AutoCloseable {
  /** The database file name inside the cache directory. */
  public static final String FILE_NAME = "advisories.db";
  /** The schema version this code writes and reads. */
  public static final int SCHEMA_VERSION = 1;
  private static final int POOL_SIZE = 8;

  private final Path file;
  private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(POOL_SIZE);
  /**
   * The look-up statement of each pooled connection, prepared once: compiling it on every {@link #find}
   * cost more than running it (JFR on RangeMatchBenchmark: prepare ~55%, step ~35% of native time).
   * A statement is used only by the thread that borrowed its connection.
   */
  private final Map<Connection, Map<Integer, PreparedStatement>> findStatements =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean closed;

  private SqliteAdvisoryStore(Path file) {
    this.file = file;
  }

  /**
   * Returns the default cache directory: {@code $STOWAWAY_CACHE_DIR} if set, else
   * {@code $XDG_CACHE_HOME/stowaway}, else {@code ~/.cache/stowaway}.
   *
   * @return the directory (not created); never null
   */
  public static Path defaultCacheDir() {
    String env = System.getenv("STOWAWAY_CACHE_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "stowaway");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "stowaway");
  }

  /**
   * Opens the database in a cache directory, creating the directory and an empty database if needed.
   *
   * @param cacheDir the cache directory; not null
   * @return the open store; the caller closes it
   * @throws SchemaVersionException if the file has another schema version
   * @throws AdvisoryStoreException if the file is not an advisory database or cannot be opened
   */
  public static SqliteAdvisoryStore open(Path cacheDir) {
    try {
      Files.createDirectories(cacheDir);
    } catch (IOException e) {
      throw new AdvisoryStoreException("cannot create cache directory " + cacheDir + ": " + e.getMessage(), e);
    }
    return openFile(cacheDir.resolve(FILE_NAME));
  }

  /**
   * Opens (or creates) the database at an exact file path.
   *
   * @param file the database file; its directory must exist
   * @return the open store; the caller closes it
   * @throws SchemaVersionException if the file has another schema version
   * @throws AdvisoryStoreException if the file is not an advisory database or cannot be opened
   */
  public static SqliteAdvisoryStore openFile(Path file) {
    SqliteAdvisoryStore store = new SqliteAdvisoryStore(file.toAbsolutePath());
    try (Connection c = store.connect(false)) {
      prepareSchema(c, store.file);
    } catch (SQLException e) {
      throw new AdvisoryStoreException("cannot open advisory database " + file + ": " + e.getMessage(), e);
    }
    return store;
  }

  /** @return the database file; never null */
  public Path file() {
    return file;
  }

  Connection connect(boolean readOnly) throws SQLException {
    Properties props = new Properties();
    props.setProperty("open_mode", readOnly ? "1" : "6"); // SQLITE_OPEN_READONLY, or READWRITE|CREATE
    props.setProperty("busy_timeout", "10000");
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, props);
    if (readOnly) {
      c.setReadOnly(true);
    }
    return c;
  }

  private static void prepareSchema(Connection c, Path file) throws SQLException {
    try (Statement st = c.createStatement()) {
      boolean hasMeta;
      int tables;
      try (ResultSet rs = st.executeQuery(
          "SELECT count(*), sum(name = 'meta') FROM sqlite_master WHERE type = 'table'")) {
        rs.next();
        tables = rs.getInt(1);
        hasMeta = rs.getInt(2) > 0;
      }
      if (tables == 0) {
        createSchema(c);
        return;
      }
      if (!hasMeta) {
        throw new AdvisoryStoreException(file + " is an SQLite database but not a Stowaway advisory database "
            + "(no meta table); move it away or use another --cache-dir", null);
      }
      String version = null;
      try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
        if (rs.next()) {
          version = rs.getString(1);
        }
      }
      int found;
      try {
        found = Integer.parseInt(String.valueOf(version));
      } catch (NumberFormatException e) {
        throw new AdvisoryStoreException(file + " has no readable schema version (" + version + ")", e);
      }
      if (found != SCHEMA_VERSION) {
        throw new SchemaVersionException(file, found, SCHEMA_VERSION);
      }
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("SQLITE_NOTADB")) {
        throw new AdvisoryStoreException(file + " is not an SQLite database; move it away or use another "
            + "--cache-dir", e);
      }
      throw e;
    }
  }

  private static void createSchema(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      st.executeUpdate("CREATE TABLE advisory(id TEXT PRIMARY KEY, modified TEXT, published TEXT, withdrawn TEXT,"
          + " summary TEXT, details TEXT, aliases TEXT NOT NULL, severity TEXT NOT NULL, refs TEXT NOT NULL,"
          + " raw TEXT NOT NULL)");
      st.executeUpdate("CREATE TABLE affected(advisory_id TEXT NOT NULL, ecosystem TEXT NOT NULL,"
          + " base_ecosystem TEXT NOT NULL, name TEXT NOT NULL, entry TEXT NOT NULL)");
      st.executeUpdate("CREATE INDEX affected_by_package ON affected(name, ecosystem)");
      st.executeUpdate("CREATE INDEX affected_by_advisory ON affected(advisory_id)");
      st.executeUpdate("CREATE INDEX affected_by_base ON affected(base_ecosystem)");
      st.executeUpdate("CREATE TABLE ecosystem_status(ecosystem TEXT PRIMARY KEY, source TEXT NOT NULL,"
          + " imported_at TEXT NOT NULL, record_count INTEGER NOT NULL)");
      st.executeUpdate("INSERT INTO meta(key, value) VALUES ('schema_version', '" + SCHEMA_VERSION + "')");
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /**
   * Returns the key a package name is stored under: PyPI names normalised as PEP 503 says (lower case,
   * runs of {@code -_.} as one {@code -}); other names as they are.
   *
   * @param ecosystem the ecosystem (with or without release); not null
   * @param name the name; not null
   * @return the key
   */
  public static String nameKey(String ecosystem, String name) {
    if (baseEcosystem(ecosystem).equals("PyPI")) {
      return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }
    return name;
  }

  /**
   * Returns the ecosystem without its release: {@code Debian:12} gives {@code Debian}.
   *
   * @param ecosystem the ecosystem; not null
   * @return the part before the first colon
   */
  public static String baseEcosystem(String ecosystem) {
    int colon = ecosystem.indexOf(':');
    return colon < 0 ? ecosystem : ecosystem.substring(0, colon);
  }

  private static String findSql(int names) {
    return "SELECT a.id, a.modified, a.published, a.withdrawn, a.summary, a.details, a.aliases, a.severity, a.refs,"
        + " f.entry, f.name FROM affected f JOIN advisory a ON a.id = f.advisory_id"
        + " WHERE f.name IN (" + String.join(",", java.util.Collections.nCopies(names, "?")) + ")"
        + " AND (f.ecosystem = ? OR (f.ecosystem >= ? AND f.ecosystem < ?)) ORDER BY a.id";
  }

  /** {@inheritDoc} Only the matching affected entries are returned; details are included. */
  @Override
  public List<Advisory> find(String ecosystem, String packageName) {
    return findAll(ecosystem, List.of(packageName)).get(packageName);
  }

  /** How many names one query asks for; SQLite allows 32766 parameters, smaller statements plan faster. */
  private static final int NAMES_PER_QUERY = 256;

  /**
   * {@inheritDoc} One query per {@value #NAMES_PER_QUERY} names instead of one per package: a scan of an
   * image with thousands of packages makes a handful of round trips.
   */
  @Override
  public Map<String, List<Advisory>> findAll(String ecosystem, java.util.Collection<String> packageNames) {
    Map<String, List<String>> namesByKey = new LinkedHashMap<>();
    for (String n : packageNames) {
      namesByKey.computeIfAbsent(nameKey(ecosystem, n), k -> new ArrayList<>()).add(n);
    }
    Map<String, Map<String, List<Affected>>> entriesByKey = new java.util.HashMap<>();
    Map<String, Advisory> advisories = new java.util.HashMap<>();
    List<String> keys = new ArrayList<>(namesByKey.keySet());
    Connection c = borrow();
    boolean ok = false;
    try {
      for (int from = 0; from < keys.size(); from += NAMES_PER_QUERY) {
        List<String> chunk = keys.subList(from, Math.min(keys.size(), from + NAMES_PER_QUERY));
        // Preparing a statement cost more than running it (profiled): the two shapes asked for again and again,
        // one name and a full chunk, are kept per pooled connection; a last, partial chunk is prepared once.
        boolean reusable = chunk.size() == 1 || chunk.size() == NAMES_PER_QUERY;
        PreparedStatement ps = reusable
            ? findStatements.computeIfAbsent(c, k -> new java.util.concurrent.ConcurrentHashMap<>()).get(chunk.size())
            : null;
        if (ps == null) {
          ps = c.prepareStatement(findSql(chunk.size()));
          if (reusable) {
            findStatements.get(c).put(chunk.size(), ps);
          }
        }
        try {
          int i = 1;
          for (String key : chunk) {
            ps.setString(i++, key);
          }
          ps.setString(i++, ecosystem);
          ps.setString(i++, ecosystem + ":");
          ps.setString(i, ecosystem + ";"); // ';' sorts right after ':'
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String id = rs.getString(1);
              entriesByKey.computeIfAbsent(rs.getString(11), k -> new LinkedHashMap<>())
                  .computeIfAbsent(id, k -> new ArrayList<>()).add(AdvisoryCodec.decodeAffected(rs.getString(10)));
              if (!advisories.containsKey(id)) {
                // decoded once even when the record names several of the packages asked about
                advisories.put(id, new Advisory(id, AdvisoryCodec.decodeStrings(rs.getString(7)),
                    instant(rs.getString(2)), instant(rs.getString(3)), instant(rs.getString(4)), rs.getString(5),
                    rs.getString(6), AdvisoryCodec.decodeSeverityJson(rs.getString(8)), List.of(),
                    AdvisoryCodec.decodeStrings(rs.getString(9))));
              }
            }
          }
        } finally {
          if (!reusable) {
            ps.close();
          }
        }
      }
      ok = true;
    } catch (SQLException e) {
      throw new AdvisoryStoreException("cannot read advisory database " + file + ": " + e.getMessage(), e);
    } finally {
      giveBack(c, ok);
    }
    Map<String, List<Advisory>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : namesByKey.entrySet()) {
      List<Advisory> found = new ArrayList<>();
      for (Map.Entry<String, List<Affected>> byId : entriesByKey.getOrDefault(e.getKey(), Map.of()).entrySet()) {
        Advisory a = advisories.get(byId.getKey());
        found.add(new Advisory(a.id(), a.aliases(), a.modified(), a.published(), a.withdrawn(), a.summary(),
            a.details(), a.severity(), byId.getValue(), a.references()));
      }
      List<Advisory> result = List.copyOf(found);
      for (String name : e.getValue()) {
        out.put(name, result);
      }
    }
    return out;
  }

  /**
   * Returns the raw OSV JSON of a record as it was imported.
   *
   * @param id the record id; not null
   * @return the JSON, or null if no such record
   */
  public String rawJson(String id) {
    Connection c = borrow();
    boolean ok = false;
    try (PreparedStatement ps = c.prepareStatement("SELECT raw FROM advisory WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        ok = true;
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new AdvisoryStoreException("cannot read advisory database " + file + ": " + e.getMessage(), e);
    } finally {
      giveBack(c, ok);
    }
  }

  /** {@inheritDoc} Sorted by ecosystem. */
  @Override
  public List<EcosystemData> status() {
    Connection c = borrow();
    boolean ok = false;
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(
             "SELECT ecosystem, source, imported_at, record_count FROM ecosystem_status ORDER BY ecosystem")) {
      List<EcosystemData> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new EcosystemData(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)), rs.getLong(4)));
      }
      ok = true;
      return out;
    } catch (SQLException e) {
      throw new AdvisoryStoreException("cannot read advisory database " + file + ": " + e.getMessage(), e);
    } finally {
      giveBack(c, ok);
    }
  }

  /**
   * Returns how many records the database holds in all.
   *
   * @return the count
   */
  public long recordCount() {
    Connection c = borrow();
    boolean ok = false;
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM advisory")) {
      rs.next();
      ok = true;
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new AdvisoryStoreException("cannot read advisory database " + file + ": " + e.getMessage(), e);
    } finally {
      giveBack(c, ok);
    }
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }

  private Connection borrow() {
    if (closed) {
      throw new IllegalStateException("advisory store " + file + " is closed");
    }
    Connection c = idle.poll();
    if (c != null) {
      return c;
    }
    try {
      return connect(true);
    } catch (SQLException e) {
      throw new AdvisoryStoreException("cannot open advisory database " + file + ": " + e.getMessage(), e);
    }
  }

  private void giveBack(Connection c, boolean healthy) {
    if (healthy && !closed && idle.offer(c)) {
      return;
    }
    closeQuietly(c);
  }

  /**
   * Drops pooled connections so the next look-up opens the file anew (after {@link OsvUpdater} swapped
   * a new database into place). Safe to call while other threads read.
   */
  public void refresh() {
    Connection c;
    while ((c = idle.poll()) != null) {
      closeQuietly(c);
    }
  }

  /** Closes pooled connections; look-ups after this fail. Idempotent. */
  @Override
  public void close() {
    closed = true;
    refresh();
  }

  private void closeQuietly(Connection c) {
    findStatements.remove(c); // closing the connection closes its statements
    try {
      c.close();
    } catch (SQLException e) {
      // nothing left to do with a connection that fails to close
    }
  }
}
