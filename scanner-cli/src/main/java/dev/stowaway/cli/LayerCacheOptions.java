package dev.stowaway.cli;

import static dev.stowaway.cli.OptionBinding.option;

import dev.stowaway.core.cache.FileLayerCache;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/** The layer cache flags shared by {@code scan} and {@code sbom}: on by default, in the cache folder. */
final class LayerCacheOptions {

  /** The layer cache's folder below the cache folder. */
  static final String FOLDER = "layers";

  boolean noCache;
  String maxSize;

  /**
   * Adds these options to a command (a mixin without annotations, see {@link OptionBinding}).
   *
   * @param spec the command, whose parsed values land in this object
   */
  void addTo(CommandSpec spec) {
    spec.addOption(option("--no-cache", boolean.class, () -> noCache, v -> noCache = (Boolean) v)
        .description("Do not read or write the layer cache (every layer is read).").build());
    spec.addOption(option("--cache-max-size", String.class, () -> maxSize, v -> maxSize = (String) v)
        .paramLabel("SIZE")
        .description("Size bound of the layer cache; least recently used entries go first (default: 2GiB). "
            + "Units k, m, g, t (powers of 1024), with an optional B or iB.")
        .build());
  }

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

  /**
   * Parses {@code 2GiB}, {@code 500m}, {@code 1048576}: digits, optional blanks, an optional unit k, m, g or t
   * (binary), then an optional B or iB; case-insensitive. Read by hand: a regex here, the first one a scan
   * compiled on its main thread, cost ~12 ms of every scan's start-up (the option is read at every scan).
   */
  static long parseSize(String text) {
    String t = text.trim();
    for (int j = 0; j < t.length(); j++) {
      if (t.charAt(j) >= 0x80) {
        // not a size; checked before lower-casing, which turns the Kelvin sign into an ASCII k
        t = "";
        break;
      }
    }
    t = t.toLowerCase(Locale.ROOT);
    int digits = 0;
    while (digits < t.length() && t.charAt(digits) >= '0' && t.charAt(digits) <= '9') {
      digits++;
    }
    int i = digits;
    while (i < t.length() && " \t\n\u000B\f\r".indexOf(t.charAt(i)) >= 0) {
      i++;
    }
    int shift = i < t.length() ? "kmgt".indexOf(t.charAt(i)) : -1;
    String suffix = t.substring(shift < 0 ? i : i + 1);
    if (digits == 0 || !(suffix.isEmpty() || suffix.equals("b") || suffix.equals("ib"))) {
      throw new IllegalArgumentException("--cache-max-size: not a size: '" + text + "' (e.g. 2GiB, 500M)");
    }
    shift = (shift + 1) * 10;
    long n;
    try {
      n = Long.parseLong(t.substring(0, digits));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--cache-max-size: too large: '" + text + "'");
    }
    if (n < 1 || n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("--cache-max-size: must be between 1 byte and 8EiB: '" + text + "'");
    }
    return n << shift;
  }
}
