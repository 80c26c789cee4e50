package dev.stowaway.api.analysis;

import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import java.util.function.Supplier;

/**
 * What an analyzer can do while it looks at one layer: report results and issues, keep per-layer
 * state, and learn where it is.
 *
 * <p>One context serves one analyzer for one layer and is used from one thread; it is not thread-safe
 * and must not be kept after {@link Analyzer#finishLayer} returns.
 */
public interface AnalysisContext {

  /**
   * Returns the layer being analyzed.
   *
   * @return the coordinates; never null
   */
  LayerCoordinates layer();

  /**
   * Returns the limits of this scan.
   *
   * @return the limits; never null
   */
  ScanLimits limits();

  /**
   * Returns a location in the current layer.
   *
   * @param path a normalised path
   * @return the location, without nested path
   */
  Location location(String path);

  /**
   * Reports a package. Its location's path decides which file it belongs to: when a later layer deletes
   * or replaces that file, the package is gone from the merged result.
   *
   * @param pkg the package; not null
   */
  void addPackage(Package pkg);

  /**
   * Reports a finding, attached to its location's path like a package.
   *
   * @param finding the finding; not null
   */
  void addFinding(Finding finding);

  /**
   * Reports an OS release description found at a path. When several survive the merge, the one with
   * the lowest {@code precedence} wins (an {@code etc/os-release} beats an {@code etc/debian_version}).
   *
   * @param path the normalised path of the file that described it; not null
   * @param precedence lower wins
   * @param release the description; not null
   */
  void addOsRelease(String path, int precedence, OsRelease release);

  /**
   * Records a problem that did not stop the analysis (a malformed record, an unsupported format).
   *
   * @param path the normalised path concerned, or null
   * @param message one line; not null
   */
  void addIssue(String path, String message);

  /**
   * Returns this analyzer's state object for the current layer, creating it on first use. Use it to
   * collect parsed facts from several entries and join them in {@link Analyzer#finishLayer}.
   *
   * @param type the state's class, used as the key; not null
   * @param factory creates the state on first use; not null
   * @param <T> the state type
   * @return the state; never null
   */
  <T> T state(Class<T> type, Supplier<T> factory);
}
