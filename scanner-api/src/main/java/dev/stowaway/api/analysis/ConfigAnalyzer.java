package dev.stowaway.api.analysis;

import dev.stowaway.api.image.ImageConfig;

/**
 * Looks at an image's configuration and history rather than its files: environment variables,
 * {@code created_by} commands, the user, exposed ports, labels. Runs once per scan.
 *
 * <p>Implementations are stateless singletons with a public no-argument constructor, listed in
 * {@code META-INF/services/dev.stowaway.api.analysis.ConfigAnalyzer}, and thread-safe.
 */
public interface ConfigAnalyzer {

  /**
   * Returns the stable, kebab-case id. Ids are unique across all analyzers of a scanner.
   *
   * @return the id; never null
   */
  String id();

  /**
   * Returns the version of this analyzer's behaviour.
   *
   * @return the version; never null
   */
  String version();

  /**
   * Returns what, besides {@link #version()}, changes this analyzer's results for the same config: for
   * example a digest of a custom rule file it was built with. A scanner with a layer cache keeps the config
   * analyzers' results of a scanned image and keys them by it, so an analyzer configured differently never
   * gets another configuration's results. The default, the empty string, means "no such settings".
   *
   * @return a stable text (any length; the cache hashes it); never null
   */
  default String settingsKey() {
    return "";
  }

  /**
   * Analyzes a config.
   *
   * @param config the image config; not null
   * @param context where to report findings and issues; not null; valid during the call only
   */
  void analyze(ImageConfig config, ConfigContext context);
}
