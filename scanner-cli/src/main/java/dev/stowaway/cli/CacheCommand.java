package dev.stowaway.cli;

import dev.stowaway.core.cache.FileLayerCache;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stowaway cache}: the layer cache (the vulnerability database is {@code db}'s). */
@Command(name = "cache", mixinStandardHelpOptions = true,
    description = "Manages the layer cache (per-layer scan results, in <cache-dir>/layers).",
    subcommands = {CacheCommand.Clean.class, CacheCommand.Status.class})
final class CacheCommand implements Runnable {

  @ParentCommand
  StowawayCommand parent;

  @Override
  public void run() {
    parent.spec.commandLine().getSubcommands().get("cache").usage(parent.out);
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }

  static int fail(PrintStream err, RuntimeException e) {
    Throwable c = e instanceof UncheckedIOException u ? u.getCause() : e;
    err.println("stowaway: " + String.valueOf(c.getMessage()).replace('\n', ' '));
    return Main.USAGE_OR_INPUT;
  }

  /** The --cache-dir option of the subcommands. */
  abstract static class Subcommand implements Callable<Integer> {
    @ParentCommand
    CacheCommand cache;

    @Option(names = "--cache-dir", paramLabel = "DIR",
        description = "Cache folder (default: $STOWAWAY_CACHE_DIR or ~/.cache/stowaway).")
    Path cacheDir;

    FileLayerCache open() {
      return new FileLayerCache(LayerCacheOptions.folder(cacheDir), FileLayerCache.DEFAULT_MAX_BYTES);
    }
  }

  @Command(name = "clean", mixinStandardHelpOptions = true, description = "Deletes every layer cache entry.")
  static final class Clean extends Subcommand {
    @Override
    public Integer call() {
      try {
        FileLayerCache c = open();
        FileLayerCache.Status before = c.status();
        c.clean();
        cache.parent.out.println("removed " + before.entries() + " entries (" + size(before.bytes()) + ") from "
            + c.folder());
        return Main.OK;
      } catch (RuntimeException e) {
        return fail(cache.parent.err, e);
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows the layer cache's size.")
  static final class Status extends Subcommand {
    @Override
    public Integer call() {
      try {
        FileLayerCache.Status s = open().status();
        cache.parent.out.println("layer cache: " + s.folder());
        cache.parent.out.println("entries: " + s.entries());
        cache.parent.out.println("size: " + size(s.bytes()));
        return Main.OK;
      } catch (RuntimeException e) {
        return fail(cache.parent.err, e);
      }
    }
  }
}
