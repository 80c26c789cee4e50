package dev.stowaway.store;

import dev.stowaway.api.vuln.Advisory;
import dev.stowaway.api.vuln.Advisory.Affected;
import dev.stowaway.api.vuln.AdvisorySource;
import dev.stowaway.core.match.FilterableAdvisorySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
 * with their raw JSON and a compact form for matching, a package index (per package name and ecosystem,
 * the binary summaries of its entries' ranges, so a matcher can drop entries before any JSON is decoded,
 * see {@link FilterableAdvisorySource}), a schema version, and per-ecosystem import facts. Fill it with {@link OsvImporter} or
 * {@link OsvUpdater}.
 *
 * <p>Thread-safe: {@link #find} may be called from many threads at once (each borrows a pooled
 * read-only connection). Close it when done; a closed store rejects look-ups.
 */
public final class SqliteAdvisoryStore implements FilterableAdvisorySource, AutoCloseable {
  /** The database file name inside the cache directory. */
  public static final String FILE_NAME = "advisories.db";
  /** The schema version this code writes and reads. */
  public static final int SCHEMA_VERSION = 2;
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
    if (readOnly) {
      // look-ups touch pages all over the file: mapped, a page is a memory read instead of a read() call
      // (about halved the entry query of MatchBenchmark). Writers never truncate a file readers have open.
      props.setProperty("mmap_size", String.valueOf(1L << 30));
    }
    // the driver itself rather than DriverManager, whose first use loads every driver of the class path and
    // links a few lambdas: ~10 ms of CPU at every scan's start
    Connection c = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, props);
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
      // schema 2: what matching reads of a record is one AdvisoryCodec blob (one column read, no JSON, no
      // time parsing; modified and withdrawn stay text for the importer's SQL); the raw record lives in a table
      // of its own, so the rows a look-up reads are small and dense (the raw JSON made the advisory table four
      // times larger, and its pages were most of a look-up's native time)
      st.executeUpdate("CREATE TABLE advisory(id TEXT PRIMARY KEY, modified TEXT, withdrawn TEXT,"
          + " record BLOB NOT NULL) WITHOUT ROWID");
      st.executeUpdate("CREATE TABLE advisory_raw(id TEXT PRIMARY KEY, raw TEXT NOT NULL)");
      // schema 2: entries have a stable id (the package index points at them) and a binary summary
      st.executeUpdate("CREATE TABLE affected(id INTEGER PRIMARY KEY, advisory_id TEXT NOT NULL,"
          + " ecosystem TEXT NOT NULL, base_ecosystem TEXT NOT NULL, name TEXT NOT NULL, entry BLOB NOT NULL,"
          + " summary BLOB NOT NULL)");
      // one row per (name, ecosystem) concatenating its entries' summaries (see AdvisoryCodec), rebuilt by
      // each import: a look-up of 256 names reads a few hundred rows instead of thousands of entries
      st.executeUpdate("CREATE TABLE package_index(name TEXT NOT NULL, ecosystem TEXT NOT NULL,"
          + " base_ecosystem TEXT NOT NULL, entries BLOB NOT NULL, PRIMARY KEY(name, ecosystem))");
      st.executeUpdate("CREATE INDEX package_index_by_base ON package_index(base_ecosystem)");
      st.executeUpdate("CREATE INDEX affected_by_advisory ON affected(advisory_id)");
      st.executeUpdate("CREATE INDEX affected_by_base ON affected(base_ecosystem)");
      st.executeUpdate("CREATE TABLE ecosystem_status(ecosystem TEXT PRIMARY KEY, source TEXT NOT NULL,"
          + " imported_at TEXT NOT NULL, record_count INTEGER NOT NULL)");
      st.executeUpdate("INSERT INTO meta(key, value) VALUES ('schema_version', '" + SCHEMA_VERSION + "')");
      newContentVersion(c);
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

  /** Package-index rows of up to {@code names} names (the list padded by repeating a name). */
  private static String indexSql(int names) {
    return "SELECT name, ecosystem, entries FROM package_index WHERE name IN ("
        + String.join(",", java.util.Collections.nCopies(names, "?"))
        + ") AND (ecosystem = ? OR (ecosystem >= ? AND ecosystem < ?))";
  }

  /** Entries by id with their records' matching columns (the id list padded by repeating an id). */
  private static String entriesSql(int ids) {
    return "SELECT f.id, f.entry, a.id, a.record FROM affected f JOIN advisory a ON a.id = f.advisory_id"
        + " WHERE f.id IN ("
        + String.join(",", java.util.Collections.nCopies(ids, "?")) + ")";
  }

  /** {@inheritDoc} Only the matching affected entries are returned; details are included. */
  @Override
  public List<Advisory> find(String ecosystem, String packageName) {
    return findAll(ecosystem, List.of(packageName)).get(packageName);
  }

  /** How many names one query asks for; SQLite allows 32766 parameters, smaller statements plan faster. */
  private static final int NAMES_PER_QUERY = 256;
  /**
   * The sizes a query's list is padded up to (repeating its last value, which changes nothing): a handful of
   * statement shapes, each prepared once per pooled connection. Preparing cost more than running a query
   * (JFR on RangeMatchBenchmark: prepare ~55%, step ~35% of native time).
   */
  private static final int[] LIST_SIZES = {1, 8, 64, NAMES_PER_QUERY};

  /**
   * {@inheritDoc} One query per {@value #NAMES_PER_QUERY} names instead of one per package: a scan of an
   * image with thousands of packages makes a handful of round trips.
   */
  @Override
  public Map<String, List<Advisory>> findAll(String ecosystem, java.util.Collection<String> packageNames) {
    return findAll(ecosystem, packageNames, (key, summary, withdrawn) -> true);
  }

  /**
   * {@inheritDoc} Two steps: the package index rows of the names (a few hundred rows for thousands of
   * entries) are decoded into summaries for the filter; then only the kept entries are read with their
   * records, {@value #NAMES_PER_QUERY} per query.
   */
  @Override
  public Map<String, List<Advisory>> findAll(String ecosystem, java.util.Collection<String> packageNames,
      EntryFilter filter) {
    Map<String, List<String>> namesByKey = new LinkedHashMap<>();
    for (String n : packageNames) {
      namesByKey.computeIfAbsent(nameKey(ecosystem, n), k -> new ArrayList<>()).add(n);
    }
    List<String> keys = new ArrayList<>(namesByKey.keySet());
    // per name key, the kept entries: record id and entry id, in the order the result lists them
    Map<String, List<AdvisoryCodec.IndexEntry>> kept = new java.util.HashMap<>();
    List<Long> entryIds = new ArrayList<>();
    Map<Long, Affected> entries = new java.util.HashMap<>();
    Map<String, Advisory> advisories = new java.util.HashMap<>();
    Connection c = borrow();
    boolean ok = false;
    try {
      for (int from = 0; from < keys.size(); from += NAMES_PER_QUERY) {
        List<String> chunk = keys.subList(from, Math.min(keys.size(), from + NAMES_PER_QUERY));
        PreparedStatement ps = statement(c, true, chunk.size());
        int size = paddedSize(chunk.size());
        for (int i = 0; i < size; i++) {
          ps.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
        }
        ps.setString(size + 1, ecosystem);
        ps.setString(size + 2, ecosystem + ":");
        ps.setString(size + 3, ecosystem + ";"); // ';' sorts right after ':'
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String key = rs.getString(1);
            for (AdvisoryCodec.IndexEntry e : AdvisoryCodec.decodeIndexRow(rs.getBytes(3), rs.getString(2), key)) {
              if (filter.keep(key, e.summary(), e.withdrawn())) {
                kept.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
                entryIds.add(e.entryId());
              }
            }
          }
        }
      }
      for (int from = 0; from < entryIds.size(); from += NAMES_PER_QUERY) {
        List<Long> chunk = entryIds.subList(from, Math.min(entryIds.size(), from + NAMES_PER_QUERY));
        PreparedStatement ps = statement(c, false, chunk.size());
        int size = paddedSize(chunk.size());
        for (int i = 0; i < size; i++) {
          ps.setLong(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            entries.put(rs.getLong(1), AdvisoryCodec.decodeEntry(rs.getBytes(2)));
            String id = rs.getString(3);
            if (!advisories.containsKey(id)) {
              // decoded once even when the record names several of the packages asked about
              advisories.put(id, AdvisoryCodec.decodeRecord(id, rs.getBytes(4)));
            }
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
      List<AdvisoryCodec.IndexEntry> found = new ArrayList<>(kept.getOrDefault(e.getKey(), List.of()));
      // rows of several ecosystems (Debian:11, Debian:12) interleave: by record id, then the record's order
      found.sort(java.util.Comparator.comparing(AdvisoryCodec.IndexEntry::advisoryId)
          .thenComparingLong(AdvisoryCodec.IndexEntry::entryId));
      List<Advisory> result = new ArrayList<>();
      for (int i = 0; i < found.size(); ) {
        String id = found.get(i).advisoryId();
        List<Affected> of = new ArrayList<>();
        for (; i < found.size() && found.get(i).advisoryId().equals(id); i++) {
          Affected af = entries.get(found.get(i).entryId());
          if (af == null) {
            throw new AdvisoryStoreException("advisory database " + file + " is inconsistent: the package index"
                + " names entry " + found.get(i).entryId() + " of " + id + ", which is gone", null);
          }
          of.add(af);
        }
        Advisory a = advisories.get(id);
        result.add(new Advisory(a.id(), a.aliases(), a.modified(), a.published(), a.withdrawn(), a.summary(),
            a.details(), a.severity(), of, a.references()));
      }
      List<Advisory> copy = List.copyOf(result);
      for (String name : e.getValue()) {
        out.put(name, copy);
      }
    }
    return out;
  }

  private static int paddedSize(int n) {
    for (int size : LIST_SIZES) {
      if (n <= size) {
        return size;
      }
    }
    throw new IllegalArgumentException("list of " + n + " is longer than a chunk");
  }

  /** The pooled connection's statement for one list size: index rows by name, or entries by id. */
  private PreparedStatement statement(Connection c, boolean index, int listSize) throws SQLException {
    int size = paddedSize(listSize);
    Map<Integer, PreparedStatement> mine =
        findStatements.computeIfAbsent(c, k -> new java.util.concurrent.ConcurrentHashMap<>());
    int key = index ? size : -size;
    PreparedStatement ps = mine.get(key);
    if (ps == null) {
      ps = c.prepareStatement(index ? indexSql(size) : entriesSql(size));
      mine.put(key, ps);
    }
    return ps;
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
    try (PreparedStatement ps = c.prepareStatement("SELECT raw FROM advisory_raw WHERE id = ?")) {
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

  /** The {@code meta} key of {@link #contentVersion()}'s random part. */
  static final String CONTENT_VERSION_KEY = "content_version";

  /**
   * Gives the database a new content version, in the caller's write transaction: every transaction that
   * creates the schema or changes records calls it before committing.
   *
   * @param c a connection inside a write transaction
   * @throws SQLException if the write fails (the caller rolls back)
   */
  static void newContentVersion(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")) {
      ps.setString(1, CONTENT_VERSION_KEY);
      ps.setString(2, java.util.UUID.randomUUID().toString());
      ps.executeUpdate();
    }
  }

  /**
   * {@inheritDoc} A random value that every import (and the creation of the schema) replaces in the same
   * transaction, followed by every ecosystem's import time and record count (which writers without the
   * random value also change). Empty for a database that has no such value yet: one written by an
   * earlier version of Stowaway until its next import.
   */
  @Override
  public java.util.Optional<String> contentVersion() {
    String random;
    Connection c = borrow();
    boolean ok = false;
    try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      ps.setString(1, CONTENT_VERSION_KEY);
      try (ResultSet rs = ps.executeQuery()) {
        random = rs.next() ? rs.getString(1) : null;
      }
      ok = true;
    } catch (SQLException e) {
      throw new AdvisoryStoreException("cannot read advisory database " + file + ": " + e.getMessage(), e);
    } finally {
      giveBack(c, ok);
    }
    if (random == null) {
      return java.util.Optional.empty();
    }
    StringBuilder v = new StringBuilder(random);
    for (EcosystemData d : status()) {
      v.append('\n').append(d.ecosystem()).append(' ').append(d.importedAt()).append(' ').append(d.recordCount());
    }
    return java.util.Optional.of(v.toString());
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
