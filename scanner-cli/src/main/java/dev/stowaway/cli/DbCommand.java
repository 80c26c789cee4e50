package dev.stowaway.cli;

import dev.stowaway.api.vuln.AdvisorySource.EcosystemData;
import dev.stowaway.store.ImportReport;
import dev.stowaway.store.OsvDownloader;
import dev.stowaway.store.OsvImporter;
import dev.stowaway.store.OsvUpdater;
import dev.stowaway.store.SqliteAdvisoryStore;
import dev.stowaway.store.UpdateReport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowaway db}: the local vulnerability database built from OSV data. */
@Command(name = "db", mixinStandardHelpOptions = true,
    description = "Manages the local vulnerability database (OSV data in SQLite).",
    subcommands = {DbCommand.Import.class, DbCommand.Update.class, DbCommand.Status.class})
final class DbCommand implements Runnable {

  @ParentCommand
  StowawayCommand parent;

  @Override
  public void run() {
    parent.spec.commandLine().getSubcommands().get("db").usage(parent.out);
  }

  /** Where the database lives: --cache-dir, else STOWAWAY_CACHE_DIR, else the per-user cache. */
  static Path cacheDir(Path option) {
    return option != null ? option : SqliteAdvisoryStore.defaultCacheDir();
  }

  static int fail(PrintStream err, Exception e) {
    if (e instanceof NoSuchFileException n) {
      err.println("stowaway: " + n.getFile() + ": no such file or directory");
    } else {
      err.println("stowaway: " + String.valueOf(e.getMessage()).replace('\n', ' '));
    }
    return Main.USAGE_OR_INPUT;
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Imports OSV records: an ecosystem's all.zip, a folder of JSON files, or one JSON file.")
  static final class Import implements Callable<Integer> {
    @ParentCommand
    DbCommand db;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Database folder (default: $STOWAWAY_CACHE_DIR or ~/.cache/stowaway).")
    Path cacheDir;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "What to import.")
    List<Path> paths;

    @Override
    public Integer call() {
      PrintStream out = db.parent.out;
      try {
        Path dir = cacheDir(cacheDir);
        Files.createDirectories(dir);
        try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(dir)) {
          OsvImporter importer = new OsvImporter(store);
          for (Path p : paths) {
            ImportReport r = importer.importPath(p);
            out.println("imported " + r.imported() + " records from " + p + " (" + r.skippedOlder() + " older kept, "
                + r.withdrawn() + " withdrawn, " + r.malformed() + " malformed, " + r.skippedFiles() + " files skipped)");
            r.problems().stream().limit(20).forEach(m -> out.println("  " + m));
          }
          out.println("database: " + store.file() + " (" + store.recordCount() + " records)");
        }
        return Main.OK;
      } catch (IOException | RuntimeException e) {
        return fail(db.parent.err, e);
      }
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Downloads OSV's per-ecosystem all.zip files and swaps them in atomically.")
  static final class Update implements Callable<Integer> {
    @ParentCommand
    DbCommand db;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Database folder.")
    Path cacheDir;

    @Option(names = "--mirror", paramLabel = "URL",
        description = "Base URL of an OSV mirror (default: $STOWAWAY_DB_MIRROR or OSV's public bucket).")
    URI mirror;

    @Option(names = "--ecosystems", split = ",", paramLabel = "NAME", description = "Ecosystems to fetch (default: all that Stowaway scans).")
    List<String> ecosystems;

    @Option(names = "--stall-timeout", paramLabel = "SECONDS", defaultValue = "60",
        description = "Abandon and resume a download that sends no data for this long (default: ${DEFAULT-VALUE}).")
    long stallTimeoutSeconds;

    @Override
    public Integer call() {
      PrintStream err = db.parent.err;
      try {
        if (stallTimeoutSeconds <= 0) {
          err.println("stowaway: --stall-timeout must be positive");
          return Main.USAGE_OR_INPUT;
        }
        URI base = mirror;
        if (base == null && System.getenv("STOWAWAY_DB_MIRROR") != null) {
          base = URI.create(System.getenv("STOWAWAY_DB_MIRROR"));
        }
        OsvDownloader downloader = new OsvDownloader().withProgress((eco, bytes, total) -> {
          if (err == System.err) {
            err.print("\rdownloading " + eco + ": " + bytes / 1024 + " KiB" + (total > 0 ? " of " + total / 1024 : ""));
          }
        }).withStallTimeout(java.time.Duration.ofSeconds(stallTimeoutSeconds));
        if (base != null) {
          downloader = downloader.withBaseUrl(base);
        }
        Path dir = cacheDir(cacheDir);
        Files.createDirectories(dir);
        UpdateReport r = new OsvUpdater(dir, downloader)
            .update(ecosystems == null ? OsvUpdater.DEFAULT_ECOSYSTEMS : ecosystems);
        if (err == System.err) {
          err.print("\r\033[K");
        }
        for (ImportReport i : r.imports()) {
          db.parent.out.println(i.source() + ": " + i.imported() + " records");
        }
        db.parent.out.println("database: " + r.database());
        return Main.OK;
      } catch (IOException | RuntimeException e) {
        return fail(err, e);
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows records per ecosystem, source and import time.")
  static final class Status implements Callable<Integer> {
    @ParentCommand
    DbCommand db;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Database folder.")
    Path cacheDir;

    @Override
    public Integer call() {
      PrintStream out = db.parent.out;
      Path dir = cacheDir(cacheDir);
      if (!Files.exists(dir.resolve(SqliteAdvisoryStore.FILE_NAME))) {
        db.parent.err.println("stowaway: no vulnerability database in " + dir
            + " (run 'stowaway db update' or 'stowaway db import PATH')");
        return Main.USAGE_OR_INPUT;
      }
      try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(dir)) {
        out.println("database: " + store.file() + " (" + store.recordCount() + " records)");
        out.println("  ECOSYSTEM  RECORDS  IMPORTED  SOURCE");
        for (EcosystemData e : store.status()) {
          out.println("  " + e.ecosystem() + "  " + e.recordCount() + "  " + e.importedAt() + "  " + e.source());
        }
        return Main.OK;
      } catch (RuntimeException e) {
        return fail(db.parent.err, e);
      }
    }
  }
}
