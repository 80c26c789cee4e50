package dev.stowaway.cli;

import dev.stowaway.core.cache.FileLayerCache;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The layer cache flags shared by {@code scan} and {@code sbom}: on by default, in the cache folder. */
final class LayerCacheOptions {

  /** The layer cache's folder below the cache folder. */
  static final String FOLDER = "layers";

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

  @Option(names = "--no-cache", description = "Do not read or write the layer cache (every layer is read).")
  boolean noCache;

  @Option(names = "--cache-max-size", paramLabel = "SIZE",
      description = "Size bound of the layer cache; least recently used entries go first (default: 2GiB). "
          + "Units k, m, g, t (powers of 1024), with an optional B or iB.")
  String maxSize;

  /**
   * @param cacheDir the --cache-dir option, or null for the default
   * @return the layer cache, or null with --no-cache
   * @throws IllegalArgumentException for a malformed --cache-max-size
   */
  FileLayerCache open(Path cacheDir) {
    long max = maxSize == null ? FileLayerCache.DEFAULT_MAX_BYTES : parseSize(maxSize);
    return noCache ? null : new FileLayerCache(folder(cacheDir), max);
  }

  /** The layer cache folder for a --cache-dir option (null: $STOWAWAY_CACHE_DIR or the per-user cache). */
  static Path folder(Path cacheDir) {
    return DbCommand.cacheDir(cacheDir).resolve(FOLDER);
  }

  /** Parses {@code 2GiB}, {@code 500m}, {@code 1048576}: binary units. */
  static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("--cache-max-size: not a size: '" + text + "' (e.g. 2GiB, 500M)");
    }
    int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--cache-max-size: too large: '" + text + "'");
    }
    if (n < 1 || n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("--cache-max-size: must be between 1 byte and 8EiB: '" + text + "'");
    }
    return n << shift;
  }
}
