package dev.stowaway.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Refreshes ecosystems of the advisory database in a cache directory from OSV {@code all.zip} files:
 * downloads them all first (see {@link OsvDownloader}; interrupted downloads resume on the next run),
 * then builds a new database file ({@code advisories.db.new}: a copy of the current one with those
 * ecosystems replaced), and only then moves it over {@value SqliteAdvisoryStore#FILE_NAME} atomically.
 * A failed or killed update therefore leaves the previous database as it was. A database with another
 * schema version is not copied but rebuilt from the downloaded ecosystems.
 *
 * <p>Stores already open keep reading the old file until {@link SqliteAdvisoryStore#refresh()} or reopen.
 * Not thread-safe; two updates of one cache directory at once are not supported.
 */
public final class OsvUpdater {
  /**
   * The ecosystems refreshed when none are named: those whose packages Stowaway finds and whose version
   * schemes it compares.
   */
  public static final List<String> DEFAULT_ECOSYSTEMS = List.of("AlmaLinux", "Alpine", "Chainguard", "Debian",
      "Go", "Maven", "NuGet", "PyPI", "Red Hat", "Rocky Linux", "RubyGems", "SUSE", "Ubuntu", "Wolfi", "crates.io",
      "npm", "openSUSE");

  private final Path cacheDir;
  private final OsvDownloader downloader;
  private final Clock clock;

  /**
   * Creates an updater.
   *
   * @param cacheDir the cache directory holding the database; not null
   * @param downloader the downloader (base URL, retries, progress); not null
   */
  public OsvUpdater(Path cacheDir, OsvDownloader downloader) {
    this(cacheDir, downloader, Clock.systemUTC());
  }

  /**
   * Creates an updater with a clock for the recorded import times.
   *
   * @param cacheDir the cache directory; not null
   * @param downloader the downloader; not null
   * @param clock the clock; not null
   */
  public OsvUpdater(Path cacheDir, OsvDownloader downloader, Clock clock) {
    this.cacheDir = cacheDir;
    this.downloader = downloader;
    this.clock = clock;
  }

  /**
   * Downloads and imports the named ecosystems, replacing what the database held for them.
   *
   * @param ecosystems OSV ecosystems as published, such as {@code Debian}, {@code Maven}; not empty
   * @return per-ecosystem import reports
   * @throws IOException if a download fails or a zip is corrupt; the previous database is untouched
   */
  public UpdateReport update(List<String> ecosystems) throws IOException {
    if (ecosystems.isEmpty()) {
      throw new IllegalArgumentException("no ecosystems to update");
    }
    Files.createDirectories(cacheDir);
    Path downloads = cacheDir.resolve("downloads");
    List<Path> zips = new ArrayList<>();
    for (String eco : ecosystems) {
      zips.add(downloader.download(eco, downloads));
    }
    Path current = cacheDir.resolve(SqliteAdvisoryStore.FILE_NAME);
    Path next = cacheDir.resolve(SqliteAdvisoryStore.FILE_NAME + ".new");
    Files.deleteIfExists(next); // left by a killed run
    Files.deleteIfExists(cacheDir.resolve(SqliteAdvisoryStore.FILE_NAME + ".new-journal"));
    boolean done = false;
    try {
      if (Files.exists(current) && readable(current)) {
        Files.copy(current, next);
      }
      List<ImportReport> reports = new ArrayList<>();
      try (SqliteAdvisoryStore store = SqliteAdvisoryStore.openFile(next)) {
        OsvImporter importer = new OsvImporter(store, clock);
        for (int i = 0; i < ecosystems.size(); i++) {
          String eco = ecosystems.get(i);
          reports.add(importer.importPath(zips.get(i), downloader.urlFor(eco).toString(), List.of(eco)));
        }
      }
      Files.move(next, current, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      done = true;
      for (Path zip : zips) {
        Files.deleteIfExists(zip);
      }
      return new UpdateReport(reports, current);
    } finally {
      if (!done) {
        Files.deleteIfExists(next);
      }
    }
  }

  private static boolean readable(Path db) {
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.openFile(db)) {
      return true;
    } catch (AdvisoryStoreException e) {
      return false; // another schema or not a database: rebuild rather than carry it over
    }
  }
}
