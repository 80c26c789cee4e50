package dev.stowaway.cli;

import dev.stowaway.api.vuln.Advisory;
import dev.stowaway.core.match.FilterableAdvisorySource;
import dev.stowaway.store.SqliteAdvisoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The advisory database, opened on a second thread while the scan's own thread opens the image and builds
 * the analyzers. Opening it is mostly one-time work of the JVM (the driver's classes, its native library, the
 * date formats it sets up per connection), tens of milliseconds that a two-core machine can spend in
 * parallel. {@link #store()} waits for it and throws what opening threw, so errors read as before. It is a
 * {@link FilterableAdvisorySource} as the store is, so that matching through it decodes only the entries that
 * may affect an installed version (without it, every record naming a package was decoded).
 */
final class DatabaseOpening implements FilterableAdvisorySource {

  private final FutureTask<SqliteAdvisoryStore> task;

  private DatabaseOpening(Path cacheDir) {
    task = new FutureTask<>(() -> SqliteAdvisoryStore.open(cacheDir));
    Thread t = new Thread(task, "stowaway-db-open");
    t.setDaemon(true); // never keeps the JVM alive; store() or close() always waits for it first
    t.start();
  }

  /**
   * Starts opening the database in a cache folder.
   *
   * @param cacheDir the cache folder holding the database
   * @return the opening; call {@link #store()} or {@link #close()}
   */
  static DatabaseOpening start(Path cacheDir) {
    return new DatabaseOpening(cacheDir);
  }

  /**
   * Waits for the database.
   *
   * @return the open store; closed by {@link #close()}
   * @throws RuntimeException what {@link SqliteAdvisoryStore#open} threw
   */
  SqliteAdvisoryStore store() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true; // the opening is short: finish waiting, keep the flag for the caller
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          if (e.getCause() instanceof Error r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Closes the store once it is open; an opening that failed has nothing to close. */
  void close() {
    try {
      store().close();
    } catch (RuntimeException | Error e) {
      // reported by the store() call that failed first, or irrelevant after another error
    }
  }

  @Override
  public List<Advisory> find(String ecosystem, String packageName) {
    return store().find(ecosystem, packageName);
  }

  @Override
  public Map<String, List<Advisory>> findAll(String ecosystem, Collection<String> packageNames) {
    return store().findAll(ecosystem, packageNames);
  }

  @Override
  public Map<String, List<Advisory>> findAll(String ecosystem, Collection<String> packageNames,
      EntryFilter filter) {
    return store().findAll(ecosystem, packageNames, filter);
  }

  @Override
  public java.util.Optional<String> contentVersion() {
    return store().contentVersion();
  }

  @Override
  public List<EcosystemData> status() {
    return store().status();
  }

  @Override
  public Duration dataAge(List<String> ecosystems, Instant now) {
    return store().dataAge(ecosystems, now);
  }
}
