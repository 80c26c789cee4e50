package dev.stowaway.api.analysis;

import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;

/**
 * What a {@link ConfigAnalyzer} can do: report findings and issues. Not thread-safe; valid during one
 * {@link ConfigAnalyzer#analyze} call.
 */
public interface ConfigContext {

  /**
   * Returns the name the image was opened by, such as {@code oci:/images/app:latest} or
   * {@code docker.io/library/alpine:3.20}, for checks on the reference itself (a {@code :latest} tag).
   * The default, for contexts that have no image, is null.
   *
   * @return the image name, or null
   */
  default String imageName() {
    return null;
  }

  /**
   * Returns the location to use for findings in the config itself ({@code path} is {@code config}).
   *
   * @return the location; never null
   */
  Location configLocation();

  /**
   * Returns the location of a history entry, {@code history[i]}, naming the layer that entry produced
   * when it produced one.
   *
   * @param historyIndex index into {@link dev.stowaway.api.image.ImageConfig#history()}
   * @return the location; never null
   */
  Location historyLocation(int historyIndex);

  /**
   * Reports a finding.
   *
   * @param finding the finding; not null
   */
  void addFinding(Finding finding);

  /**
   * Records a problem that did not stop the analysis.
   *
   * @param message one line; not null
   */
  void addIssue(String message);
}
